/**
 * The secret-leak scan (issue 8 §4). Every workflow, happy and unhappy, runs with a logger at debug level;
 * every log line and every error (message, String(), JSON.stringify, util.inspect) is collected, and no
 * secret of the run may appear in any of them: the tokens and codes the API issued, the client secret,
 * the HMAC secret, and canary bank credentials, passwords and OTPs typed by the "user".
 */
import http from "node:http";
import { inspect } from "node:util";
import { Budgea, type Logger } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { webhookHandler } from "../../src/webhooks-node.js";

const CANARY = {
  login: "55501234",
  password: "907315",
  sms: "314159",
  transferPassword: "271828",
  refusedPassword: "000000", // the sandbox's "wrong password"
  badFormat: "x-CANARY-bad-format",
  hmacSecret: "hmac-CANARY-5e1f",
  wrongToken: "tok-CANARY-wrong",
};

const secrets = new Set<string>(Object.values(CANARY));
const lines: string[] = [];
const errors: unknown[] = [];

const logger: Logger = {
  debug: (fields, message) => lines.push(`debug ${message} ${JSON.stringify(fields)}`),
  info: (fields, message) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
  warn: (fields, message) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  error: (fields, message) => lines.push(`error ${message} ${JSON.stringify(fields)}`),
  isLevelEnabled: () => true,
};

/** Runs a step that may fail; its error is kept for the scan. */
async function attempt(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    errors.push(error);
  }
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ decoupledDelayMs: 100 });
  secrets.add(sb.clientSecret);
  secrets.add(sb.manageToken);
});
afterAll(() => sb.close());

test("no secret of the run in any log line or any error the client produced", async () => {
  const browser = new Budgea({ baseUrl: sb.url, logger });
  const server = new Budgea({ baseUrl: sb.url, logger, clientId: sb.clientId, clientSecret: sb.clientSecret });

  // Tokens and codes: issued, used, exchanged, renewed, revoked, expired.
  const grant = await browser.auth.init();
  secrets.add(grant.token);
  const user = browser.withToken(grant.token);
  const { code } = await user.auth.code();
  secrets.add(code);
  const permanent = await server.auth.exchange({ code });
  secrets.add(permanent.token);
  await attempt(() => server.auth.exchange({ code })); // a used code
  const renewed = await server.auth.renew({ idUser: permanent.idUser!, revokePrevious: false });
  secrets.add(renewed.token);
  const owner = server.withToken(permanent.token);
  await attempt(() => server.withToken(CANARY.wrongToken).connections.list()); // a token the API refuses
  await attempt(() => browser.withToken(grant.token, { expiresAt: new Date(0) }).connections.list()); // expired, client side

  // Connections: credentials, an OTP, a wrong password, a value refused before sending.
  const credentials = { login: CANARY.login, password: CANARY.password };
  const step = await owner.connections.create({ connectorId: 60, fields: credentials });
  if (step.status === "additionalInformationNeeded") await owner.connections.resume(step.connection.id, { sms: CANARY.sms }, { fields: step.fields });
  await attempt(() => owner.connections.create({ connectorId: 59, fields: { login: CANARY.login, password: CANARY.refusedPassword } }));
  await attempt(() =>
    owner.connections.connect({ connectorId: 60, fields: credentials, prompt: () => ({ sms: CANARY.refusedPassword }) }),
  );
  const { data } = await owner.api.GET("/banks", { params: { query: { expand: "fields" } } });
  const fieldDefinitions = data.banks.find((b) => b.id === 59)!.fields!;
  await attempt(() => owner.connections.create({ connectorId: 59, fields: { login: CANARY.badFormat, password: CANARY.password }, fieldDefinitions }));
  await attempt(() => owner.connections.update(step.connection.id, { password: CANARY.refusedPassword }));

  // Transfers: the bank's password, a wrong one, and a reset after sending.
  const { data: all } = await owner.api.GET("/users/{id_user}/accounts", { params: { path: { id_user: "me" }, query: { all: true } } });
  const accountId = all.accounts[0]!.id;
  await owner.api.PUT("/users/{id_user}/accounts/{id_account}", { params: { path: { id_user: "me", id_account: accountId } }, body: { disabled: false } });
  const { data: recipients } = await owner.api.GET("/users/{id_user}/accounts/{id_account}/recipients", {
    params: { path: { id_user: "me", id_account: accountId } },
  });
  const recipientId = recipients.recipients[0]!.id;
  const transfer = await owner.transfers.create({ accountId, recipientId, amount: 1.5, label: "scan" });
  await owner.transfers.validate(transfer.id);
  await attempt(() => owner.transfers.validate(transfer.id, { password: CANARY.refusedPassword }));
  await owner.transfers.validate(transfer.id, { password: CANARY.transferPassword });
  const second = await owner.transfers.create({ accountId, recipientId, amount: 2, label: "scan 2" });
  await owner.transfers.validate(second.id);
  sb.inject({ method: "POST", path: "/users/{id_user}/transfers/{id_transfer}", kind: "drop", process: true });
  await attempt(() => owner.transfers.validate(second.id, { password: CANARY.transferPassword }));

  // Webview: a permanent token where a temporary code belongs is refused.
  await attempt(async () => owner.webview.url("connect", { redirectUri: "http://127.0.0.1/callback", code: permanent.token }));

  // Webhooks: a wrong HMAC secret, a wrong bearer token, over loopback through the node adapter.
  const receiverErrors: unknown[] = [];
  const receiver = http.createServer((req, res) => {
    const options = req.url?.includes("bearer")
      ? { resolveToken: () => CANARY.wrongToken }
      : { hmacSecret: CANARY.hmacSecret };
    void webhookHandler(options, () => undefined, (error) => void receiverErrors.push(error))(req, res);
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as { port: number }).port;
  const signed = sb.addWebhook({ url: `http://127.0.0.1:${port}/hmac`, auth: "signature" });
  secrets.add(signed.secret!);
  sb.addWebhook({ url: `http://127.0.0.1:${port}/bearer`, auth: "bearer" });
  try {
    const healthy = await owner.connections.create({ connectorId: 59, fields: credentials });
    await owner.connections.sync(healthy.connection.id);
    await sb.flushWebhooks();
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
  errors.push(...receiverErrors);

  // Construction: tokens that cannot work (a line break, a pasted scheme), in every place a token enters.
  const pasted = `${permanent.token}\n`;
  await attempt(async () => new Budgea({ baseUrl: sb.url, logger, token: pasted }));
  await attempt(async () => server.withToken(`Bearer ${permanent.token}`));
  await attempt(() => server.api.GET("/banks", { token: pasted }));
  await attempt(() => server.api.GET("/banks", { headers: { authorization: `Bearer ${permanent.token}\r\nx: 1` } }));

  // Middleware that throw, quoting whatever they saw (the Authorization header, the body, the URL).
  const quoting = server.withToken(permanent.token);
  quoting.api.use({
    onRequest: async ({ request }) => {
      if (request.url.includes("boom-request"))
        throw new Error(`refused ${request.headers.get("authorization")} ${await request.clone().text()} ${request.url}`);
    },
    onResponse: ({ request }) => {
      if (request.url.includes("boom-response")) throw new TypeError(`after ${request.headers.get("authorization")}`);
    },
  });
  const body = { id_connector: 59, login: CANARY.login, password: CANARY.password };
  await attempt(() =>
    quoting.api.POST("/users/{id_user}/connections", { params: { path: { id_user: "me" }, query: { expand: "boom-request", code } as never }, body }),
  );
  await attempt(() => quoting.api.GET("/banks", { params: { query: { expand: "boom-response" } } }));

  // The transport: a custom fetch that fails quoting the request, and one that answers garbage.
  const quotingFetch = async (input: string | URL | Request, init?: RequestInit) => {
    throw new TypeError(`fetch failed for ${String(input)} with ${JSON.stringify(init?.headers)} ${String(init?.body)}`, {
      cause: new Error(`socket closed (${JSON.stringify(init?.headers)})`),
    });
  };
  const broken = new Budgea({ baseUrl: sb.url, logger, token: permanent.token, clientId: sb.clientId, clientSecret: sb.clientSecret, fetch: quotingFetch, maxRetries: 0 });
  await attempt(() => broken.api.GET("/banks", { params: { query: { code } as never } }));
  await attempt(() => broken.auth.exchange({ code }));

  // The scan.
  expect(errors.length).toBeGreaterThanOrEqual(18);
  expect(receiverErrors.length).toBeGreaterThanOrEqual(2);
  expect(lines.length).toBeGreaterThan(50);
  const exposed = [
    ...lines,
    ...errors.flatMap((e) => [String(e), (e as Error).message ?? "", JSON.stringify(e) ?? "", inspect(e, { depth: 6 })]),
  ];
  const leaks = exposed.flatMap((text) => [...secrets].filter((secret) => text.includes(secret)).map((secret) => ({ secret, text })));
  expect(leaks).toEqual([]);
  process.stdout.write(
    `\nSecret-leak scan: ${secrets.size} secrets × ${exposed.length} strings (${lines.length} log lines, ${errors.length} errors): no leak\n`,
  );
}, 60_000);
