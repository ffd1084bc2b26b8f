/**
 * The domain-wide form (`new Sync(admin, { idUser: "all" })`, the manage token) against the sandbox: one run and
 * one cursor for every user, each change filed under its own user, as exact as the per-user form.
 */
import { Budgea, InvalidSyncCursorError, MemorySyncStore, Sync, type SyncChange } from "../../src/index.js";
import { type CreatedUser, type Sandbox, startSandbox } from "../../src/testing/index.js";
import { RecordingStore, apiTransactions, storeTransactions, userClient } from "./helpers.js";

const T0 = Date.parse("2024-06-03T08:00:00Z");
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ now: () => T0, transactionsPerAccount: 60 });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  sb.clock.set(T0);
});

function domainSync(fetch?: typeof globalThis.fetch): Sync {
  return new Sync(new Budgea({ baseUrl: sb.url, token: sb.manageToken, ...(fetch ? { fetch } : {}) }), {
    idUser: "all",
  });
}

async function collect(run: AsyncIterable<SyncChange>): Promise<SyncChange[]> {
  const out: SyncChange[] = [];
  for await (const change of run) out.push(change);
  return out;
}

/** Every user's copy equals what the API shows that user (connections, accounts, transactions). */
async function expectCopies(store: MemorySyncStore, users: CreatedUser[]): Promise<void> {
  for (const user of users) {
    const key = String(user.idUser);
    expect(storeTransactions(store, key)).toEqual(await apiTransactions(sb, user.token));
    const held = store.snapshot(key);
    expect(held.connection.map((c) => c.id)).toEqual([user.connectionId]);
    expect(held.account.map((a) => a.id)).toEqual([...user.accountIds].sort((a, b) => a - b));
  }
}

test("the sandbox lists every user's connections, accounts and transactions at /users/all with the manage token only", async () => {
  const [a, b] = [sb.createUser(), sb.createUser()];
  const get = (path: string, token: string) =>
    fetch(`${sb.url}${path}`, { headers: { Authorization: `Bearer ${token}` } }).then(
      async (r) => [r.status, await r.json()] as [number, Record<string, { id_user?: number; id_account?: number }[]>],
    );
  const [, connections] = await get("/users/all/connections?expand=accounts", sb.manageToken);
  expect(connections.connections!.map((c) => c.id_user)).toEqual([a!.idUser, b!.idUser]);
  const [, accounts] = await get("/users/all/accounts", sb.manageToken);
  expect(new Set(accounts.accounts!.map((x) => x.id_user))).toEqual(new Set([a!.idUser, b!.idUser]));
  const [, transactions] = await get("/users/all/transactions?min_date=1970-01-01&limit=1000", sb.manageToken);
  const ownerOf = (tx: { id_account?: number }) =>
    a!.accountIds.includes(tx.id_account!) ? a!.idUser : b!.accountIds.includes(tx.id_account!) ? b!.idUser : 0;
  expect(new Set(transactions.transactions!.map(ownerOf))).toEqual(new Set([a!.idUser, b!.idUser]));
  // With a user's token, `all` is still that user; other routes still want a user id with the manage token.
  const [, own] = await get("/users/all/connections", a!.token);
  expect(own.connections!.map((c) => c.id_user)).toEqual([a!.idUser]);
  expect((await get("/users/all/recipients", sb.manageToken))[0]).toBe(400);
});

test("one run reads every user; after bank syncs of two users, the next yields exactly their changes, each under its user", async () => {
  const users = [sb.createUser(), sb.createUser(), sb.createUser()];
  sb.simulateSync(users[0]!.connectionId, { added: 5 });
  sb.clock.advance(3_600_000);
  const sync = domainSync();
  const store = new MemorySyncStore();
  const first = await sync.run({ store, key: "domain", batchSize: 100 });
  expect(first.commits).toBeGreaterThan(3);
  await expectCopies(store, users);
  expect(store.cursor("domain")).toBe(first.cursor);
  expect(store.snapshot("domain").transaction).toEqual([]); // the cursor's key holds no items

  sb.clock.advance(3_600_000);
  const changed = [
    sb.simulateSync(users[0]!.connectionId, { added: 3, edited: 4, deleted: 2 }),
    sb.simulateSync(users[2]!.connectionId, { added: 2, edited: 5 }),
  ];
  sb.clock.advance(60_000);
  const before = sb.requests();
  const run = sync.changes({ cursor: store.cursor("domain") });
  const changes = await collect(run);
  expect(sb.requests() - before).toBe(2); // the domain's connections (with accounts), one page of transactions
  const transactions = changes.filter((c) => c.resource === "transaction");
  const expected = [
    ...changed[0]!.added.map((tx) => `${users[0]!.idUser} upsert ${tx.id}`),
    ...changed[0]!.edited.map((tx) => `${users[0]!.idUser} upsert ${tx.id}`),
    ...changed[0]!.deleted.map((tx) => `${users[0]!.idUser} delete ${tx.id}`),
    ...changed[1]!.added.map((tx) => `${users[2]!.idUser} upsert ${tx.id}`),
    ...changed[1]!.edited.map((tx) => `${users[2]!.idUser} upsert ${tx.id}`),
  ];
  const deletedIds = new Set(changed[0]!.deleted.map((tx) => tx.id));
  const wanted = expected.filter((line) => !(line.includes(" upsert ") && deletedIds.has(Number(line.split(" ")[2]))));
  expect(transactions.map((c) => `${c.idUser} ${c.kind} ${c.item.id}`).sort()).toEqual([...new Set(wanted)].sort());
  expect(new Set(changes.filter((c) => c.resource === "connection").map((c) => c.idUser))).toEqual(
    new Set([users[0]!.idUser, users[2]!.idUser]),
  );
  await store.commit("domain", { changes, cursor: run.cursor! });
  await expectCopies(store, users);
});

test("a crash between two commits resumes from the checkpoint: every user's copy exact, nothing twice", async () => {
  const users = [sb.createUser(), sb.createUser()];
  for (const user of users) sb.simulateSync(user.connectionId, { added: 2 }); // something the bank deletes later
  sb.clock.advance(3_600_000);
  const sync = domainSync();
  const store = new RecordingStore();
  store.failOnCommit = 3;
  await expect(sync.run({ store, key: "domain", batchSize: 40 })).rejects.toThrow("crash");
  sb.clock.advance(1000);
  for (const user of users) sb.simulateSync(user.connectionId, { added: 4, edited: 6, deleted: 1 });
  sb.clock.advance(1000);
  expect((await sync.run({ store, key: "domain", batchSize: 40 })).resumed).toBe(true);
  await sync.run({ store, key: "domain", batchSize: 40 });
  await expectCopies(store.memory, users);
  expect(store.duplicates()).toEqual([]);
});

test("a removed connection is deleted under its user; the other users' copies stay", async () => {
  const [gone, kept] = [sb.createUser(), sb.createUser()];
  const sync = domainSync();
  const store = new MemorySyncStore();
  await sync.run({ store, key: "domain" });
  await fetch(`${sb.url}/users/me/connections/${gone!.connectionId}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${gone!.token}` },
  });
  sb.clock.advance(60_000);
  const run = sync.changes({ cursor: store.cursor("domain") });
  const changes = await collect(run);
  expect(changes.map((c) => `${c.kind} ${c.resource} ${c.item.id} of ${c.idUser}`).sort()).toEqual(
    [
      `delete connection ${gone!.connectionId} of ${gone!.idUser}`,
      ...gone!.accountIds.map((id) => `delete account ${id} of ${gone!.idUser}`),
    ].sort(),
  );
  await store.commit("domain", { changes, cursor: run.cursor! });
  expect(store.snapshot(String(gone!.idUser))).toEqual({ connection: [], account: [], transaction: [] });
  await expectCopies(store, [kept!]);
});

test("a user who arrives between the two reads: their transactions wait for the next run, which brings them with their accounts", async () => {
  const users = [sb.createUser()];
  sb.clock.advance(3_600_000);
  let arrive = false;
  const fetchWithArrival: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (arrive && url.includes("/users/all/transactions")) {
      arrive = false;
      users.push(sb.createUser()); // after the connections were read, before the transactions are
    }
    return fetch(input, init);
  };
  const sync = domainSync(fetchWithArrival);
  const store = new MemorySyncStore();
  await sync.run({ store, key: "domain" });
  sb.clock.advance(3_600_000);
  arrive = true;
  const run = sync.changes({ cursor: store.cursor("domain") });
  const changes = await collect(run);
  expect(users).toHaveLength(2);
  expect(changes).toEqual([]);
  expect(run.counts.deferred).toBe((await apiTransactions(sb, users[1]!.token)).size);
  await store.commit("domain", { changes, cursor: run.cursor! });
  sb.clock.advance(60_000);
  await sync.run({ store, key: "domain" });
  await expectCopies(store, users);
});

test("a cursor of the other form is an InvalidSyncCursorError", async () => {
  const user = sb.createUser();
  const perUser = userClient(sb, user.token).sync.changes();
  await collect(perUser);
  expect(() => domainSync().changes({ cursor: perUser.cursor })).toThrow(InvalidSyncCursorError);
  const domain = domainSync().changes();
  await collect(domain);
  expect(() => userClient(sb, user.token).sync.changes({ cursor: domain.cursor })).toThrow(InvalidSyncCursorError);
});
