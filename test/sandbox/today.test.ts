/**
 * `connectionStyle: "current"`: the sandbox answers in today's shapes, nulls included, and each body it sends is
 * one the overlaid document accepts (Ajv, as the contract test reads it): a connection before its first sync,
 * a card account without balance, an investment without valuation, `summary_card` transactions, today's
 * CONNECTION_SYNCED body.
 */
import type { Doc } from "../../scripts/lib/oas.js";
import { responseChecker } from "../../scripts/contract/response-check.js";
import { syncedConnections, verifyWebhook } from "../../src/index.js";
import { built } from "../spec/support/document.js";
import { activateAll, call, connectBank, newUser, startReceiver, useSandbox } from "./helpers.js";

const sandbox = useSandbox({ connectionStyle: "current", seed: 12 });
let doc: Doc;
let check: ReturnType<typeof responseChecker>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  ({ doc } = await built());
  check = responseChecker(doc);
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

async function connectedUser() {
  const sb = sandbox();
  const { token } = await newUser(sb);
  const connection = await connectBank(sb, token, 59);
  await activateAll(sb, token, connection.id);
  return { sb, token, connection };
}

test("a connection before its first sync: no creation date, no update, no push yet", async () => {
  const sb = sandbox();
  const { token } = await newUser(sb);
  const waiting = await call(sb, "POST", "/users/me/connections", {
    token,
    json: { id_connector: 62, login: "12345678", password: "123456" },
  });
  expect(waiting.status).toBe(200);
  expect(waiting.body).toMatchObject({
    state: "decoupled",
    created: null,
    last_update: null,
    last_push: null,
    next_try: null,
  });
  expect(check("/users/{id_user}/connections", "post", 200, waiting.body)).toEqual([]);
  const synced = await connectBank(sb, token, 59);
  expect(synced.created).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/));
});

test("a card account has no balance, no coming and no IBAN; the others do", async () => {
  const { sb, token } = await connectedUser();
  const { body } = await call(sb, "GET", "/users/me/accounts", { token });
  expect(check("/users/{id_user}/accounts", "get", 200, body)).toEqual([]);
  const card = body.accounts.find((a: any) => a.type === "card");
  expect([card.balance, card.coming, card.iban]).toEqual([null, null, null]);
  const checking = body.accounts.find((a: any) => a.type === "checking");
  expect(typeof checking.balance).toBe("number");
});

test("an investment without valuation, the others valued", async () => {
  const { sb, token } = await connectedUser();
  const { body } = await call(sb, "GET", "/users/me/investments", { token });
  expect(check("/users/{id_user}/investments", "get", 200, body)).toEqual([]);
  const [unvalued, ...valued] = body.investments;
  expect([unvalued.valuation, unvalued.unitvalue, unvalued.diff]).toEqual([null, null, null]);
  expect(valued.every((i: any) => typeof i.valuation === "number")).toBe(true);
});

test("a checking account's deferred card debits are `summary_card`; card payments carry their UTC moment", async () => {
  const { sb, token } = await connectedUser();
  const { body: accounts } = await call(sb, "GET", "/users/me/accounts", { token });
  const checking = accounts.accounts.find((a: any) => a.type === "checking");
  const { body } = await call(
    sb,
    "GET",
    `/users/me/accounts/${checking.id}/transactions?min_date=2000-01-01&limit=500`,
    { token },
  );
  expect(check("/users/{id_user}/accounts/{id_account}/transactions", "get", 200, body)).toEqual([]);
  const types = new Set(body.transactions.map((tx: any) => tx.type));
  expect(types.has("summary_card")).toBe(true);
  expect(types.has("card_summary")).toBe(false); // the 2020 spelling is not today's
  const card = body.transactions.find((tx: any) => tx.type === "card");
  expect(card.datetime).toMatch(new RegExp(`^${card.date} \\d\\d:\\d\\d:00$`));
});

test("CONNECTION_SYNCED is today's body: one `connection` and its `user`, recognised without the `event` option", async () => {
  const sb = sandbox();
  receiver.received.length = 0;
  const { secret } = sb.addWebhook({ url: receiver.url, auth: "signature" });
  const { token, idUser } = await newUser(sb);
  const connection = await connectBank(sb, token, 59);
  await activateAll(sb, token, connection.id);
  await sb.flushWebhooks();
  const hit = receiver.received.at(-1)!;
  const payload = JSON.parse(hit.raw.toString("utf8"));
  expect(payload.connections).toBeUndefined();
  expect(payload).toMatchObject({ connection: { id: connection.id }, user: { id: idUser } });
  const event = await verifyWebhook(
    { method: hit.method, path: hit.path, headers: hit.headers, rawBody: hit.raw },
    { hmacSecret: secret! },
  );
  expect(event.type).toBe("CONNECTION_SYNCED");
  if (event.type !== "CONNECTION_SYNCED") throw new Error("narrowing");
  const accounts = syncedConnections(event.payload).flatMap((c) => c.accounts ?? []);
  expect(accounts.find((a) => a.type === "card")?.balance).toBeNull();
  expect(accounts.flatMap((a) => a.transactions ?? []).length).toBeGreaterThan(0);
});
