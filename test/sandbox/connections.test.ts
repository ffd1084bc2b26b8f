import type { Sandbox } from "../../src/testing/index.js";
import { GOOD, call, newUser, useSandbox } from "./helpers.js";

const sandbox = useSandbox({ decoupledDelayMs: 5000, validatingDelayMs: 1000, decoupledTimeoutMs: 60_000 });

async function post(sb: Sandbox, token: string, body: Record<string, unknown>, id?: number) {
  return call(sb, "POST", id === undefined ? "/users/me/connections" : `/users/me/connections/${id}`, {
    token,
    json: body,
  });
}

describe("connections, 2020 style (202 when more is needed)", () => {
  test("Sandbox Bank connects at once: 200, state null, disabled accounts", async () => {
    const sb = sandbox();
    const { token, idUser } = await newUser(sb);
    const { status, body } = await post(sb, token, { id_connector: 59, ...GOOD, website: "pro" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 1, id_user: idUser, id_connector: 59, id_bank: 59, state: null, error: null });
    const listed = await call(sb, "GET", "/users/me/connections?expand=accounts", { token });
    expect(listed.body.total).toBe(1);
    expect(listed.body.connections[0].accounts.map((a: any) => a.type)).toEqual(["checking", "savings", "card", "pea"]);
    expect(listed.body.connections[0].accounts.every((a: any) => typeof a.disabled === "string")).toBe(true);
  });

  test("urlencoded and multipart bodies, connector_uuid and the legacy id_bank", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const form = await call(sb, "POST", "/users/me/connections", { token, form: { id_bank: "59", ...GOOD } });
    const multipart = await call(sb, "POST", "/users/me/connections", {
      token,
      multipart: { connector_uuid: sb.banks[0]!.uuid, ...GOOD },
    });
    expect([form.status, multipart.status]).toEqual([200, 200]);
    expect(multipart.body.id_connector).toBe(59);
    const unknown = await post(sb, token, { id_connector: 12345, ...GOOD });
    expect([unknown.status, unknown.body.code]).toEqual([400, "invalidValue"]);
    const none = await post(sb, token, GOOD);
    expect([none.status, none.body.code]).toEqual([400, "missingParameter"]);
  });

  test("wrongpass: 400, no connection kept; field checks name the field and never echo the value", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const wrong = await post(sb, token, { id_connector: 59, login: "12345678", password: "000000" });
    expect([wrong.status, wrong.body.code]).toEqual([400, "wrongpass"]);
    const badLogin = await post(sb, token, { id_connector: 59, login: "secret-login-9", password: "123456" });
    expect([badLogin.status, badLogin.body.code]).toEqual([400, "invalidValue"]);
    expect(badLogin.body.message).toContain("login");
    expect(badLogin.text).not.toContain("secret-login-9");
    const badList = await post(sb, token, { id_connector: 59, ...GOOD, website: "casino" });
    expect(badList.body.message).toContain("website");
    const missing = await post(sb, token, { id_connector: 59, login: "12345678" });
    expect([missing.status, missing.body.message]).toEqual([400, "Missing parameter: password"]);
    expect((await call(sb, "GET", "/users/me/connections", { token })).body.total).toBe(0);
  });

  test("OTP Bank: 202 with the sms field, then 200 once answered", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const asked = await post(sb, token, { id_connector: 60, ...GOOD });
    expect(asked.status).toBe(202);
    expect(asked.body.state).toBe("additionalInformationNeeded");
    expect(asked.body.fields).toEqual([expect.objectContaining({ name: "sms", type: "text", regex: "^[0-9]{6}$" })]);
    const done = await post(sb, token, { sms: "482913" }, asked.body.id);
    expect([done.status, done.body.state]).toEqual([200, null]);
    expect(done.body.fields).toBeUndefined();
  });

  test("a wrong OTP is a 400 wrongpass and leaves the connection in state wrongpass; new credentials restart it", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 60, ...GOOD });
    const malformed = await post(sb, token, { sms: "12" }, body.id);
    expect([malformed.status, malformed.body.code]).toEqual([400, "invalidValue"]);
    const wrong = await post(sb, token, { sms: "000000" }, body.id);
    expect([wrong.status, wrong.body.code]).toEqual([400, "wrongpass"]);
    expect((await call(sb, "GET", `/users/me/connections/${body.id}`, { token })).body.state).toBe("wrongpass");
    const again = await post(sb, token, GOOD, body.id);
    expect([again.status, again.body.state]).toEqual([202, "additionalInformationNeeded"]);
  });

  test("Two-Step Bank asks twice", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const first = await post(sb, token, { id_connector: 61, ...GOOD });
    const second = await post(sb, token, { sms: "123456" }, first.body.id);
    expect([second.status, second.body.fields[0].name]).toEqual([202, "card_code"]);
    const done = await post(sb, token, { card_code: "87654321" }, first.body.id);
    expect([done.status, done.body.state]).toEqual([200, null]);
  });

  test("Decoupled Bank: decoupled until decoupledDelayMs has passed on the sandbox clock", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { status, body } = await post(sb, token, { id_connector: 62, ...GOOD });
    expect([status, body.state, body.fields]).toEqual([202, "decoupled", undefined]);
    expect(body.expire).toEqual(expect.any(String));
    expect((await post(sb, token, { decoupled: true }, body.id)).body.state).toBe("decoupled");
    sb.clock.advance(5000);
    const resumed = await post(sb, token, { decoupled: true }, body.id);
    expect([resumed.status, resumed.body.state]).toEqual([200, null]);
  });

  test("Decoupled Timeout Bank expires into SCARequired; posting to it starts the validation again", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 63, ...GOOD });
    sb.clock.advance(60_000);
    const expired = await call(sb, "GET", `/users/me/connections/${body.id}`, { token });
    expect(expired.body).toMatchObject({ state: "SCARequired", error_message: "The validation request expired" });
    expect((await post(sb, token, {}, body.id)).body.state).toBe("decoupled");
  });

  test("SCA Bank: SCARequired, then an SMS, then synced", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const created = await post(sb, token, { id_connector: 64, ...GOOD });
    expect([created.status, created.body.state]).toEqual([202, "SCARequired"]);
    const asked = await post(sb, token, {}, created.body.id);
    expect(asked.body.fields[0].name).toBe("sms");
    expect((await post(sb, token, { sms: "123456" }, created.body.id)).body.state).toBeNull();
  });

  test("Webauth Bank: webauthRequired with the URL to send the user to", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 65 });
    expect(body.state).toBe("webauthRequired");
    const url = body.fields.find((f: any) => f.name === "webauth_url").value;
    expect(url).toBe(`${sb.url}/webauth?id_connection=${body.id}`);
    const page = await call(sb, "GET", url.replace(sb.url, ""));
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain('id="step-webauth"');
  });

  test("Validating Bank syncs after validatingDelayMs", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 66, ...GOOD });
    expect(body.state).toBe("validating");
    sb.clock.advance(1000);
    expect((await call(sb, "GET", `/users/me/connections/${body.id}`, { token })).body.state).toBeNull();
  });

  test.each([
    [67, "websiteUnavailable"],
    [68, "actionNeeded"],
    [69, "passwordExpired"],
    [70, "rateLimiting"],
  ])("bank %i answers 400 %s", async (id, code) => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { status, body } = await post(sb, token, { id_connector: id, ...GOOD });
    expect([status, body.code]).toEqual([400, code]);
    expect(body.message).toEqual(expect.any(String));
  });

  test("PUT syncs (new transactions), DELETE removes, unknown ids are 404", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 59, ...GOOD });
    const synced = await call(sb, "PUT", `/users/me/connections/${body.id}`, { token });
    expect([synced.status, synced.body.state]).toEqual([200, null]);
    expect((await call(sb, "PUT", "/users/me/connections", { token })).body.total).toBe(1);
    expect((await call(sb, "DELETE", `/users/me/connections/${body.id}`, { token })).body.id).toBe(body.id);
    const gone = await call(sb, "GET", `/users/me/connections/${body.id}`, { token });
    expect([gone.status, gone.body.code]).toEqual([404, "notFound"]);
    expect((await call(sb, "GET", "/users/me/accounts?all", { token })).body.total).toBe(0);
  });

  test("sb.setConnectionState puts a connection in any state", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 59, ...GOOD });
    sb.setConnectionState(body.id, "passwordExpired");
    const read = await call(sb, "GET", `/users/me/connections/${body.id}`, { token });
    expect(read.body).toMatchObject({ state: "passwordExpired", error: "passwordExpired" });
    expect((await call(sb, "PUT", `/users/me/connections/${body.id}`, { token })).body.state).toBe("passwordExpired");
    expect((await post(sb, token, GOOD, body.id)).body.state).toBeNull();
  });
});

describe("connections, current style (200 with the state)", () => {
  const current = useSandbox({ connectionStyle: "current", decoupledDelayMs: 100 });

  test("more information needed is a 200 with state and fields", async () => {
    const sb = current();
    const { token } = await newUser(sb);
    const asked = await post(sb, token, { id_connector: 60, ...GOOD });
    expect([asked.status, asked.body.state, asked.body.fields[0].name]).toEqual([
      200,
      "additionalInformationNeeded",
      "sms",
    ]);
    const decoupled = await post(sb, token, { id_connector: 62, ...GOOD });
    expect([decoupled.status, decoupled.body.state]).toEqual([200, "decoupled"]);
    const wrong = await post(sb, token, { id_connector: 59, login: "12345678", password: "000000" });
    expect([wrong.status, wrong.body.code]).toEqual([400, "wrongpass"]);
  });

  test("a decoupled validation also ends in real time", async () => {
    const sb = current();
    const { token } = await newUser(sb);
    const { body } = await post(sb, token, { id_connector: 62, ...GOOD });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await call(sb, "GET", `/users/me/connections/${body.id}`, { token })).body.state).toBeNull();
  });
});
