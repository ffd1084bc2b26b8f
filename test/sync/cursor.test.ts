/**
 * The cursor's edge cases against a fake API whose transactions are given per test: DST (a server that compares
 * wall-clock strings), microseconds, a transaction changed again inside the overlap, the Paris/UTC offset.
 */
import { Budgea, type SyncChange } from "../../src/index.js";
import fc from "fast-check";
import { boundAt, decodeCursor, encodeCursor } from "../../src/sync/cursor.js";
import { IdSet } from "../../src/sync/id-set.js";

interface FakeTx {
  id: number;
  last_update: string;
  deleted?: string;
}

/** A one-user API: `transactions` is read at each request; `compare` decides what "updated after" means. */
function fakeApi(state: {
  now: string;
  transactions: FakeTx[];
  compare: (lastUpdate: string, bound: string) => boolean;
}) {
  const seen: string[] = [];
  const fetch = async (input: Request | string | URL): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    seen.push(url.pathname + url.search);
    const headers = { "content-type": "application/json", date: new Date(state.now).toUTCString() };
    if (url.pathname.endsWith("/connections"))
      return new Response(JSON.stringify({ connections: [], total: 0 }), { headers });
    const bound = url.searchParams.get("last_update");
    const list = state.transactions
      .filter((tx) => bound === null || state.compare(tx.last_update, bound))
      .map((tx) => ({ id_account: 1, date: "2024-01-01", value: 1, ...tx }));
    return new Response(JSON.stringify({ transactions: list, total: list.length }), { headers });
  };
  return { client: new Budgea({ baseUrl: "https://fake.test/2.0", token: "t", fetch: fetch as never }), seen };
}

async function ids(run: AsyncIterable<SyncChange>): Promise<string[]> {
  const out: string[] = [];
  for await (const change of run) out.push(`${change.kind} ${change.item.id}`);
  return out;
}

const wallAfter = (lastUpdate: string, bound: string) => lastUpdate.slice(0, 19) > bound; // a DATETIME column
const secondsAfter = (lastUpdate: string, bound: string) => lastUpdate.slice(0, 19) > bound;

describe("the next bound", () => {
  test("is the run's start by the server's clock, in Paris time (UTC+2 in summer, +1 in winter), minus the overlap", () => {
    expect(boundAt(Date.parse("2024-07-01T10:00:00Z"), 300_000)).toBe("2024-07-01 11:54:59");
    expect(boundAt(Date.parse("2024-01-15T10:00:00.999Z"), 300_000)).toBe("2024-01-15 10:54:59");
  });

  test("is never inside the autumn hour Paris lives twice, and skips nothing in the spring gap", () => {
    // 01:40Z on 27 Oct 2024 is 02:40 winter time, a wall time that also happened an hour before (summer time).
    expect(boundAt(Date.parse("2024-10-27T01:40:00Z"), 300_000)).toBe("2024-10-27 01:34:59");
    expect(boundAt(Date.parse("2024-10-27T00:40:00Z"), 300_000)).toBe("2024-10-27 01:34:59"); // first pass too
    expect(boundAt(Date.parse("2024-10-27T02:10:00Z"), 300_000)).toBe("2024-10-27 03:04:59"); // after it: as is
    expect(boundAt(Date.parse("2024-03-31T01:02:00Z"), 300_000)).toBe("2024-03-31 01:56:59"); // just before 02:00→03:00
    expect(boundAt(Date.parse("2024-03-31T01:10:00Z"), 300_000)).toBe("2024-03-31 03:04:59");
  });
});

describe("exactly once across runs", () => {
  test("a server comparing wall-clock strings still returns a change made in the second pass of the autumn hour", async () => {
    const state = { now: "2024-10-27T00:50:00Z", transactions: [] as FakeTx[], compare: wallAfter }; // 02:50 summer time
    const { client, seen } = fakeApi(state);
    const first = client.sync.changes();
    await ids(first);
    state.transactions.push({ id: 7, last_update: "2024-10-27 02:10:00" }); // 01:10Z, winter time: later, smaller string
    state.now = "2024-10-27T01:30:00Z";
    const second = client.sync.changes({ cursor: first.cursor });
    expect(await ids(second)).toEqual(["upsert 7"]);
    expect(seen.at(-1)).toContain(`last_update=${encodeURIComponent("2024-10-27 01:44:59")}`);
  });

  test("microseconds: a value read in the overlap is skipped when it comes back unchanged, yielded when it moved", async () => {
    const state = { now: "2024-07-01T10:00:00Z", transactions: [] as FakeTx[], compare: secondsAfter };
    const { client } = fakeApi(state);
    state.transactions.push(
      { id: 1, last_update: "2024-07-01 11:58:30.250001" },
      { id: 2, last_update: "2024-07-01 09:00:00" },
    );
    const first = client.sync.changes();
    expect(await ids(first)).toEqual(["upsert 1", "upsert 2"]);
    state.now = "2024-07-01T10:01:00Z";
    const second = client.sync.changes({ cursor: first.cursor });
    expect(await ids(second)).toEqual([]); // 1 came back (in the overlap) unchanged; 2 is older than the bound
    expect(second.counts.skipped).toBe(1);
    state.transactions[0]!.last_update = "2024-07-01 11:58:30.250002"; // changed again, one microsecond later
    state.now = "2024-07-01T10:02:00Z";
    const third = client.sync.changes({ cursor: second.cursor });
    expect(await ids(third)).toEqual(["upsert 1"]);
    const fourth = client.sync.changes({ cursor: third.cursor });
    expect(await ids(fourth)).toEqual([]);
  });

  test("ties at the bound's second: a change stamped in it is after the bound sent, whatever the server's precision", async () => {
    for (const compare of [secondsAfter, (lastUpdate: string, bound: string) => lastUpdate > bound]) {
      const state = { now: "2024-07-01T10:00:00Z", transactions: [] as FakeTx[], compare };
      const { client } = fakeApi(state);
      const first = client.sync.changes();
      await ids(first);
      // Stamped in the second that is the run's start minus the overlap, committed after the first run.
      state.transactions.push(
        { id: 3, last_update: "2024-07-01 11:55:00" },
        { id: 4, last_update: "2024-07-01 11:55:00.5" },
      );
      state.now = "2024-07-01T10:30:00Z";
      const second = client.sync.changes({ cursor: first.cursor });
      expect(await ids(second)).toEqual(["upsert 3", "upsert 4"]);
      state.now = "2024-07-01T10:30:01Z";
      expect(await ids(client.sync.changes({ cursor: second.cursor }))).toEqual([]);
    }
  });

  test("a deleted transaction is a delete on later runs (and nothing on the first)", async () => {
    const state = { now: "2024-07-01T10:00:00Z", transactions: [] as FakeTx[], compare: secondsAfter };
    const { client } = fakeApi(state);
    state.transactions.push({ id: 5, last_update: "2024-07-01 08:00:00", deleted: "2024-07-01 08:00:00" });
    const first = client.sync.changes();
    expect(await ids(first)).toEqual([]);
    state.transactions.push({ id: 6, last_update: "2024-07-01 12:10:00", deleted: "2024-07-01 12:10:00" });
    state.now = "2024-07-01T10:20:00Z";
    expect(await ids(client.sync.changes({ cursor: first.cursor }))).toEqual(["delete 6"]);
  });
});

describe("the ids a run yielded (IdSet, in checkpoints)", () => {
  test("hold exactly the ids added, in any order, through encode and decode", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 300 }), (ids) => {
        const set = new IdSet();
        for (const id of ids) set.add(id);
        const back = IdSet.decode(set.encode())!;
        const range = Array.from({ length: 402 }, (_, id) => id);
        const want = range.map((id) => ids.includes(id));
        expect(range.map((id) => set.has(id))).toEqual(want);
        expect(range.map((id) => back.has(id))).toEqual(want);
        expect(back.encode()).toBe(set.encode());
      }),
    );
  });

  test("a run of consecutive ids costs one range; the first format (one delta per id) reads the same", () => {
    const set = new IdSet();
    for (let id = 2_000_999; id >= 1_000_000; id--) set.add(id); // an account's history, newest first
    set.add(5);
    expect(set.encode()).toBe(`5,${(1_000_000 - 5).toString(36)}-${(1_000_999).toString(36)}`);
    const old = IdSet.decode("1k,1,1,3")!; // 56, 57, 58, 61
    expect([55, 56, 57, 58, 59, 60, 61].map((id) => old.has(id))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      true,
    ]);
    for (const damaged of ["a,,b", "1-", "-1", "5,0", "zzzzzzzzzzzzz-zzzzzzzzzzzz"])
      expect(IdSet.decode(damaged)).toBeUndefined();
  });
});

describe("the cursor's text", () => {
  const state = (connections: Record<string, string>) => ({
    domain: true,
    since: undefined,
    after: "2025-03-01 10:00:00",
    seen: [],
    connections,
    accounts: {},
    run: undefined,
  });

  test("round-trips ASCII and non-ASCII content alike, as base64url", () => {
    for (const connections of [{ "1": "abc@1" }, { "1": "é€😀@2" }]) {
      const text = encodeCursor(state(connections) as never);
      expect(text).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text).connections).toEqual(connections);
    }
  });

  test("bytes that are not UTF-8 are a damaged cursor, never quoted", () => {
    const text = `s1.${btoa('{"v":1,"c":{"1":"\xff\xfe"},"f":{}}').replace(/=+$/, "")}`;
    expect(() => decodeCursor(text)).toThrow("damaged");
  });
});
