import { call, newUser, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

describe("tokens: init → code → access → renew", () => {
  test("POST /auth/init without credentials gives a temporary 30-minute token", async () => {
    const { status, body } = await call(sandbox(), "POST", "/auth/init");
    expect(status).toBe(200);
    expect(body).toEqual({ auth_token: expect.any(String), type: "temporary", expires_in: 1800, id_user: 1 });
  });

  test("with client credentials, or the manage token as bearer, the token is permanent", async () => {
    const sb = sandbox();
    const withClient = await call(sb, "POST", "/auth/init", {
      json: { client_id: sb.clientId, client_secret: sb.clientSecret },
    });
    expect(withClient.body).toEqual({ auth_token: expect.any(String), type: "permanent", id_user: 1 });
    const withManage = await call(sb, "POST", "/auth/init", { token: sb.manageToken });
    expect(withManage.body.type).toBe("permanent");
    expect(withManage.body.expires_in).toBeUndefined();
  });

  test("wrong client credentials are a 401 invalidClient that does not echo the secret", async () => {
    const sb = sandbox();
    const { status, body, text } = await call(sb, "POST", "/auth/init", {
      form: { client_id: sb.clientId, client_secret: "nope-secret" },
    });
    expect(status).toBe(401);
    expect(body.code).toBe("invalidClient");
    expect(text).not.toContain("nope-secret");
  });

  test("a temporary token expires after 30 minutes: 401 tokenExpired", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    expect((await call(sb, "GET", "/users/me", { token })).status).toBe(200);
    sb.clock.advance(30 * 60_000);
    const expired = await call(sb, "GET", "/users/me", { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: "tokenExpired", message: expect.any(String) });
  });

  test("GET and POST /auth/token/code give a 30-minute code that works as a bearer", async () => {
    const sb = sandbox();
    const { token, idUser } = await newUser(sb);
    for (const method of ["GET", "POST"]) {
      const { status, body } = await call(sb, method, "/auth/token/code", { token });
      expect(status).toBe(200);
      expect(body).toEqual({ code: expect.any(String), type: "temporary", expires_in: 1800 });
      expect((await call(sb, "GET", "/users/me", { token: body.code })).body.id).toBe(idUser);
    }
  });

  test("a singleAccess code works once", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await call(sb, "GET", "/auth/token/code?type=singleAccess", { token });
    expect(body.type).toBe("singleAccess");
    expect((await call(sb, "GET", "/users/me", { token: body.code })).status).toBe(200);
    const again = await call(sb, "GET", "/users/me", { token: body.code });
    expect([again.status, again.body.code]).toEqual([403, "invalidToken"]);
    expect((await call(sb, "GET", "/auth/token/code?type=forever", { token })).body.code).toBe("invalidValue");
  });

  test("POST /auth/token/access exchanges a code once for a permanent token", async () => {
    const sb = sandbox();
    const { token, idUser } = await newUser(sb);
    const { body: code } = await call(sb, "POST", "/auth/token/code", { token });
    const credentials = { client_id: sb.clientId, client_secret: sb.clientSecret, code: code.code };
    const exchanged = await call(sb, "POST", "/auth/token/access", { json: credentials });
    expect(exchanged.body).toEqual({ access_token: expect.any(String), token_type: "Bearer" });
    sb.clock.advance(31 * 60_000);
    expect((await call(sb, "GET", "/users/me", { token: exchanged.body.access_token })).body.id).toBe(idUser);
    const reused = await call(sb, "POST", "/auth/token/access", { json: credentials });
    expect([reused.status, reused.body.code]).toEqual([400, "invalidCode"]);
    expect(reused.text).not.toContain(code.code);
  });

  test("the temporary token from /auth/init exchanges too (docs, Protocol step 5); expired codes do not", async () => {
    const sb = sandbox();
    const first = await newUser(sb);
    const client = { client_id: sb.clientId, client_secret: sb.clientSecret };
    expect((await call(sb, "POST", "/auth/token/access", { json: { ...client, code: first.token } })).status).toBe(200);
    const second = await newUser(sb);
    sb.clock.advance(30 * 60_000 + 1);
    const late = await call(sb, "POST", "/auth/token/access", { json: { ...client, code: second.token } });
    expect([late.status, late.body.code]).toEqual([400, "invalidCode"]);
    const badSecret = await call(sb, "POST", "/auth/token/access", {
      json: { ...client, client_secret: "x", code: "y" },
    });
    expect([badSecret.status, badSecret.body.code]).toEqual([401, "invalidClient"]);
    const missing = await call(sb, "POST", "/auth/token/access", { json: client });
    expect([missing.status, missing.body.code]).toEqual([400, "missingParameter"]);
  });

  test("POST /auth/renew gives a new permanent token and can revoke the older ones (403)", async () => {
    const sb = sandbox();
    const { token, idUser } = await newUser(sb);
    const client = { client_id: sb.clientId, client_secret: sb.clientSecret, id_user: String(idUser) };
    const kept = await call(sb, "POST", "/auth/renew", { form: client });
    expect(kept.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", id_user: idUser });
    expect((await call(sb, "GET", "/users/me", { token })).status).toBe(200);
    const renewed = await call(sb, "POST", "/auth/renew", { form: { ...client, revoke_previous: "true" } });
    const revoked = await call(sb, "GET", "/users/me", { token: kept.body.access_token });
    expect([revoked.status, revoked.body.code]).toEqual([403, "invalidToken"]);
    expect((await call(sb, "GET", "/users/me", { token: renewed.body.access_token })).status).toBe(200);
    expect((await call(sb, "POST", "/auth/renew", { form: { ...client, id_user: "999" } })).status).toBe(404);
  });

  test("DELETE /auth/token revokes the bearer", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    expect((await call(sb, "DELETE", "/auth/token", { token })).status).toBe(200);
    const after = await call(sb, "GET", "/users/me", { token });
    expect([after.status, after.body.code]).toEqual([403, "invalidToken"]);
    expect((await call(sb, "DELETE", "/auth/token", { token: sb.manageToken })).status).toBe(403);
  });

  test("missing, unknown and misplaced tokens", async () => {
    const sb = sandbox();
    const none = await call(sb, "GET", "/users/me/connections");
    expect([none.status, none.body.code]).toEqual([401, "unauthorized"]);
    const unknown = await call(sb, "GET", "/users/me/connections", { token: "not-a-token" });
    expect([unknown.status, unknown.body.code]).toEqual([403, "invalidToken"]);
    const a = await newUser(sb);
    const b = await newUser(sb);
    expect((await call(sb, "GET", `/users/${b.idUser}/connections`, { token: a.token })).body.code).toBe("forbidden");
    expect((await call(sb, "GET", "/webhooks", { token: a.token })).status).toBe(403);
    expect((await call(sb, "GET", `/users/${b.idUser}`, { token: sb.manageToken })).body.id).toBe(b.idUser);
    expect((await call(sb, "GET", "/users/me", { token: sb.manageToken })).body.code).toBe("invalidValue");
  });

  test("tokens and credentials are deterministic for a seed", async () => {
    const sb = sandbox();
    const first = await newUser(sb);
    sb.reset();
    expect((await newUser(sb)).token).toBe(first.token);
    expect(sb.clientId).toMatch(/^[1-9]\d{7}$/);
  });
});
