/**
 * What a new user's trial found (a clean clone, README only), one describe per kind, over real loopback HTTP:
 * a list answered without its items, a 401 given the wrong advice, a custom fetch resolving something else,
 * and workflow options that failed late, untyped, or after a request had been sent.
 */
import {
  AuthenticationError,
  Budgea,
  InvalidOptionsError,
  InvalidResponseError,
  MemorySyncStore,
} from "../../src/index.js";
import { isListPath } from "../../generated/list-keys.js";
import { operationTable } from "../../generated/operations.js";
import { CORPUS } from "../fixtures/today/index.js";
import { type TestServer, json, startServer } from "../helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

describe("a list answered without its items is an InvalidResponseError, not a crash in the caller's loop", () => {
  const envelopes: [string, unknown][] = [
    ["another key", { unexpected: [] }],
    ["the key, not an array", { banks: null }],
    ["an array", []],
    ["null", null],
    ["a number", 3],
  ];

  test.each(envelopes)("GET /banks answering %s", async (_name, body) => {
    server = await startServer((_req, res) => json(res, 200, body));
    const budgea = new Budgea({ baseUrl: server.url, token: "t0k3n" });
    const error = await budgea.api.GET("/banks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: "shape", status: 200, method: "GET", path: "/banks" });
    expect((error as Error).message).toMatch(
      body !== null && typeof body === "object" && !Array.isArray(body) ? /`banks`/ : /envelope/,
    );
  });

  test("lists under upstream's own key, objects and items resolve as they are", async () => {
    const bodies: Record<string, unknown> = {
      "/users/me/accounts/7/logs": { accountlogs: [{ id: 1 }], total: 1 },
      "/users/me/accounts": { accounts: [], total: 0 },
      "/users/me/profiles/main": { id: 1, email: "a@b.c" },
      "/users/me/accounts/7": { id: 7 },
    };
    server = await startServer((req, res) =>
      json(res, 200, bodies[req.url!.split("?")[0]!.replace(/^.*?(?=\/users)/, "")]),
    );
    const budgea = new Budgea({ baseUrl: server.url, token: "t0k3n" });
    const path = { id_user: "me" as const, id_account: 7 };
    const logs = await budgea.api.GET("/users/{id_user}/accounts/{id_account}/logs", { params: { path } });
    expect(logs.data.accountlogs).toEqual([{ id: 1 }]);
    expect((await budgea.api.GET("/users/{id_user}/accounts", { params: { path } })).data.accounts).toEqual([]);
    const profile = await budgea.api.GET("/users/{id_user}/profiles/main", { params: { path } });
    expect(profile.data).toMatchObject({ id: 1 });
    expect((await budgea.api.GET("/users/{id_user}/accounts/{id_account}", { params: { path } })).data).toEqual({
      id: 7,
    });
  });

  test("every body of the current-API corpus passes through budgea.api.GET as it is", async () => {
    const gets = CORPUS.filter((entry) => entry.answers.startsWith("GET "));
    expect(gets.length).toBeGreaterThan(8);
    for (const entry of gets) {
      const fetch = async () =>
        new Response(JSON.stringify(entry.body), { headers: { "content-type": "application/json" } });
      const budgea = new Budgea({ domain: "demo", token: "t0k3n", fetch });
      const path = entry.answers.slice(4);
      const params = { path: { id_user: "me", id_account: 17, id_connection: 3, id_connector: 40 } };
      const { data } = await (budgea.api.GET as (p: string, i: unknown) => Promise<{ data: unknown }>)(path, {
        params,
      });
      expect([entry.name, data]).toEqual([entry.name, entry.body]);
    }
  });

  test("the run-time rule names exactly the spec's list GETs", () => {
    const gets = Object.values(operationTable).filter((op) => op.method === "get");
    expect(gets.length).toBeGreaterThan(150);
    const wrong = gets.filter((op) => isListPath(op.path) !== Boolean(op.listKey)).map((op) => op.path);
    expect(wrong).toEqual([]);
  });
});

describe("a 401 on a call that authenticates with the client's credentials", () => {
  test("auth.exchange with a wrong client secret: no advice to send a token, no secret in the message", async () => {
    server = await startServer((_req, res) =>
      json(res, 401, { code: "invalidClient", message: "Invalid client credentials" }),
    );
    const budgea = new Budgea({ baseUrl: server.url, clientId: "app-id", clientSecret: "s3cr3t-client" });
    const error = await budgea.auth.exchange({ code: "temp-c0de" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalidClient" });
    expect((error as Error).message).not.toMatch(/no token was sent/);
    expect((error as Error).message).not.toMatch(/s3cr3t-client|temp-c0de/);
  });

  test("a call sent without any token keeps the advice", async () => {
    server = await startServer((_req, res) => json(res, 401, { code: "missingToken" }));
    const error = await new Budgea({ baseUrl: server.url }).api
      .GET("/users/{id_user}/accounts", {
        params: { path: { id_user: "me" } },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no token was sent/);
  });
});

describe("a custom fetch that resolves something other than a Response", () => {
  test.each([
    ["an empty object", {}],
    ["undefined", undefined],
    ["a string", "ok"],
    ["an object without headers", { status: 200, text: async () => "{}" }],
  ])("%s: InvalidOptionsError naming `fetch`, with or without middleware", async (_name, value) => {
    const fetch = async () => value as unknown as Response;
    const plain = new Budgea({ domain: "demo", token: "t0k3n", fetch, maxRetries: 0 });
    const traced = new Budgea({ domain: "demo", token: "t0k3n", fetch, maxRetries: 0 });
    traced.api.use({ onRequest: () => undefined });
    for (const budgea of [plain, traced]) {
      const error = await budgea.api.GET("/banks").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect(error).toMatchObject({ option: "fetch" });
    }
  });
});

describe("workflow options are checked before anything is sent", () => {
  async function noRequests() {
    server = await startServer((_req, res) => json(res, 500, {}));
    return new Budgea({ baseUrl: server.url, token: "t0k3n" });
  }

  test.each([
    ["no prompt", { prompt: undefined }, "prompt"],
    ["a prompt that is not a function", { prompt: "123456" }, "prompt"],
    ["an onStep that is not a function", { onStep: true }, "onStep"],
    ["timeoutMs 0", { timeoutMs: 0 }, "timeoutMs"],
    ["a negative timeoutMs", { timeoutMs: -1 }, "timeoutMs"],
    ["intervalMs 0", { intervalMs: 0 }, "intervalMs"],
  ])("connections.connect() with %s", async (_name, bad, option) => {
    const budgea = await noRequests();
    const options = { connectorId: 59, values: { login: "l", password: "p" }, prompt: () => ({}), ...bad };
    const error = await budgea.connections.connect(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option });
    expect(server.hits).toEqual([]);
  });

  test("connections.wait() and transfers.waitFor(): the id on the error, no request", async () => {
    const budgea = await noRequests();
    const wait = await budgea.connections.wait(17, { intervalMs: -5 }).catch((e: unknown) => e);
    expect(wait).toMatchObject({ option: "intervalMs", connectionId: 17 });
    const transfer = await budgea.transfers.waitFor(9, { timeoutMs: Number.NaN }).catch((e: unknown) => e);
    expect(transfer).toBeInstanceOf(InvalidOptionsError);
    expect(transfer).toMatchObject({ option: "timeoutMs", transferId: 9 });
    expect(server.hits).toEqual([]);
  });

  test("paginate() names the option the caller wrote: pageSize, or the query's limit", async () => {
    const budgea = await noRequests();
    const refusal = (start: () => unknown) => {
      try {
        return start();
      } catch (error) {
        return error;
      }
    };
    const limit = refusal(() => budgea.paginate("/banks", { params: { query: { limit: null as never } } }));
    expect(limit).toBeInstanceOf(InvalidOptionsError);
    expect(limit).toMatchObject({ option: "params.query.limit" });
    expect(refusal(() => budgea.paginate("/banks", {}, { pageSize: 0 }))).toMatchObject({ option: "pageSize" });
    expect(server.hits).toEqual([]);
  });

  test("auth.exchange() without a code, connections.create() without a bank", async () => {
    server = await startServer((_req, res) => json(res, 500, {}));
    const budgea = new Budgea({
      baseUrl: server.url,
      clientId: "app-id",
      clientSecret: "s3cr3t-client",
      token: "t0k3n",
    });
    for (const code of ["", "  ", undefined]) {
      const error = await budgea.auth.exchange({ code } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect(error).toMatchObject({ option: "code" });
    }
    const create = await budgea.connections.create({} as never).catch((e: unknown) => e);
    expect(create).toBeInstanceOf(InvalidOptionsError);
    expect(create).toMatchObject({ option: "connectorId" });
    expect(server.hits).toEqual([]);
  });

  test("a path parameter cannot be a dot segment (fetch would send another endpoint's path)", async () => {
    const budgea = await noRequests();
    for (const dots of [".", ".."]) {
      const raw = await budgea.api
        .GET("/users/{id_user}/accounts", { params: { path: { id_user: dots as never } } })
        .catch((e: unknown) => e);
      expect(raw).toBeInstanceOf(InvalidOptionsError);
      expect(raw).toMatchObject({ option: "params.path" });
      await expect(budgea.connections.get(dots as never)).rejects.toBeInstanceOf(InvalidOptionsError);
    }
    expect(server.hits).toEqual([]);
  });

  test("sync.run() and applyWebhook() without a store", async () => {
    const budgea = await noRequests();
    const run = await budgea.sync.run({ key: "u1" } as never).catch((e: unknown) => e);
    expect(run).toBeInstanceOf(InvalidOptionsError);
    expect(run).toMatchObject({ option: "store" });
    const hook = await budgea.sync
      .applyWebhook({ connection: { id: 1 }, user: { id: 2 } } as never, { store: new Map() as never })
      .catch((e: unknown) => e);
    expect(hook).toMatchObject({ option: "store" });
    await expect(
      budgea.sync.run({ key: "u1", store: new MemorySyncStore(), signal: AbortSignal.abort() }),
    ).rejects.not.toBeInstanceOf(InvalidOptionsError);
    expect(server.hits).toEqual([]);
  });
});
