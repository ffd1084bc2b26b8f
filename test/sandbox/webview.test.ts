import { WEBVIEW_IDS, type Sandbox } from "../../src/testing/index.js";
import { type Answer, call, newUser, useSandbox } from "./helpers.js";

const sandbox = useSandbox({
  redirectUris: ["http://127.0.0.1/callback", "https://app.example/cb"],
  decoupledDelayMs: 2000,
});
const STATE = "a b+c/é&d=1?#%";

/** What a test reads off a webview page: its step, session id and error line. */
function read(answer: Answer) {
  const step = /<main id="([^"]+)"/.exec(answer.text)?.[1];
  const session = /name="session" value="([^"]+)"/.exec(answer.text)?.[1];
  const error = new RegExp(`id="${WEBVIEW_IDS.error}"[^>]*>([^<]*)<`).exec(answer.text)?.[1];
  return { step, session: session!, error };
}

function open(sb: Sandbox, flow: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  return call(sb, "GET", `/auth/webview/en/${flow}?${new URLSearchParams(params)}`, { redirect: "manual", headers });
}

function submit(sb: Sandbox, session: string, action: string, fields: Record<string, string> = {}) {
  return call(sb, "POST", "/auth/webview/en/step", { form: { session, action, ...fields }, redirect: "manual" });
}

function callback(answer: Answer): URL {
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location")!);
}

describe("webview connect", () => {
  const base = (sb: Sandbox) => ({
    client_id: sb.clientId,
    redirect_uri: "http://127.0.0.1:4321/callback",
    state: STATE,
  });

  test("pick a bank, type credentials and the OTP, share accounts → connection_id, code and state exactly", async () => {
    const sb = sandbox();
    const first = await open(sb, "connect", base(sb));
    expect(first.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const select = read(first);
    expect(select.step).toBe(WEBVIEW_IDS.steps.select);
    expect(first.text).toContain(`id="${WEBVIEW_IDS.connectorSelect}"`);
    const credentials = await submit(sb, select.session, "select", { connector_id: "60" });
    expect(read(credentials).step).toBe(WEBVIEW_IDS.steps.credentials);
    expect(credentials.text).toContain(`id="${WEBVIEW_IDS.field("login")}"`);
    const otp = await submit(sb, select.session, "credentials", { login: "12345678", password: "123456" });
    expect(read(otp).step).toBe(WEBVIEW_IDS.steps.additional);
    expect(otp.text).toContain(`id="${WEBVIEW_IDS.field("sms")}"`);
    const accounts = await submit(sb, select.session, "additional", { sms: "123456" });
    expect(read(accounts).step).toBe(WEBVIEW_IDS.steps.accounts);
    const ids = [...accounts.text.matchAll(/id="account-(\d+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const done = callback(await submit(sb, select.session, "accounts", { [`account_${ids[0]}`]: "on" }));
    expect(done.origin + done.pathname).toBe("http://127.0.0.1:4321/callback");
    expect(done.searchParams.get("state")).toBe(STATE);
    const connectionId = Number(done.searchParams.get("connection_id"));
    const code = done.searchParams.get("code")!;
    const exchanged = await call(sb, "POST", "/auth/token/access", {
      json: { client_id: sb.clientId, client_secret: sb.clientSecret, code },
    });
    const token = exchanged.body.access_token;
    expect((await call(sb, "GET", `/users/me/connections/${connectionId}`, { token })).body.state).toBeNull();
    expect(
      (await call(sb, "GET", "/users/me/accounts", { token })).body.accounts.map((a: any) => String(a.id)),
    ).toEqual([ids[0]]);
  });

  test("Cancel sends the user back with error=access_denied and the state", async () => {
    const sb = sandbox();
    const { session } = read(await open(sb, "connect", base(sb)));
    const back = callback(await submit(sb, session, "cancel"));
    expect([back.searchParams.get("error"), back.searchParams.get("state")]).toEqual(["access_denied", STATE]);
    expect(back.searchParams.get("connection_id")).toBeNull();
    expect((await submit(sb, session, "select", { connector_id: "59" })).status).toBe(400);
  });

  test("a wrong password shows the credentials again with an error that does not echo it", async () => {
    const sb = sandbox();
    const { session } = read(await open(sb, "connect", { ...base(sb), connector_ids: "59" }));
    const wrong = await submit(sb, session, "credentials", { login: "12345678", password: "000000" });
    expect(read(wrong)).toMatchObject({ step: WEBVIEW_IDS.steps.credentials, error: "Wrong login or password" });
    const invalid = await submit(sb, session, "credentials", { login: "98765", password: "123456" });
    expect(read(invalid).error).toContain("login");
    expect(invalid.text).not.toContain("98765");
    expect(read(await submit(sb, session, "credentials", { login: "12345678", password: "123456" })).step).toBe(
      "step-accounts",
    );
  });

  test("with a code: the connection goes to that user and the callback carries no code", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const { body } = await call(sb, "GET", "/auth/token/code?type=singleAccess", { token });
    const first = await open(sb, "connect", { ...base(sb), code: body.code, connector_uuids: sb.banks[0]!.uuid });
    const { session, step } = read(first);
    expect(step).toBe(WEBVIEW_IDS.steps.credentials);
    await submit(sb, session, "credentials", { login: "12345678", password: "123456" });
    const back = callback(await submit(sb, session, "accounts"));
    expect(back.searchParams.get("code")).toBeNull();
    expect((await call(sb, "GET", "/users/me/connections", { token })).body.total).toBe(1);
    const reused = callback(await open(sb, "connect", { ...base(sb), code: body.code }));
    expect(reused.searchParams.get("error")).toBe("invalid_request");
    const permanent = sb.createUser().token;
    const leaked = callback(await open(sb, "connect", { ...base(sb), code: permanent }));
    expect(leaked.searchParams.get("error_description")).toContain("not a temporary code");
  });

  test("decoupled banks wait on a self-refreshing page; webauth banks ask for approval", async () => {
    const sb = sandbox();
    const { session } = read(await open(sb, "connect", { ...base(sb), connector_ids: "62" }));
    const waiting = await submit(sb, session, "credentials", { login: "12345678", password: "123456" });
    expect(read(waiting).step).toBe(WEBVIEW_IDS.steps.waiting);
    expect(waiting.text).toContain('http-equiv="refresh"');
    expect(read(await call(sb, "GET", `/auth/webview/en/step?session=${session}`)).step).toBe(
      WEBVIEW_IDS.steps.waiting,
    );
    sb.clock.advance(2000);
    expect(read(await call(sb, "GET", `/auth/webview/en/step?session=${session}`)).step).toBe(
      WEBVIEW_IDS.steps.accounts,
    );
    const webauth = read(await open(sb, "connect", { ...base(sb), connector_ids: "65" }));
    const approve = await submit(sb, webauth.session, "credentials");
    expect(read(approve).step).toBe(WEBVIEW_IDS.steps.webauth);
    expect(read(await submit(sb, webauth.session, "webauth")).step).toBe(WEBVIEW_IDS.steps.accounts);
  });

  test("refusals: unknown client, unregistered redirect_uri (error page, no redirect), bad parameters", async () => {
    const sb = sandbox();
    const client = await open(sb, "connect", { ...base(sb), client_id: "1" });
    expect([client.status, read(client).step]).toEqual([400, WEBVIEW_IDS.steps.error]);
    const evil = await open(sb, "connect", { ...base(sb), redirect_uri: "https://evil.example/cb" });
    expect([evil.status, evil.headers.get("location")]).toEqual([400, null]);
    expect((await open(sb, "connect", { ...base(sb), redirect_uri: "http://127.0.0.1:4321/other" })).status).toBe(400);
    expect((await open(sb, "connect", { ...base(sb), redirect_uri: "https://app.example/cb" })).status).toBe(200);
    const both = callback(await open(sb, "connect", { ...base(sb), connector_ids: "59", connector_uuids: "x" }));
    expect([both.searchParams.get("error"), both.searchParams.get("state")]).toEqual(["invalid_request", STATE]);
    expect((await call(sb, "GET", "/auth/webview/de/connect")).status).toBe(404);
  });

  test("without a language the webview redirects following Accept-Language", async () => {
    const sb = sandbox();
    const answer = await call(sb, "GET", `/auth/webview/connect?client_id=${sb.clientId}&state=x`, {
      redirect: "manual",
      headers: { "Accept-Language": "fr-FR,fr;q=0.9" },
    });
    expect([answer.status, answer.headers.get("location")]).toEqual([
      302,
      `/2.0/auth/webview/fr/connect?client_id=${sb.clientId}&state=x`,
    ]);
  });
});

describe("webview parameters read strictly", () => {
  test("a parameter given twice (redirect_uri, state, …) is an error page, never a redirect to either value", async () => {
    const sb = sandbox();
    const good = `client_id=${sb.clientId}&redirect_uri=${encodeURIComponent("http://127.0.0.1:4321/callback")}`;
    for (const extra of [
      `&redirect_uri=${encodeURIComponent("http://localhost/callback")}`,
      "&state=a&state=b",
      `&client_id=${sb.clientId}`,
    ]) {
      const answer = await call(sb, "GET", `/auth/webview/en/connect?${good}${extra}`, { redirect: "manual" });
      expect([answer.status, answer.headers.get("location"), read(answer).step]).toEqual([
        400,
        null,
        WEBVIEW_IDS.steps.error,
      ]);
      expect(answer.text).toContain("is given more than once");
    }
    expect((await call(sb, "GET", `/auth/webview/en/connect?${good}&state=a`, { redirect: "manual" })).status).toBe(
      200,
    );
  });
});

describe("webview reconnect and manage", () => {
  test("reconnect asks the credentials again and comes back with the state only", async () => {
    const sb = sandbox();
    const user = sb.createUser({ connectorId: 60 });
    sb.setConnectionState(user.connectionId, "wrongpass");
    const { body } = await call(sb, "POST", "/auth/token/code", { token: user.token });
    const params = {
      client_id: sb.clientId,
      redirect_uri: "http://127.0.0.1/callback",
      code: body.code,
      connection_id: String(user.connectionId),
      state: STATE,
    };
    const { session, step } = read(await open(sb, "reconnect", params));
    expect(step).toBe(WEBVIEW_IDS.steps.credentials);
    expect(read(await submit(sb, session, "credentials", { login: "12345678", password: "123456" })).step).toBe(
      "step-additional",
    );
    const back = callback(await submit(sb, session, "additional", { sms: "123456" }));
    expect([...back.searchParams.keys()]).toEqual(["state"]);
    expect(back.searchParams.get("state")).toBe(STATE);
    expect(
      (await call(sb, "GET", `/users/me/connections/${user.connectionId}`, { token: user.token })).body.state,
    ).toBeNull();
    const missing = callback(await open(sb, "reconnect", { ...params, connection_id: "999" }));
    expect(missing.searchParams.get("error")).toBe("invalid_request");
  });

  test("manage lists connections, removes one, adds one, and closes back to the redirect URI", async () => {
    const sb = sandbox();
    const user = sb.createUser();
    const { body } = await call(sb, "POST", "/auth/token/code", { token: user.token });
    const params = { client_id: sb.clientId, redirect_uri: "http://127.0.0.1/callback", code: body.code, state: STATE };
    const list = await open(sb, "manage", params);
    const { session, step } = read(list);
    expect(step).toBe(WEBVIEW_IDS.steps.manage);
    expect(list.text).toContain(`id="${WEBVIEW_IDS.connection(user.connectionId)}"`);
    const removed = await submit(sb, session, `delete:${user.connectionId}`);
    expect(removed.text).not.toContain(`id="${WEBVIEW_IDS.connection(user.connectionId)}"`);
    expect(read(await submit(sb, session, "add")).step).toBe(WEBVIEW_IDS.steps.select);
    await submit(sb, session, "select", { connector_id: "59" });
    await submit(sb, session, "credentials", { login: "12345678", password: "123456" });
    const back = await submit(sb, session, "accounts");
    expect(read(back).step).toBe(WEBVIEW_IDS.steps.manage);
    const closed = callback(await submit(sb, session, "close"));
    expect([...closed.searchParams.entries()]).toEqual([["state", STATE]]);
    expect((await call(sb, "GET", "/users/me/connections", { token: user.token })).body.total).toBe(1);
    const { client_id, code } = params;
    const noRedirect = read(await open(sb, "manage", { client_id, code }));
    expect(read(await submit(sb, noRedirect.session, "close")).step).toBe(WEBVIEW_IDS.steps.done);
  });
});

describe("/webauth (the bank's own page)", () => {
  test("approve redirects with connection_id and state; deny with access_denied", async () => {
    const sb = sandbox();
    const { token } = await newUser(sb);
    const created = await call(sb, "POST", "/users/me/connections", { token, json: { id_connector: 65 } });
    const url = `${created.body.fields[0].value}&redirect_uri=${encodeURIComponent("http://127.0.0.1:9000/callback")}&state=${encodeURIComponent(STATE)}`;
    const page = await call(sb, "GET", url, { redirect: "manual" });
    expect(read(page).step).toBe(WEBVIEW_IDS.steps.webauth);
    const hidden = Object.fromEntries(
      [...page.text.matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]),
    );
    const approved = callback(
      await call(sb, "POST", "/webauth", { form: { ...hidden, action: "approve" }, redirect: "manual" }),
    );
    expect([approved.searchParams.get("connection_id"), approved.searchParams.get("state")]).toEqual([
      String(created.body.id),
      STATE,
    ]);
    expect((await call(sb, "GET", `/users/me/connections/${created.body.id}`, { token })).body.state).toBeNull();
    const second = await call(sb, "POST", "/users/me/connections", { token, json: { id_connector: 65 } });
    const denied = callback(
      await call(sb, "POST", "/webauth", {
        form: {
          id_connection: String(second.body.id),
          redirect_uri: "http://127.0.0.1/callback",
          has_state: "0",
          action: "cancel",
        },
        redirect: "manual",
      }),
    );
    expect(denied.search).toBe("?error=access_denied&error_description=The%20user%20refused%20the%20authorization");
  });
});

function decode(html: string): string {
  return html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
