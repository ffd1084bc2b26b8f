import type http from "node:http";
import { Budgea, ConnectionError, InternalServerError, RateLimitError } from "../../src/index.js";
import { type TestServer, json, startServer } from "../helpers/server.js";

/** Serves `statuses` in turn (a status, or "reset" to destroy the socket), then 200 forever. */
function sequence(statuses: (number | "reset")[]) {
  let i = 0;
  return (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const next = statuses[i++];
    if (next === "reset") {
      res.socket?.destroy();
      return;
    }
    if (next !== undefined) return json(res, next, { code: "busy" });
    json(res, 200, { id: 1, banks: [], connections: [], total: 0 });
  };
}

let server: TestServer;
afterEach(() => server?.close());

// Retries wait 0–500 ms then 0–1000 ms (full jitter): real time, kept short by the policy itself.
const client = (extra = {}) => new Budgea({ baseUrl: server.url, token: "t0k3n", ...extra });
const connect = (b: Budgea) =>
  b.api.POST("/users/{id_user}/connections", { params: { path: { id_user: "me" } }, body: { id_connector: 1 } });

describe("retries: idempotent requests only, counted at the server", () => {
  test("GET is retried on 503 until it succeeds", async () => {
    server = await startServer(sequence([503, 503]));
    const { data } = await client().api.GET("/banks");
    expect(data.total).toBe(0);
    expect(server.hits).toHaveLength(3);
  });

  test("GET gives up after maxRetries with the typed error", async () => {
    server = await startServer(sequence([503, 503, 503, 503]));
    await expect(client().api.GET("/banks")).rejects.toBeInstanceOf(InternalServerError);
    expect(server.hits).toHaveLength(3);
  });

  test("POST (a connection: creates state) is never retried on 503", async () => {
    server = await startServer(sequence([503]));
    await expect(connect(client())).rejects.toMatchObject({ status: 503 });
    expect(server.hits).toHaveLength(1);
  });

  test("GET is retried after a connection reset; POST is not", async () => {
    server = await startServer(sequence(["reset"]));
    await expect(client().api.GET("/banks")).resolves.toBeDefined();
    expect(server.hits).toHaveLength(2);

    await server.close();
    server = await startServer(sequence(["reset"]));
    await expect(connect(client())).rejects.toBeInstanceOf(ConnectionError);
    expect(server.hits).toHaveLength(1);
  });

  test("PUT replays its body on retry", async () => {
    server = await startServer(sequence([502]));
    await client().api.PUT("/users/{id_user}/accounts/{id_account}", {
      params: { path: { id_user: "me", id_account: 3 } },
      body: { disabled: false },
    });
    expect(server.hits.map((h) => h.body)).toEqual(['{"disabled":false}', '{"disabled":false}']);
  });

  test("a stream body is never replayed", async () => {
    server = await startServer(sequence([503]));
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"display":true}'));
        controller.close();
      },
    });
    await expect(
      client().api.PUT("/users/{id_user}/accounts/{id_account}", {
        params: { path: { id_user: "me", id_account: 3 } },
        body: body as never,
        duplex: "half",
      } as never),
    ).rejects.toMatchObject({ status: 503 });
    expect(server.hits).toHaveLength(1);
  });

  test("maxRetries per client and per request", async () => {
    server = await startServer(sequence([503, 503, 503]));
    await expect(client({ maxRetries: 0 }).api.GET("/banks")).rejects.toBeInstanceOf(InternalServerError);
    expect(server.hits).toHaveLength(1);
    await expect(client({ maxRetries: 0 }).api.GET("/banks", { maxRetries: 2 })).resolves.toBeDefined();
    expect(server.hits).toHaveLength(4);
  });

  test("a 429 beyond the Retry-After cap is handed back, with what the API asked", async () => {
    server = await startServer((_req, res) => json(res, 429, { code: "tooManyRequests" }, { "retry-after": "3600" }));
    const error = await client().api.GET("/banks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(server.hits).toHaveLength(1);
  });
});
