/** README's SQL SyncStore (docs/snippets/sqlite-store.ts) holds the same guarantees as the memory store. */
import initSqlJs from "sql.js";
import type { SyncChange } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { SqliteSyncStore } from "../../docs/snippets/sqlite-store.js";
import { apiTransactions, userClient } from "./helpers.js";

const T0 = Date.parse("2024-06-03T08:00:00Z");
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ now: () => T0, transactionsPerAccount: 150 });
});
afterAll(() => sb.close());

const byId = (items: { id: number }[]) => new Map(items.map((item) => [item.id, item]));

test("runs, a crash mid-run, deletions and webhooks through SQLite: the copy ends equal to the API", async () => {
  const store = new SqliteSyncStore(new (await initSqlJs()).Database());
  const { token, connectionId, idUser } = sb.createUser();
  sb.simulateSync(connectionId, { added: 10 });
  const user = userClient(sb, token);
  await user.sync.run({ store, key: idUser, batchSize: 100 });
  expect(byId(store.items(String(idUser), "transaction"))).toEqual(await apiTransactions(sb, token));

  sb.clock.advance(3_600_000);
  sb.simulateSync(connectionId, { added: 20, edited: 40, deleted: 6 });
  sb.clock.advance(1000);
  let commits = 0;
  const crashing = {
    cursor: (key: string) => store.cursor(key),
    commit: (key: string, batch: Parameters<SqliteSyncStore["commit"]>[1]) => {
      if (++commits === 3) throw new Error("crash");
      return store.commit(key, batch);
    },
  };
  await expect(user.sync.run({ store: crashing, key: idUser, batchSize: 10 })).rejects.toThrow("crash");
  const resumed = await user.sync.run({ store, key: idUser, batchSize: 10 });
  expect(resumed.resumed).toBe(true);
  expect(byId(store.items(String(idUser), "transaction"))).toEqual(await apiTransactions(sb, token));

  // A delivery applies once; a connection removed takes its accounts and transactions with it.
  const delivery = { connection: { id: connectionId, id_user: idUser, accounts: [] }, id_webhook_data: 77 };
  expect((await user.sync.applyWebhook(delivery, { store })).applied).toBe(true);
  expect((await user.sync.applyWebhook(delivery, { store })).applied).toBe(false);
  await fetch(`${sb.url}/users/me/connections/${connectionId}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${token}` },
  });
  sb.clock.advance(60_000);
  await user.sync.run({ store, key: idUser });
  for (const resource of ["connection", "account", "transaction"] as const)
    expect(store.items(String(idUser), resource)).toEqual([]);
});

test("a commit that fails half-way leaves nothing: no change, no cursor, no delivery (ROLLBACK)", async () => {
  const store = new SqliteSyncStore(new (await initSqlJs()).Database());
  const { token, idUser } = sb.createUser();
  await userClient(sb, token).sync.run({ store, key: idUser });
  const key = String(idUser);
  const before = { cursor: store.cursor(key), transactions: store.items(key, "transaction") };
  const [first] = before.transactions as { id: number; last_update: string }[];
  const edited = { ...first!, wording: "EDITED", last_update: "2030-01-01 00:00:00" };
  const unwritable = { id: 999_999_999, last_update: "2030-01-01 00:00:00", amount: 10n }; // JSON.stringify throws
  const batch = {
    changes: [
      { kind: "upsert", resource: "transaction", item: edited },
      { kind: "upsert", resource: "transaction", item: unwritable },
    ] as SyncChange[],
    cursor: "s1.next",
    idWebhookData: 5,
  };
  expect(() => store.commit(key, batch)).toThrow(TypeError);
  expect({ cursor: store.cursor(key), transactions: store.items(key, "transaction") }).toEqual(before);
  // the delivery was not recorded either: once fixed, it applies
  expect(store.commit(key, { ...batch, changes: batch.changes.slice(0, 1) })).toBe(true);
  expect(
    store.items<{ id: number; wording: string }>(key, "transaction").find((tx) => tx.id === first!.id)?.wording,
  ).toBe("EDITED");
});
