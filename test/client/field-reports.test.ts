/**
 * Issue 17's field reports, one describe per kind, over real loopback HTTP. Each asserts the right value, so
 * the whole kind is caught (every method, every bodiless status, any middleware), not the one input reported.
 */
import { inspect } from "node:util";
import {
  AbortError,
  AuthenticationError,
  Budgea,
  BudgeaClient,
  ConnectionError,
  InvalidOptionsError,
  InvalidResponseError,
  TimeoutError,
  TokenExpiredError,
  type Middleware,
} from "../../src/index.js";
import { type Hit, type TestServer, json, startServer } from "../helpers/server.js";
import type http from "node:http";

let server: TestServer;
afterEach(() => server?.close());

const bodiless: [string, (res: http.ServerResponse) => void][] = [
  ["200, Content-Length: 0", (res) => res.writeHead(200, { "content-length": "0" }).end()],
  ["200, no length, empty", (res) => res.writeHead(200, { "content-type": "application/json" }).end("")],
  ["200, whitespace", (res) => res.writeHead(200, { "content-type": "application/json" }).end(" \n ")],
  ["204", (res) => res.writeHead(204).end()],
];

describe("1. successes without a body", () => {
  test.each(bodiless)("methods that return nothing resolve on %s", async (_name, answer) => {
    server = await startServer((_req, res) => answer(res));
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    await expect(user.auth.revoke()).resolves.toBeUndefined();
    await expect(user.connections.delete(17)).resolves.toBeUndefined();
    const { data, response } = await user.api.DELETE("/users/{id_user}/connections/{id_connection}", {
      params: { path: { id_user: "me", id_connection: 17 } },
    });
    expect(data).toBeUndefined();
    expect(response.ok).toBe(true);
  });

  test.each(bodiless)("a typed call that promised JSON rejects on %s, with the real status", async (_name, answer) => {
    server = await startServer((_req, res) => answer(res));
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const error = await user.api
      .POST("/users/{id_user}/connections/{id_connection}", { params: { path: { id_user: "me", id_connection: 17 } }, body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).status).toBe(answer === bodiless[3]![1] ? 204 : 200);
    expect((error as InvalidResponseError).path).toBe("/users/{id_user}/connections/{id_connection}");
  });
});

describe("1b. a call that changes a known resource and answers 204 reads it back", () => {
  const answer204ElseGet = (body: unknown) => (req: http.IncomingMessage, res: http.ServerResponse) =>
    void (req.method === "GET" ? json(res, 200, body) : res.writeHead(204).end());

  test("connections.resume / update / sync: the step the connection is at", async () => {
    server = await startServer(answer204ElseGet({ id: 17, id_user: 1, id_connector: 59, state: "SCARequired", fields: [] }));
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    for (const step of [
      await user.connections.resume(17, { sms: "123456" }),
      await user.connections.update(17, { password: "pw-1234" }),
      await user.connections.sync(17),
    ]) {
      expect(step.status).toBe("SCARequired");
      expect(step.connection.id).toBe(17);
    }
    expect(server.hits.map((h) => h.method)).toEqual(["POST", "GET", "POST", "GET", "PUT", "GET"]);
  });

  test("transfers.validate and recipients.answer: the transfer and the recipient as they are now", async () => {
    server = await startServer((req, res) => {
      if (req.method !== "GET") res.writeHead(204).end();
      else json(res, 200, req.url!.includes("/transfers/") ? { id: 5, state: "pending", amount: 10, label: "x" } : { id: 9, label: "Rent" });
    });
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const step = await user.transfers.validate(5, { password: "pw-1234" });
    expect(step).toMatchObject({ status: "submitted", transfer: { id: 5, state: "pending" } });
    const answered = await user.recipients.answer(17, 9, { sms: "123456" });
    expect(answered).toMatchObject({ status: "added", recipient: { id: 9 } });
    expect(server.hits.filter((h) => h.method === "POST")).toHaveLength(2); // never sent twice
  });

  test("creating with no body back cannot read anything back: the real status, nothing sent again", async () => {
    server = await startServer((_req, res) => void res.writeHead(204).end());
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const error = await user.connections.create({ connectorId: 59, fields: { login: "l-1234", password: "pw-1234" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 204, reason: "empty" });
    expect(server.hits).toHaveLength(1);
  });
});

describe("2. per-call state survives any middleware, whatever Request it returns", () => {
  const replacing: Middleware = { onRequest: ({ request }) => new Request(request) };

  test("timeoutMs still bounds the call", async () => {
    server = await startServer((_req, res) => {
      const timer = setTimeout(() => json(res, 200, { banks: [] }), 1_500);
      res.on("close", () => clearTimeout(timer));
    });
    const budgea = new Budgea({ baseUrl: server.url });
    budgea.api.use(replacing);
    const started = Date.now();
    const error = await budgea.api.GET("/banks", { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_200);
  });

  test("an API message echoing the bank password is scrubbed", async () => {
    server = await startServer((_req, res, hit) => json(res, 400, { code: "wrongpass", message: `refused ${hit.body}` }));
    const budgea = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    budgea.api.use(replacing);
    const error = await budgea.api
      .POST("/users/{id_user}/connections", { params: { path: { id_user: "me" } }, body: { id_connector: 59, password: "pw-SECRET-1234" } })
      .catch((e: unknown) => e);
    expect(server.hits[0]!.body).toContain("pw-SECRET-1234");
    expect(String(error)).not.toContain("pw-SECRET-1234");
    expect((error as Error).message).toContain("[REDACTED]");
  });

  test("the client's own secrets are scrubbed even from a call that did not carry them", async () => {
    server = await startServer((_req, res) =>
      json(res, 400, { code: "invalidValue", message: "client sec-CLIENT-9876 token tok-CLIENT-5555 leaked" }),
    );
    const budgea = new Budgea({ baseUrl: server.url, token: "tok-CLIENT-5555", clientId: 1, clientSecret: "sec-CLIENT-9876" });
    const error = await budgea.api.GET("/banks", { token: null }).catch((e: unknown) => e);
    const text = `${String(error)} ${inspect(error)} ${JSON.stringify(error)}`;
    expect(text).not.toContain("sec-CLIENT-9876");
    expect(text).not.toContain("tok-CLIENT-5555");
    expect(server.hits[0]!.headers.authorization).toBeUndefined();
  });

  test("retries and maxRetries survive a replacing middleware", async () => {
    let n = 0;
    server = await startServer((_req, res) => (++n < 3 ? json(res, 503, { code: "busy" }, { "retry-after": "0" }) : json(res, 200, { banks: [] })));
    const budgea = new Budgea({ baseUrl: server.url });
    budgea.api.use(replacing);
    await expect(budgea.api.GET("/banks", { maxRetries: 1 })).rejects.toMatchObject({ status: 503 });
    expect(server.hits).toHaveLength(2);
  });
});

describe("3. the response handed back behaves like a fetch Response", () => {
  test("its body was read by the client: bodyUsed says so, and reading again fails as fetch does", async () => {
    server = await startServer((_req, res) => json(res, 200, { banks: [{ id: 1, name: "A bank with a name" }], total: 1 }));
    const { data, response } = await new Budgea({ baseUrl: server.url }).api.GET("/banks");
    expect(data.banks[0]!.id).toBe(1);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/already been read|unusable/);
    expect(response.headers.get("content-type")).toBe("application/json");
  });

  test("parseAs: 'text' hands back the body untouched", async () => {
    server = await startServer((_req, res) => json(res, 200, { banks: [], total: 0 }));
    const { data } = await new Budgea({ baseUrl: server.url }).api.GET("/banks", { parseAs: "text" } as never);
    expect(data).toBe('{"banks":[],"total":0}');
  });
});

describe("4. an explicit Content-Type is honoured", () => {
  const body = { code: "c0de-abcd", client_id: "17", client_secret: "s3cret-xyz", grant_type: "authorization_code" };

  test("application/x-www-form-urlencoded", async () => {
    server = await startServer((_req, res) => json(res, 200, { access_token: "tok-new-1234", token_type: "Bearer" }));
    await new Budgea({ baseUrl: server.url }).api.POST("/auth/token/access", {
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const hit = server.hits[0]!;
    expect(hit.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(hit.body))).toEqual(body);
  });

  test("multipart/form-data: the boundary is fetch's, the fields are sent", async () => {
    server = await startServer((_req, res) => json(res, 200, { access_token: "tok-new-1234", token_type: "Bearer" }));
    await new Budgea({ baseUrl: server.url }).api.POST("/auth/token/access", {
      body,
      headers: { "content-type": "multipart/form-data" },
    });
    const hit = server.hits[0]!;
    expect(hit.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(hit.body, { headers: { "content-type": hit.headers["content-type"]! } }).formData();
    expect(Object.fromEntries(form)).toEqual(body);
  });

  test("JSON otherwise", async () => {
    server = await startServer((_req, res) => json(res, 200, { access_token: "tok-new-1234", token_type: "Bearer" }));
    await new Budgea({ baseUrl: server.url }).api.POST("/auth/token/access", { body });
    expect(server.hits[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(server.hits[0]!.body)).toEqual(body);
  });
});

describe("5. pagination never loops without progress", () => {
  const TX = "/users/{id_user}/accounts/{id_account}/transactions" as const;
  const init = { params: { path: { id_user: "me" as const, id_account: 1 } } };
  const three = [1, 2, 3].map((id) => ({ id, value: -id, date: "2024-01-01" }));

  test("a list that ignores offset and gives no total: the 3 items once, within two requests", async () => {
    server = await startServer((_req, res) => json(res, 200, { transactions: three }));
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const items = await user.paginate(TX, init).toArray();
    expect(items.map((tx) => tx.id)).toEqual([1, 2, 3]);
    expect(server.hits.length).toBeLessThanOrEqual(2);
  });

  test("a full page repeated (offset ignored on a long list) rejects within two requests", async () => {
    const page = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, value: -1, date: "2024-01-01" }));
    server = await startServer((_req, res) => json(res, 200, { transactions: page }));
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const error = await user.paginate(TX, init, { pageSize: 10, prefetch: 0 }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.hits.length).toBeLessThanOrEqual(2);
  });

  test("a cursor whose next link is the page just read rejects, within two requests", async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { transactions: three, _links: { next: { href: "/2.0/users/me/accounts/1/transactions?page=2" } } }),
    );
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const error = await user.paginate(TX, init).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.hits.length).toBe(2);
  });

  test("a cursor list that fits on one page (next: null, no total) is finished after one request", async () => {
    server = await startServer((_req, res) => json(res, 200, { transactions: three, _links: { next: null, self: { href: "/x" } } }));
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    expect(await user.paginate(TX, init).toArray()).toHaveLength(3);
    expect(server.hits).toHaveLength(1);
  });
});

describe("5b. a page's body is read under the same rules as a call", () => {
  const TX = "/users/{id_user}/accounts/{id_account}/transactions" as const;

  test("a page whose body stalls ends in TimeoutError, in bounded time", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"transactions":[');
    });
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const started = Date.now();
    const error = await user
      .paginate(TX, { params: { path: { id_user: "me", id_account: 1 } }, timeoutMs: 300 })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain(`GET ${TX}`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("the caller's signal aborts a body being read", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"transactions":[');
    });
    const user = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await user
      .paginate(TX, { params: { path: { id_user: "me", id_account: 1 } } }, { signal: controller.signal })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
  });
});

describe("6. a result that cannot be obtained twice is never lost to a follow-up failure", () => {
  test("auth.exchange returns the permanent token although GET /users/me failed", async () => {
    server = await startServer((req, res) =>
      req.url!.includes("/auth/token/access")
        ? json(res, 200, { access_token: "tok-permanent-7777", token_type: "Bearer" })
        : json(res, 500, { code: "bug", message: "down" }),
    );
    const budgea = new Budgea({ baseUrl: server.url, clientId: 17, clientSecret: "s3cret-xyz", maxRetries: 0 });
    const grant = await budgea.auth.exchange({ code: "c0de-once" });
    expect(grant.token).toBe("tok-permanent-7777");
    expect(grant.idUser).toBeUndefined();
    expect(server.hits.filter((h: Hit) => h.url.includes("/auth/token/access"))).toHaveLength(1);
  });
});

describe("7. construction refuses what cannot work, without quoting it", () => {
  const cases: [string, string, RegExp][] = [
    ["a newline", "tok-abc\n", /control character/],
    ["a pasted Bearer prefix", "Bearer tok-abcdef", /Bearer/],
    ["a space", "tok abc", /space/],
    ["a non-ASCII character", "tok-é", /header cannot carry/],
  ];
  test.each(cases)("a token with %s", (_what, token, problem) => {
    for (const make of [
      () => new Budgea({ domain: "demo", token }),
      () => new Budgea({ domain: "demo" }).withToken(token),
      () => new BudgeaClient({ domain: "demo" }).withToken(token),
    ]) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect((error as Error).message).toMatch(problem);
      expect((error as Error).message).not.toContain(token.trim());
    }
  });

  test("a call's own token and header values are checked too, before anything is sent", async () => {
    server = await startServer((_req, res) => json(res, 200, { banks: [] }));
    const budgea = new Budgea({ baseUrl: server.url });
    await expect(budgea.api.GET("/banks", { token: "tok\r\nX-Evil: 1" })).rejects.toBeInstanceOf(InvalidOptionsError);
    const error = await budgea.api.GET("/banks", { headers: { "x-trace": "a\nb-SECRET" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(String(error)).not.toContain("SECRET");
    expect(server.hits).toHaveLength(0);
  });

  test("a call refused before sending leaves no timer behind (nor a listener on the caller's signal)", async () => {
    jest.useFakeTimers();
    try {
      const budgea = new Budgea({ baseUrl: "http://127.0.0.1:9/2.0", token: "t0k3n-user" });
      const headers = { "x-trace": "a\nb" };
      await expect(budgea.api.GET("/banks", { headers, signal: new AbortController().signal })).rejects.toBeInstanceOf(
        InvalidOptionsError,
      );
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test("a missing path parameter is named instead of being sent as %7Bid_user%7D", async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const budgea = new Budgea({ baseUrl: server.url, token: "t0k3n-user" });
    const error = await budgea.api.GET("/users/{id_user}", { params: { path: {} } } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as Error).message).toContain("id_user");
    expect(server.hits).toHaveLength(0);
  });
});

describe("8. middleware added to a base client applies to the clients withToken() derives", () => {
  test("before or after the derivation, and not to sibling families", async () => {
    server = await startServer((_req, res) => json(res, 200, { banks: [] }));
    const base = new Budgea({ baseUrl: server.url });
    const seen: string[] = [];
    const early = base.withToken("tok-early-1");
    base.api.use({ onRequest: ({ request }) => void seen.push(request.headers.get("authorization") ?? "none") });
    const late = base.withToken("tok-late-22");
    await early.api.GET("/banks");
    await late.api.GET("/banks");
    await new Budgea({ baseUrl: server.url }).api.GET("/banks");
    expect(seen).toEqual(["Bearer tok-early-1", "Bearer tok-late-22"]);
  });

  test("a derived client's own middleware stays its own", async () => {
    server = await startServer((_req, res) => json(res, 200, { banks: [] }));
    const base = new Budgea({ baseUrl: server.url });
    const user = base.withToken("tok-user-333");
    const calls = jest.fn();
    user.api.use({ onRequest: () => void calls() });
    await base.api.GET("/banks");
    await user.api.GET("/banks");
    expect(calls).toHaveBeenCalledTimes(1);
  });
});

describe("9. errors say what happened", () => {
  test("a refused connection names the method, path and host", async () => {
    const closed = await startServer(() => undefined);
    await closed.close(); // nothing listens on its port any more
    const budgea = new Budgea({ baseUrl: closed.url, maxRetries: 0 });
    const error = (await budgea.api.GET("/banks").catch((e: unknown) => e)) as ConnectionError;
    const host = new URL(closed.url).host;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`GET /banks on ${host}: network error (ECONNREFUSED)`);
    expect(error).toMatchObject({ method: "GET", path: "/banks", host });
  });

  test("a timeout names the request and the setting to change", async () => {
    server = await startServer(() => undefined);
    const error = (await new Budgea({ baseUrl: server.url, timeoutMs: 100 }).api.GET("/banks").catch((e: unknown) => e)) as TimeoutError;
    expect(error.message).toMatch(/^GET \/banks on 127\.0\.0\.1:\d+: timed out after 100 ms.*timeoutMs/);
  });

  test("a 401 without any token says none was sent, and redacts nothing that was not a secret", async () => {
    server = await startServer((_req, res) =>
      json(res, 401, { code: "unauthorized", message: "Authentication required: send Authorization: Bearer <token>" }),
    );
    const error = (await new Budgea({ baseUrl: server.url }).api.GET("/users/{id_user}", { params: { path: { id_user: "me" } } }).catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("Bearer <token>");
    expect(error.message).not.toContain("[REDACTED]");
    expect(error.message).toContain("no token was sent");
  });

  test("a server-detected expired token is a TokenExpiredError, like a client-detected one", async () => {
    server = await startServer((_req, res) => json(res, 401, { code: "tokenExpired", message: "This token has expired" }));
    const error = await new Budgea({ baseUrl: server.url, token: "tok-old-4444" }).api.GET("/banks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExpiredError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as TokenExpiredError).status).toBe(401);

    const local = await new Budgea({ baseUrl: server.url })
      .withToken("tok-tmp-5555", { expiresAt: new Date(Date.now() - 1) })
      .api.GET("/banks")
      .catch((e: unknown) => e);
    expect(local).toBeInstanceOf(TokenExpiredError);
    expect(server.hits).toHaveLength(1);
  });
});
