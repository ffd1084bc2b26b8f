/**
 * Child processes: timed runs (wall time, and peak memory through /usr/bin/time or, without it, the child's
 * own maxRSS), TypeScript workers run with tsx, and a long-lived server child that announces its port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { tempDir } from "./tmp.ts";

export interface Timed {
  ms: number;
  /** Peak resident memory of the child (the largest process of its tree with /usr/bin/time), in MB. */
  peakMb: number | undefined;
  /** User + system CPU seconds of the child: steadier than wall time when other work shares the cores. */
  cpuS: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  memory?: boolean;
}

const GNU_TIME = "/usr/bin/time";
let scratch: string | undefined;

export async function runTimed(command: string, args: string[], options: RunOptions = {}): Promise<Timed> {
  scratch ??= tempDir("proc");
  const usageFile = join(scratch, `usage-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [cmd, argv, env] = withMemoryProbe(command, args, options, usageFile);
  const started = performance.now();
  const { code, stdout, stderr } = await collect(spawn(cmd, argv, { cwd: options.cwd, env }));
  const ms = performance.now() - started;
  const { peakMb, cpuS } = options.memory ? readUsage(usageFile) : { peakMb: undefined, cpuS: undefined };
  return { ms, peakMb, cpuS, code, stdout, stderr };
}

/** How `peakMb` and `cpuS` are measured here, for the notes. */
export function memoryProbe(): string {
  return existsSync(GNU_TIME)
    ? "peak RSS and CPU by /usr/bin/time"
    : "peak RSS and CPU of the node process itself (no /usr/bin/time: TS 7's native compiler not counted)";
}

/** Like runTimed, but a non-zero exit is an error naming the command and the end of its output. */
export async function runChecked(command: string, args: string[], options: RunOptions = {}): Promise<Timed> {
  const result = await runTimed(command, args, options);
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split("\n").slice(-6).join("\n");
    throw new Error(`${[command, ...args].join(" ").slice(0, 200)} exited with ${result.code}:\n${tail}`);
  }
  return result;
}

/** `node --import tsx <script> …args` from the project root; the worker's last stdout line is its JSON answer. */
export async function runWorker<T>(root: string, script: string, args: string[], nodeFlags: string[] = []): Promise<T> {
  const { stdout } = await runChecked(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], {
    cwd: root,
  });
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as T;
}

export interface Server {
  port: number;
  stop(): void;
}

/** Starts a worker that prints `{"port": n}` once listening, and keeps it running until `stop()`. */
export async function startServer(root: string, script: string): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return { port, stop: () => child.kill() };
}

function withMemoryProbe(
  command: string,
  args: string[],
  options: RunOptions,
  usageFile: string,
): [string, string[], NodeJS.ProcessEnv] {
  const env = { ...process.env, ...options.env };
  if (!options.memory) return [command, args, env];
  if (existsSync(GNU_TIME)) return [GNU_TIME, ["-f", "%M %U %S", "-o", usageFile, command, ...args], env];
  if (command !== process.execPath) throw new Error(`no ${GNU_TIME}: cannot measure the memory of ${command}`);
  // Without GNU time, a preloaded hook writes the node child's own usage (not its children's) on exit.
  return [command, ["--require", usageHook(), ...args], { ...env, BENCH_USAGE_FILE: usageFile }];
}

function usageHook(): string {
  const hook = join(scratch!, "usage-hook.cjs");
  if (!existsSync(hook)) {
    writeFileSync(
      hook,
      "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(" +
        "process.env.BENCH_USAGE_FILE, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`); });\n",
    );
  }
  return hook;
}

/** The probe's last line: `<maxRSS KB> <user s> <system s>` (GNU time prefixes a line on a non-zero exit). */
function readUsage(usageFile: string): { peakMb: number | undefined; cpuS: number | undefined } {
  if (!existsSync(usageFile)) return { peakMb: undefined, cpuS: undefined };
  const [kb, user, system] = readFileSync(usageFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);
  const cpu = finite(user) !== undefined && finite(system) !== undefined ? user! + system! : undefined;
  return { peakMb: finite(kb) === undefined ? undefined : kb! / 1024, cpuS: cpu };
}

function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
