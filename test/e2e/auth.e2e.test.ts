import { AuthenticationError, Budgea, InvalidOptionsError, TokenExpiredError } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 7 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const app = () => new Budgea({ baseUrl: sb.url }); // the browser side: no secret
const server = () => new Budgea({ baseUrl: sb.url, clientId: sb.clientId, clientSecret: sb.clientSecret });

describe("token lifecycle: init → code → access → renew", () => {
  test("init without credentials: a temporary 30-minute token and the user's id", async () => {
    const grant = await app().auth.init();
    expect(grant.type).toBe("temporary");
    expect(typeof grant.idUser).toBe("number");
    expect(grant.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const { data } = await app().withToken(grant.token).api.GET("/users/{id_user}", { params: { path: { id_user: "me" } } });
    expect(data.id).toBe(grant.idUser);
  });

  test("init with client credentials: a permanent token", async () => {
    const grant = await server().auth.init();
    expect(grant.type).toBe("permanent");
    expect(grant.expiresAt).toBeUndefined();
  });

  test("code on the user's behalf, exchanged server side for a permanent token with the user's id", async () => {
    const temporary = await app().auth.init();
    const { code, expiresAt } = await app().withToken(temporary.token).auth.code();
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const permanent = await server().auth.exchange({ code });
    expect(permanent.type).toBe("permanent");
    expect(permanent.idUser).toBe(temporary.idUser);
    expect(permanent.token).not.toBe(temporary.token);
    await expect(server().withToken(permanent.token).connections.list()).resolves.toEqual([]);
  });

  test("the exchange is never retried and a used code is refused", async () => {
    const temporary = await app().auth.init();
    const { code } = await app().withToken(temporary.token).auth.code({ type: "singleAccess" });
    await server().auth.exchange({ code });
    sb.inject({ method: "POST", path: "/auth/token/access", kind: "status", status: 503 });
    const before = sb.requests({ method: "POST", path: "/auth/token/access" });
    await expect(server().auth.exchange({ code })).rejects.toMatchObject({ status: 503 });
    expect(sb.requests({ method: "POST", path: "/auth/token/access" }) - before).toBe(1);
    await expect(server().auth.exchange({ code })).rejects.toMatchObject({ status: 400 });
  });

  test("exchange and renew need the client secret: a clear error, nothing sent", async () => {
    await expect(app().auth.exchange({ code: "x" })).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(app().auth.renew({ idUser: 1 })).rejects.toBeInstanceOf(InvalidOptionsError);
    expect(sb.requests({ method: "POST" })).toBe(0);
  });

  test("renew gives a new permanent token; revokePrevious makes the old one stop working", async () => {
    const first = await server().auth.init();
    const renewed = await server().auth.renew({ idUser: first.idUser!, revokePrevious: true });
    expect(renewed.idUser).toBe(first.idUser);
    await expect(server().withToken(renewed.token).connections.list()).resolves.toEqual([]);
    await expect(server().withToken(first.token).connections.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  test("revoke: the token no longer works", async () => {
    const grant = await server().auth.init();
    const user = server().withToken(grant.token);
    await user.auth.revoke();
    await expect(user.connections.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  test("the API's own expiry answers a typed AuthenticationError", async () => {
    const grant = await app().auth.init();
    sb.clock.advance(31 * 60_000);
    const user = new Budgea({ baseUrl: sb.url }).withToken(grant.token); // a client that never saw the grant
    await expect(user.connections.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  test("a temporary token used past its 30 minutes fails fast, before any request", async () => {
    const budgea = app();
    const grant = await budgea.auth.init();
    const user = budgea.withToken(grant.token);
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "hrtime", "performance"] });
    try {
      jest.setSystemTime(Date.now() + 31 * 60_000);
      const before = sb.requests();
      const error = await user.connections.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenExpiredError);
      expect(String(error)).not.toContain(grant.token);
      expect(sb.requests()).toBe(before);
    } finally {
      jest.useRealTimers();
    }
  });
});
