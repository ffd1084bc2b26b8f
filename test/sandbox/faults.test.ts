import { call, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

describe("fault injection, observed from a raw fetch", () => {
  test("status with Retry-After seconds, for `times` requests, then normal answers; every try is counted", async () => {
    const sb = sandbox();
    const fault = sb.inject({ method: "GET", path: "/banks", kind: "status", status: 503, retryAfter: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await call(sb, "GET", "/banks");
      expect([answer.status, answer.headers.get("retry-after"), answer.body.code]).toEqual([
        503,
        "2",
        "serviceUnavailable",
      ]);
    }
    expect((await call(sb, "GET", "/banks")).status).toBe(200);
    expect([fault.hits, fault.remaining]).toEqual([2, 0]);
    expect(sb.requests({ method: "GET", path: "/banks" })).toBe(3);
    expect(sb.requestLog.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test("Retry-After as an HTTP date, a body of your own, other headers", async () => {
    const sb = sandbox();
    const until = new Date("2030-01-01T00:00:00Z");
    sb.inject({
      path: "/banks",
      kind: "status",
      status: 429,
      retryAfter: until,
      body: { code: "rateLimited", message: "slow down" },
    });
    const answer = await call(sb, "GET", "/banks");
    expect([answer.status, answer.headers.get("retry-after"), answer.body]).toEqual([
      429,
      "Tue, 01 Jan 2030 00:00:00 GMT",
      { code: "rateLimited", message: "slow down" },
    ]);
  });

  test("delay before the headers, then the normal answer", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "delay", delayMs: 300 });
    const started = performance.now();
    const answer = await call(sb, "GET", "/banks");
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  test("drop: the connection closes before any response", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "drop" });
    await expect(fetch(`${sb.url}/banks`)).rejects.toThrow();
    expect(sb.requestLog[0]).toMatchObject({ method: "GET", template: "/banks", status: undefined });
    expect((await call(sb, "GET", "/banks")).status).toBe(200);
  });

  test("drop with process: true handles the request first (an ambiguous POST)", async () => {
    const sb = sandbox();
    const user = sb.createUser();
    const recipients = await call(sb, "GET", `/users/me/accounts/${user.accountIds[0]}/recipients`, {
      token: user.token,
    });
    sb.inject({ method: "POST", path: "/users/{id_user}/transfers", kind: "drop", process: true });
    const body = {
      id_account: user.accountIds[0],
      id_recipient: recipients.body.recipients[0].id,
      amount: 12.34,
      label: "rent",
    };
    await expect(call(sb, "POST", "/users/me/transfers", { token: user.token, json: body })).rejects.toThrow();
    const list = await call(sb, "GET", "/users/me/transfers", { token: user.token });
    expect(list.body.transfers).toEqual([expect.objectContaining({ amount: 12.34, label: "rent", state: "created" })]);
  });

  test("dropMidBody: headers and half the body, then the connection ends", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "dropMidBody" });
    const response = await fetch(`${sb.url}/banks?expand=fields`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  test("html: a 502 text/html page, like a proxy", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "html" });
    const answer = await call(sb, "GET", "/banks");
    expect([answer.status, answer.headers.get("content-type")]).toEqual([502, "text/html; charset=utf-8"]);
    expect(answer.text).toContain("<h1>502 Bad Gateway</h1>");
  });

  test("truncatedJson: a 200 whose JSON stops halfway (Content-Length matches)", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "truncatedJson" });
    const response = await fetch(`${sb.url}/banks`);
    const text = await response.text();
    expect([response.status, response.headers.get("content-length")]).toEqual([200, String(Buffer.byteLength(text))]);
    expect(() => JSON.parse(text)).toThrow();
  });

  test("emptyBody and wrongEnvelope", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "emptyBody" });
    const empty = await fetch(`${sb.url}/banks`);
    expect([empty.status, empty.headers.get("content-type"), await empty.text()]).toEqual([
      200,
      "application/json; charset=utf-8",
      "",
    ]);
    sb.inject({ path: "/banks", kind: "wrongEnvelope" });
    expect((await call(sb, "GET", "/banks")).body).toEqual({ unexpected: [] });
    sb.inject({ path: "/banks", kind: "wrongEnvelope", body: { banks: "not a list" } });
    expect((await call(sb, "GET", "/banks")).body).toEqual({ banks: "not a list" });
  });

  test("paths match as templates, concrete paths (with or without /2.0) or *, and methods filter", async () => {
    const sb = sandbox();
    const user = sb.createUser();
    const token = user.token;
    sb.inject({ method: "POST", path: "/users/{id_user}/connections", kind: "status", status: 500 });
    expect((await call(sb, "GET", "/users/me/connections", { token })).status).toBe(200);
    sb.inject({ path: "/users/{id_user}/accounts", kind: "status", status: 502 });
    expect((await call(sb, "GET", "/users/me/accounts", { token })).status).toBe(502);
    sb.inject({ path: "/2.0/users/me/accounts/", kind: "status", status: 504 });
    expect((await call(sb, "GET", `/users/${user.idUser}/accounts`, { token })).status).toBe(200);
    expect((await call(sb, "GET", "/users/me/accounts", { token })).status).toBe(504);
    const all = sb.inject({ path: "*", kind: "status", status: 503, times: Infinity });
    expect((await call(sb, "GET", "/nowhere")).status).toBe(503);
    all.cancel();
    expect((await call(sb, "GET", "/nowhere")).status).toBe(404);
    expect(sb.requests({ path: "/users/{id_user}/accounts" })).toBe(3);
    expect(sb.requests({ path: "/users/me/accounts" })).toBe(2);
    expect(sb.requests({ path: "/users/{id_user}/connections" })).toBe(1);
    expect(() => sb.inject({ path: "/banks", kind: "status", status: 42 })).toThrow(RangeError);
  });

  test("a preflight is only faulted when OPTIONS is named", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "status", status: 500 });
    expect((await fetch(`${sb.url}/banks`, { method: "OPTIONS" })).status).toBe(204);
    sb.inject({ method: "OPTIONS", path: "/banks", kind: "status", status: 503 });
    expect((await fetch(`${sb.url}/banks`, { method: "OPTIONS" })).status).toBe(503);
    expect((await call(sb, "GET", "/banks")).status).toBe(500);
  });

  test("reset() clears faults and the request log", async () => {
    const sb = sandbox();
    sb.inject({ path: "/banks", kind: "html", times: 5 });
    await call(sb, "GET", "/banks");
    sb.reset();
    expect(sb.requestLog).toHaveLength(0);
    expect((await call(sb, "GET", "/banks")).status).toBe(200);
  });
});
