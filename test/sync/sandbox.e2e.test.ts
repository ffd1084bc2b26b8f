import { InvalidSyncCursorError, MemorySyncStore, type SyncChange } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { RecordingStore, apiTransactions, storeTransactions, userClient } from "./helpers.js";

const T0 = Date.parse("2024-06-03T08:00:00Z");
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ now: () => T0, transactionsPerAccount: 120 });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  sb.clock.set(T0);
});

async function collect(run: AsyncIterable<SyncChange>): Promise<SyncChange[]> {
  const out: SyncChange[] = [];
  for await (const change of run) out.push(change);
  return out;
}

const summary = (changes: SyncChange[]) => changes.map((c) => `${c.kind} ${c.resource} ${c.item.id}`).sort();

describe("sync.changes(): every change once, across runs", () => {
  test("the first run reads everything; a run without changes yields nothing and sends two requests", async () => {
    const { token, connectionId, accountIds } = sb.createUser();
    sb.clock.advance(3_600_000); // the history's last_update (its creation) is older than the overlap
    const user = userClient(sb, token);
    const first = user.sync.changes();
    const changes = await collect(first);
    const api = await apiTransactions(sb, token);
    expect(
      changes
        .filter((c) => c.resource === "transaction")
        .map((c) => c.item.id)
        .sort(),
    ).toEqual([...api.keys()].sort());
    expect(changes.filter((c) => c.resource === "connection").map((c) => c.item.id)).toEqual([connectionId]);
    expect(
      changes
        .filter((c) => c.resource === "account")
        .map((c) => c.item.id)
        .sort(),
    ).toEqual([...accountIds].sort());
    expect(changes.every((c) => c.kind === "upsert")).toBe(true);
    expect(first.cursor).toMatch(/^s1\./);

    sb.clock.advance(3_600_000);
    const before = sb.requests();
    const second = user.sync.changes({ cursor: first.cursor });
    expect(await collect(second)).toEqual([]);
    expect(sb.requests() - before).toBe(2); // the connections (with accounts), one page of changed transactions
    expect(second.counts.skipped).toBe(0);
  });

  test("after a bank sync, the next run yields exactly what it added, edited and deleted", async () => {
    const { token, connectionId } = sb.createUser();
    sb.simulateSync(connectionId, { added: 5 }); // transactions a later sync can delete
    const user = userClient(sb, token);
    const first = user.sync.changes();
    await collect(first);
    sb.clock.advance(3_600_000);
    const changed = sb.simulateSync(connectionId, { added: 4, edited: 6, deleted: 2 });
    sb.clock.advance(60_000);
    const second = user.sync.changes({ cursor: first.cursor });
    const changes = await collect(second);
    const deleted = new Set(changed.deleted.map((tx) => tx.id));
    const upserted = new Set([...changed.added, ...changed.edited].map((tx) => tx.id).filter((id) => !deleted.has(id)));
    const txs = changes.filter((c) => c.resource === "transaction");
    expect(
      txs
        .filter((c) => c.kind === "delete")
        .map((c) => c.item.id)
        .sort(),
    ).toEqual([...deleted].sort());
    expect(
      txs
        .filter((c) => c.kind === "upsert")
        .map((c) => c.item.id)
        .sort(),
    ).toEqual([...upserted].sort());
    // The connection and its accounts synced too (their last_update moved).
    expect(changes.some((c) => c.resource === "connection" && c.kind === "upsert")).toBe(true);
  });

  test("run(): the store ends equal to the API, through many batches, then a third run changes nothing", async () => {
    const { token, connectionId } = sb.createUser();
    sb.simulateSync(connectionId, { added: 10 });
    const user = userClient(sb, token);
    const store = new MemorySyncStore();
    const first = await user.sync.run({ store, key: "u1", batchSize: 50 });
    expect(first.commits).toBeGreaterThan(5);
    expect(storeTransactions(store, "u1")).toEqual(await apiTransactions(sb, token));
    sb.clock.advance(3_600_000);
    sb.simulateSync(connectionId, { added: 3, edited: 20, deleted: 4 });
    sb.clock.advance(1000);
    const second = await user.sync.run({ store, key: "u1", batchSize: 7 });
    expect(second.upserts + second.deletes).toBeLessThan(40);
    expect(storeTransactions(store, "u1")).toEqual(await apiTransactions(sb, token));
    sb.clock.advance(3_600_000);
    const third = await user.sync.run({ store, key: "u1" });
    expect([third.upserts, third.deletes]).toEqual([0, 0]);
  });

  test("a crash between two commits resumes from the last checkpoint: nothing lost, nothing twice", async () => {
    const { token, connectionId } = sb.createUser();
    sb.simulateSync(connectionId, { added: 10 });
    const user = userClient(sb, token);
    const store = new RecordingStore();
    store.failOnCommit = 3;
    await expect(user.sync.run({ store, key: "u", batchSize: 40 })).rejects.toThrow("crash");
    const resumed = await user.sync.run({ store, key: "u", batchSize: 40 });
    expect(resumed.resumed).toBe(true);
    expect(storeTransactions(store.memory, "u")).toEqual(await apiTransactions(sb, token));
    expect(store.duplicates()).toEqual([]);

    // Same again on an incremental run, with a sync landing between the crash and the resume.
    sb.clock.advance(3_600_000);
    sb.simulateSync(connectionId, { added: 30, edited: 60, deleted: 5 });
    sb.clock.advance(1000);
    store.failOnCommit = store.memory.commits + 1 + 3; // this run's 4th commit (the failed one counted too)
    await expect(user.sync.run({ store, key: "u", batchSize: 10 })).rejects.toThrow("crash");
    sb.clock.advance(1000);
    const late = sb.simulateSync(connectionId, { edited: 5, added: 2 });
    sb.clock.advance(1000);
    await user.sync.run({ store, key: "u", batchSize: 10 });
    await user.sync.run({ store, key: "u", batchSize: 10 }); // the late sync may land in the next run
    expect(storeTransactions(store.memory, "u")).toEqual(await apiTransactions(sb, token));
    for (const tx of [...late.edited, ...late.added])
      expect(storeTransactions(store.memory, "u").get(tx.id)).toEqual(tx);
    expect(store.duplicates()).toEqual([]);
  });

  test("an abort stops the run; the next one resumes from what was committed", async () => {
    const { token } = sb.createUser();
    const user = userClient(sb, token);
    const store = new RecordingStore();
    const controller = new AbortController();
    const wrapped = {
      cursor: (key: string) => store.cursor(key),
      commit: (key: string, batch: Parameters<RecordingStore["commit"]>[1]) => {
        const ok = store.commit(key, batch);
        controller.abort(); // after the first commit
        return ok;
      },
    };
    sb.inject({ method: "GET", path: "/users/{id_user}/transactions", kind: "delay", delayMs: 200, times: 5 });
    await expect(
      user.sync.run({ store: wrapped, key: "u", batchSize: 5, signal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    await user.sync.run({ store, key: "u" });
    expect(storeTransactions(store.memory, "u")).toEqual(await apiTransactions(sb, token));
    expect(store.duplicates()).toEqual([]);
  });

  test("a change stamped before a run started but visible only after it is not lost (the overlap)", async () => {
    const { token, connectionId } = sb.createUser();
    const user = userClient(sb, token);
    sb.clock.set(T0 + 10_000);
    const first = user.sync.changes();
    await collect(first); // started at T0+10 s by the server's clock
    sb.clock.set(T0 + 5_000); // a sync whose writes are stamped 5 s before the run started…
    const late = sb.simulateSync(connectionId, { edited: 3, added: 2 });
    sb.clock.set(T0 + 60_000); // …and committed after it
    const second = user.sync.changes({ cursor: first.cursor });
    const ids = (await collect(second)).filter((c) => c.resource === "transaction").map((c) => c.item.id);
    expect(ids.sort()).toEqual([...new Set([...late.edited, ...late.added].map((tx) => tx.id))].sort());
  });

  test("ties: changes read in the overlap come back from the API and are skipped, not yielded twice", async () => {
    const { token, connectionId } = sb.createUser();
    sb.clock.advance(3_600_000);
    const user = userClient(sb, token);
    const first = user.sync.changes();
    await collect(first);
    sb.clock.advance(1000);
    sb.simulateSync(connectionId, { edited: 4 }); // at T, right after the first run
    sb.clock.advance(1000);
    const second = user.sync.changes({ cursor: first.cursor });
    expect((await collect(second)).filter((c) => c.resource === "transaction")).toHaveLength(4);
    const third = user.sync.changes({ cursor: second.cursor }); // the same second: the 4 come back from the API
    expect(await collect(third)).toEqual([]);
    expect(third.counts.skipped).toBe(4);
  });

  test("deletions: a deleted connection takes its accounts and their transactions out of the store", async () => {
    const { token, connectionId, accountIds } = sb.createUser();
    const user = userClient(sb, token);
    const store = new MemorySyncStore();
    await user.sync.run({ store, key: "u" });
    expect(store.snapshot("u").transaction.length).toBeGreaterThan(0);
    const removed = await fetch(`${sb.url}/users/me/connections/${connectionId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBeLessThan(300);
    sb.clock.advance(60_000);
    const run = user.sync.changes({ cursor: store.cursor("u") });
    const changes = await collect(run);
    expect(summary(changes)).toEqual(
      [`delete connection ${connectionId}`, ...accountIds.map((id) => `delete account ${id}`)].sort(),
    );
    await store.commit("u", { changes, cursor: run.cursor! });
    expect(store.snapshot("u")).toEqual({ connection: [], account: [], transaction: [] });
  });

  test("a cursor this version did not write is an InvalidSyncCursorError that does not quote it", async () => {
    const { token } = sb.createUser();
    const user = userClient(sb, token);
    for (const cursor of [
      "nope",
      "s1.%%%",
      "s1.eyJ2IjoyfQ",
      "s9.abc",
      `s1.${btoa(JSON.stringify({ v: 1, c: [], f: {} }))}`,
    ]) {
      let error: unknown;
      try {
        user.sync.changes({ cursor });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidSyncCursorError);
      expect((error as Error).message).not.toContain(cursor);
    }
  });
});
