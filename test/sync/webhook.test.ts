import { Budgea, MemorySyncStore, changeVersion, verifyWebhook } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { type TestServer, startServer } from "../helpers/server.js";
import { apiTransactions, storeTransactions } from "./helpers.js";

const T0 = Date.parse("2024-06-03T08:00:00Z");
let sb: Sandbox;
let receiver: TestServer;
beforeAll(async () => {
  receiver = await startServer((_req, res) => void res.end("ok"));
  sb = await startSandbox({ now: () => T0, transactionsPerAccount: 40 });
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});
beforeEach(() => sb.reset());

/** The CONNECTION_SYNCED bodies the sandbox posted, parsed. */
async function deliveries(): Promise<Record<string, any>[]> {
  await sb.flushWebhooks();
  return sb.webhookDeliveries.map((d) => JSON.parse(d.body));
}

/** The current form of a 2020 push body: one `connection`. */
const current = (push: Record<string, any>) => ({
  connection: push.connections[0],
  user: push.user,
  id_webhook_data: push.id_webhook_data,
});

describe("sync.applyWebhook()", () => {
  test("both CONNECTION_SYNCED forms feed the store the same changes, once per id_webhook_data", async () => {
    sb.addWebhook({ url: receiver.url });
    const { idUser, connectionId } = sb.createUser();
    sb.clock.advance(60_000);
    const sync = sb.simulateSync(connectionId, { added: 3 });
    const posted = await deliveries(); // at the first sync (accounts disabled), at activation, at the later sync
    const [initial, later] = posted.slice(-2);
    const budgea = new Budgea({ baseUrl: sb.url });
    for (const form of [(b: Record<string, any>) => b, current]) {
      const store = new MemorySyncStore();
      const first = await budgea.sync.applyWebhook(form(initial!), { store });
      expect(first).toMatchObject({ applied: true, idUser, idWebhookData: initial!.id_webhook_data });
      const again = await budgea.sync.applyWebhook(form(initial!), { store });
      expect(again).toMatchObject({ applied: false, changes: 0 }); // a redelivery changes nothing
      await budgea.sync.applyWebhook(form(later!), { store });
      const held = storeTransactions(store, String(idUser));
      for (const tx of sync.added) expect(held.get(tx.id)).toEqual(tx);
      expect(store.snapshot(String(idUser)).connection.map((c) => c.id)).toEqual([connectionId]);
      expect(store.snapshot(String(idUser)).connection[0]).not.toHaveProperty("accounts");
    }
  });

  test("a verified event is accepted as is; a late delivery never overwrites a newer poll", async () => {
    const url = `${receiver.url}/hook`;
    const { secret } = sb.addWebhook({ url, auth: "signature" });
    const { idUser, token, connectionId } = sb.createUser();
    sb.clock.advance(3_600_000);
    sb.simulateSync(connectionId, { added: 2 });
    await sb.flushWebhooks();
    const delivery = sb.webhookDeliveries.at(-1)!;
    const event = await verifyWebhook(
      { method: "POST", path: new URL(url).pathname, headers: delivery.headers, rawBody: delivery.body },
      { hmacSecret: secret!, now: () => T0 + 3_600_000 },
    );
    const user = new Budgea({ baseUrl: sb.url, token });
    const store = new MemorySyncStore();
    sb.clock.advance(3_600_000);
    const edited = sb.simulateSync(connectionId, { edited: 30 }); // newer than what the delivery carries
    await user.sync.run({ store, key: idUser });
    const polled = store.snapshot(String(idUser));
    const result = await user.sync.applyWebhook(event, { store });
    expect(result.applied).toBe(true);
    // The delivery's connection and accounts are an hour older than the poll's: they lose.
    expect(store.snapshot(String(idUser)).connection).toEqual(polled.connection);
    expect(store.snapshot(String(idUser)).account).toEqual(polled.account);
    expect((event.payload as any).connections[0].last_update).not.toBe(polled.connection[0]!.last_update);
    expect(storeTransactions(store, String(idUser))).toEqual(await apiTransactions(sb, token));
    expect(edited.edited.length).toBe(30);
  });

  test("a body that is not CONNECTION_SYNCED, or carries an item without an id, is a typed error", async () => {
    const budgea = new Budgea({ baseUrl: sb.url });
    const store = new MemorySyncStore();
    await expect(budgea.sync.applyWebhook({ id_webhook_data: 1 }, { store, key: 1 })).rejects.toMatchObject({
      name: "InvalidOptionsError",
    });
    await expect(budgea.sync.applyWebhook({ connection: { accounts: [] } }, { store, key: 1 })).rejects.toMatchObject({
      name: "WebhookPayloadError",
    });
    await expect(budgea.sync.applyWebhook({ connections: [{ id: 1 }] }, { store })).rejects.toMatchObject({
      name: "InvalidOptionsError",
      option: "key",
    });
  });

  test("changeVersion: last_update (or deleted) as the Paris instant; 0 when absent", () => {
    const tx = { id: 1, id_account: 1, date: "2024-01-01" } as never;
    expect(
      changeVersion({
        kind: "upsert",
        resource: "transaction",
        item: { ...(tx as object), last_update: "2024-07-01 12:00:00" } as never,
      }),
    ).toBe(Date.parse("2024-07-01T10:00:00Z"));
    expect(
      changeVersion({
        kind: "delete",
        resource: "transaction",
        item: { id: 1, last_update: "2024-07-01 12:00:00", deleted: "2024-07-02 12:00:00" },
      }),
    ).toBe(Date.parse("2024-07-02T10:00:00Z"));
    expect(changeVersion({ kind: "upsert", resource: "account", item: { id: 2, last_update: null } as never })).toBe(0);
  });
});
