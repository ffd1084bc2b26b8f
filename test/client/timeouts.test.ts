import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { AbortError, Budgea, ConnectionError, TimeoutError } from "../../src/index.js";
import { type TestServer, json, startServer } from "../helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

const slow = (ms: number) => (_req: unknown, res: import("node:http").ServerResponse) => {
  const timer = setTimeout(() => json(res, 200, { banks: [], total: 0 }), ms);
  res.on("close", () => clearTimeout(timer));
};

describe("timeouts and the caller's signal", () => {
  test("a response slower than timeoutMs fails with TimeoutError, in bounded time", async () => {
    server = await startServer(slow(5_000));
    const budgea = new Budgea({ baseUrl: server.url, timeoutMs: 200 });
    const started = Date.now();
    const error = await budgea.api.GET("/banks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("timeoutMs per request overrides the client's", async () => {
    server = await startServer(slow(1_000));
    const budgea = new Budgea({ baseUrl: server.url, timeoutMs: 60_000 });
    await expect(budgea.api.GET("/banks", { timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
  });

  test("a body that stalls mid-way is covered by the timeout too", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"banks":[');
    });
    const budgea = new Budgea({ baseUrl: server.url, timeoutMs: 300 });
    await expect(budgea.api.GET("/banks")).rejects.toBeInstanceOf(TimeoutError);
  });

  test("the caller's signal aborts with AbortError, not a retry", async () => {
    server = await startServer(slow(5_000));
    const budgea = new Budgea({ baseUrl: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await budgea.api.GET("/banks", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.hits).toHaveLength(1);
  });

  test("an already-aborted signal sends nothing", async () => {
    server = await startServer(slow(0));
    const budgea = new Budgea({ baseUrl: server.url });
    await expect(budgea.api.GET("/banks", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server.hits).toHaveLength(0);
  });

  test("a timeout is not followed by retries past the deadline", async () => {
    server = await startServer(slow(5_000));
    const budgea = new Budgea({ baseUrl: server.url, timeoutMs: 300, maxRetries: 5 });
    await expect(budgea.api.GET("/banks")).rejects.toBeInstanceOf(TimeoutError);
    expect(server.hits).toHaveLength(1);
  });

  test("the caller aborting while a retry waits is an AbortError, and no further request is sent", async () => {
    server = await startServer((_req, res) => json(res, 503, { code: "busy" }, { "retry-after": "1" }));
    const budgea = new Budgea({ baseUrl: server.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const error = await budgea.api.GET("/banks", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.hits).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(900);
  });

  test("many calls share deadlines without cross-talk: the slow one times out, the fast ones succeed", async () => {
    server = await startServer((req, res) => (req.url!.includes("slow") ? slow(5_000)(req, res) : json(res, 200, { banks: [], total: 0 })));
    const budgea = new Budgea({ baseUrl: server.url, timeoutMs: 300 });
    const results = await Promise.allSettled([
      budgea.api.GET("/banks", { params: { query: { expand: "slow" } } }),
      ...Array.from({ length: 20 }, () => budgea.api.GET("/banks")),
    ]);
    expect(results[0]!.status).toBe("rejected");
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(TimeoutError);
    expect(results.slice(1).every((r) => r.status === "fulfilled")).toBe(true);
  });

  test("a burst of calls with their own signals, retrying together, raises no listener-leak warning", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/client/fixtures/listener-burst.ts"], {
      timeout: 30_000,
    });
    expect(stdout).toContain("done");
    expect(stderr).not.toContain("MaxListenersExceededWarning");
  });
});
