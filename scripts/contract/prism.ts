/**
 * Stoplight Prism in mock mode as a child process on a free loopback port: it validates each request
 * against the document (422 with an `sl-violations` header otherwise) and mocks the declared response.
 * `stop()` ends it (SIGTERM, then SIGKILL) and waits for its exit, so no process outlives the run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../lib/spec-source.ts";

export interface PrismServer {
  baseUrl: string;
  pid: number;
  /** What Prism printed, for diagnostics when it fails to start. */
  output(): string;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

export async function startPrism(documentFile: string, { startTimeoutMs = 60_000 } = {}): Promise<PrismServer> {
  const port = await freePort();
  const cli = join(projectRoot(), "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
  const child = spawn(process.execPath, [cli, "mock", documentFile, "--host", HOST, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: PrismServer = {
    baseUrl: `http://${HOST}:${port}`,
    pid: child.pid!,
    output: () => log,
    stop: () => stop(child, exited),
  };
  try {
    await waitUntilListening(server.baseUrl, child, startTimeoutMs);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- prism output ---\n${log}`);
  }
  return server;
}

async function waitUntilListening(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prism exited (${child.exitCode})`);
    try {
      await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(2_000) });
      return; // any HTTP answer (404 for `/`) means it listens
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`prism did not listen on ${baseUrl} within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(killer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
