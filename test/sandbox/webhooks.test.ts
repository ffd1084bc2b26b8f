import { createHmac } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { signWebhook } from "../../src/testing/index.js";
import { activateAll, call, connectBank, newUser, startReceiver, useSandbox } from "./helpers.js";

const sandbox = useSandbox();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.status = 200;
});
afterAll(() => receiver.close());

const json = (i: number) => JSON.parse(receiver.received[i]!.raw.toString("utf8"));

describe("webhooks after a sync", () => {
  test("2020 way: POST with the user's token as bearer; connections → accounts → transactions", async () => {
    const sb = sandbox();
    sb.addWebhook({ url: receiver.url });
    const { token, idUser } = await newUser(sb);
    const connection = await connectBank(sb, token, 60);
    await sb.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    const hit = receiver.received[0]!;
    expect([hit.method, hit.path, hit.headers.authorization]).toEqual(["POST", "/hooks/budgea", `Bearer ${token}`]);
    expect(hit.headers["content-type"]).toBe("application/json; charset=utf-8");
    const event = json(0);
    expect(event).toMatchObject({ total: 1, user: { id: idUser }, id_webhook_data: expect.any(Number) });
    expect(event.connections[0]).toMatchObject({ id: connection.id, state: null });
    expect(event.connections[0].accounts.every((a: any) => a.transactions.length === 0)).toBe(true);
    expect(sb.webhookDeliveries).toEqual([
      expect.objectContaining({ status: 200, attempt: 1, id_webhook_data: event.id_webhook_data }),
    ]);
  });

  test("activation sends the last month; a manual sync sends new transactions and deleted ones", async () => {
    const sb = sandbox();
    sb.addWebhook({ url: receiver.url });
    const { token } = await newUser(sb);
    const connection = await connectBank(sb, token, 60);
    await activateAll(sb, token, connection.id);
    await call(sb, "PUT", `/users/me/connections/${connection.id}`, { token });
    await call(sb, "PUT", `/users/me/connections/${connection.id}`, { token });
    await sb.flushWebhooks();
    expect(receiver.received).toHaveLength(4);
    const initial = json(1).connections[0].accounts[0].transactions;
    expect(initial.length).toBeGreaterThan(15);
    const firstSync = json(2).connections[0].accounts[0].transactions;
    expect(firstSync.length).toBeGreaterThanOrEqual(2);
    expect(firstSync.some((t: any) => t.coming)).toBe(true);
    const secondSync = json(3).connections[0].accounts[0].transactions;
    const deleted = secondSync.filter((t: any) => t.deleted);
    expect(deleted.map((t: any) => t.id)).toEqual(firstSync.filter((t: any) => t.coming).map((t: any) => t.id));
    const ids = new Set(receiver.received.map((_, i) => json(i).id_webhook_data));
    expect(ids.size).toBe(4);
  });

  test("current way: BI-Signature HMAC with the secret from POST /webhooks/auth, BI-Signature-Date an HTTP-date", async () => {
    const sb = sandbox();
    const auth = await call(sb, "POST", "/webhooks/auth", {
      token: sb.manageToken,
      json: { type: "hmac_signature", name: "main" },
    });
    expect(auth.body).toMatchObject({
      id: 1,
      name: "main",
      type: "hmac_signature",
      config: { secret_key: expect.any(String) },
    });
    const hook = await call(sb, "POST", "/webhooks", {
      token: sb.manageToken,
      form: { url: receiver.url, id_auth: "main" },
    });
    expect(hook.body).toMatchObject({ id: 1, url: receiver.url, id_auth: 1 });
    expect(sb.webhookSecret).toBe(auth.body.config.secret_key);
    sb.createUser();
    await sb.flushWebhooks();
    const hit = receiver.received[0]!;
    const date = String(hit.headers["bi-signature-date"]);
    expect(new Date(date).toUTCString()).toBe(date);
    const expected = createHmac("sha256", auth.body.config.secret_key)
      .update(`POST./hooks/budgea.${date}.${hit.raw.toString("utf8")}`)
      .digest("base64");
    expect(hit.headers["bi-signature"]).toBe(expected);
    expect(signWebhook(auth.body.config.secret_key, "POST", "/hooks/budgea", date, hit.raw)).toBe(expected);
    expect(hit.headers.authorization).toBeUndefined();
    const listed = await call(sb, "GET", "/webhooks", { token: sb.manageToken });
    expect(listed.body.total).toBe(1);
    expect(
      (await call(sb, "GET", "/webhooks/auth", { token: sb.manageToken })).body.authproviders[0].config,
    ).toBeUndefined();
  });

  test("gzip bodies, and a secret of your own", async () => {
    const sb = sandbox();
    const { secret } = sb.addWebhook({
      url: receiver.url,
      auth: "signature",
      secret: "0123456789abcdef0123",
      gzip: true,
    });
    expect(secret).toBe("0123456789abcdef0123");
    sb.createUser({ activate: false });
    await sb.flushWebhooks();
    const hit = receiver.received[0]!;
    expect(hit.headers["content-encoding"]).toBe("gzip");
    const body = gunzipSync(hit.raw);
    const date = String(hit.headers["bi-signature-date"]);
    expect(hit.headers["bi-signature"]).toBe(signWebhook("0123456789abcdef0123", "POST", "/hooks/budgea", date, body));
    expect(JSON.parse(body.toString()).connections).toHaveLength(1);
  });

  test("a receiver that does not answer 200 gets the same payload again at the user's next sync", async () => {
    const sb = sandbox();
    sb.addWebhook({ url: receiver.url });
    const user = sb.createUser();
    await sb.flushWebhooks();
    receiver.status = 503;
    await call(sb, "PUT", `/users/me/connections/${user.connectionId}`, { token: user.token });
    await sb.flushWebhooks();
    const refused = json(2).id_webhook_data;
    receiver.status = 200;
    await call(sb, "PUT", `/users/me/connections/${user.connectionId}`, { token: user.token });
    await sb.flushWebhooks();
    const attempts = sb.webhookDeliveries.map((d) => [d.id_webhook_data, d.attempt, d.status]);
    expect(attempts.slice(2)).toEqual([
      [refused, 1, 503],
      [refused, 2, 200],
      [expect.any(Number), 1, 200],
    ]);
    expect(json(3)).toEqual(json(2));
  });

  test("an unreachable receiver is recorded with its error; bad registrations are 400s", async () => {
    const sb = sandbox();
    sb.addWebhook({ url: "http://127.0.0.1:1/nowhere" });
    sb.createUser();
    await sb.flushWebhooks();
    expect(sb.webhookDeliveries[0]).toMatchObject({ status: undefined, error: expect.any(String) });
    const bad = await call(sb, "POST", "/webhooks", { token: sb.manageToken, json: { url: "ftp://x" } });
    expect([bad.status, bad.body.code]).toEqual([400, "invalidValue"]);
    const noAuth = await call(sb, "POST", "/webhooks", {
      token: sb.manageToken,
      json: { url: receiver.url, id_auth: "nope" },
    });
    expect(noAuth.body.code).toBe("invalidValue");
  });
});

describe("a webhook registered by option", () => {
  const withOption = useSandbox({ webhook: { url: "http://127.0.0.1:9/placeholder" } });

  test("is there from the start and after reset()", async () => {
    const sb = withOption();
    expect((await call(sb, "GET", "/webhooks", { token: sb.manageToken })).body.webhooks[0].url).toBe(
      "http://127.0.0.1:9/placeholder",
    );
  });
});
