import { call, useSandbox } from "./helpers.js";

// A clock that only moves when told to: `last_update` values are exact.
const sandbox = useSandbox({
  startTime: "2024-06-03T08:00:00Z",
  now: () => Date.parse("2024-06-03T08:00:00Z"),
  transactionsPerAccount: 50,
});

describe("sandbox: what incremental sync needs", () => {
  test("GET /users/me/transactions lists every account's transactions, newest first, last month by default", async () => {
    const sb = sandbox();
    const { token } = sb.createUser();
    const all = await call(sb, "GET", "/users/me/transactions?min_date=2000-01-01&limit=1000", { token });
    expect(all.status).toBe(200);
    const { transactions, total } = all.body;
    expect(total).toBe(transactions.length);
    expect(total).toBe(150); // 3 accounts with transactions × 50 (the PEA has none)
    const keys = transactions.map((tx: any) => `${tx.date}/${String(tx.id).padStart(9, "0")}`);
    expect(keys).toEqual([...keys].sort().reverse());
    const lastMonth = await call(sb, "GET", "/users/me/transactions?limit=1000", { token });
    expect(lastMonth.body.total).toBeLessThan(total);
    expect(lastMonth.body.transactions.every((tx: any) => tx.date >= "2024-05-03")).toBe(true);
    const page = await call(sb, "GET", "/users/me/transactions?min_date=2000-01-01&limit=40&offset=40", { token });
    expect(page.body.transactions.map((tx: any) => tx.id)).toEqual(transactions.slice(40, 80).map((tx: any) => tx.id));
  });

  test("simulateSync deletes exactly as many as asked, or refuses before changing anything", async () => {
    const sb = sandbox();
    const { connectionId } = sb.createUser();
    expect(() => sb.simulateSync(connectionId, { deleted: 1 })).toThrow(/1 asked, .* has 0 transaction/);
    sb.simulateSync(connectionId, { added: 3 });
    sb.simulateSync(connectionId, { edited: 5 });
    expect(sb.simulateSync(connectionId, { deleted: 1 }).deleted).toHaveLength(1);
    expect(sb.simulateSync(connectionId, { deleted: 2 }).deleted).toHaveLength(2);
    expect(() => sb.simulateSync(connectionId, { deleted: 1, added: 5 })).toThrow(RangeError);
    expect(sb.simulateSync(connectionId, { added: 1 }).added).toHaveLength(1);
    expect(sb.simulateSync(connectionId, { deleted: 1 }).deleted).toHaveLength(1);
  });

  test("simulateSync: added, edited and deleted transactions move last_update; the filter returns exactly them", async () => {
    const sb = sandbox();
    const { token, connectionId } = sb.createUser();
    sb.simulateSync(connectionId, { added: 4 }); // earlier sync: something to delete later
    sb.clock.advance(60 * 60_000);
    const before = "2024-06-03 10:30:00"; // Paris (CEST): 08:30Z, between the two syncs
    sb.clock.advance(60 * 60_000);
    const changed = sb.simulateSync(connectionId, { added: 3, edited: 5, deleted: 2 });
    expect([changed.added.length, changed.edited.length, changed.deleted.length]).toEqual([3, 5, 2]);
    expect(changed.edited.every((tx) => tx.last_update === "2024-06-03 12:00:00")).toBe(true);
    expect(changed.deleted.every((tx) => tx.deleted === "2024-06-03 12:00:00")).toBe(true);

    const query = `/users/me/transactions?min_date=2000-01-01&limit=1000&last_update=${encodeURIComponent(before)}`;
    const visible = (await call(sb, "GET", query, { token })).body.transactions.map((tx: any) => tx.id).sort();
    const live = [...changed.added, ...changed.edited].map((tx) => tx.id);
    expect(visible).toEqual([...new Set(live)].filter((id) => !changed.deleted.some((d) => d.id === id)).sort());
    const withDeleted = (await call(sb, "GET", `${query}&all`, { token })).body.transactions;
    expect(
      withDeleted
        .filter((tx: any) => tx.deleted)
        .map((tx: any) => tx.id)
        .sort(),
    ).toEqual(changed.deleted.map((tx) => tx.id).sort());
    const onlyDeleted = (await call(sb, "GET", `${query}&deleted=1`, { token })).body.transactions;
    expect(onlyDeleted.every((tx: any) => tx.deleted)).toBe(true);
    // Strictly after: the sync's own instant is not "after" itself.
    const at = `/users/me/transactions?min_date=2000-01-01&last_update=${encodeURIComponent("2024-06-03 12:00:00")}&all`;
    expect((await call(sb, "GET", at, { token })).body.total).toBe(0);
  });

  test("the Date header is the sandbox's clock; a bad last_update is a 400; no account is 400 noAccount", async () => {
    const sb = sandbox();
    const { token } = sb.createUser();
    sb.clock.advance(3_600_000);
    const answer = await call(sb, "GET", "/users/me/transactions?last_update=2024-06-03T10:00:00", { token });
    expect(answer.headers.get("date")).toBe(new Date(sb.clock.now()).toUTCString()); // not the machine's clock
    expect(sb.clock.now()).toBeLessThan(Date.parse("2025-01-01"));
    expect([answer.status, answer.body.code]).toEqual([400, "invalidValue"]);
    const init = await call(sb, "POST", "/auth/init");
    const empty = await call(sb, "GET", "/users/me/transactions", { token: init.body.auth_token });
    expect([empty.status, empty.body.code]).toEqual([400, "noAccount"]);
  });
});
