import { startSandbox } from "../../src/testing/index.js";
import { activateAll, call, connectBank, newUser, useSandbox } from "./helpers.js";

const START = "2024-03-31T10:00:00Z";
// A frozen clock (an injected `now`), so generated data is byte-identical between two sandboxes.
const frozen = () => Date.parse(START);
const sandbox = useSandbox({ now: frozen, transactionsPerAccount: 365, historyDays: 365 });

async function setup() {
  const sb = sandbox();
  const { token } = await newUser(sb);
  const connection = await connectBank(sb, token, 59);
  return { sb, token, connection };
}

describe("accounts: disabled until activated", () => {
  test("lists hide disabled accounts unless ?all; their transactions are empty", async () => {
    const { sb, token, connection } = await setup();
    expect((await call(sb, "GET", "/users/me/accounts", { token })).body).toEqual({ accounts: [], total: 0 });
    const all = await call(sb, "GET", "/users/me/accounts?all", { token });
    expect(all.body.total).toBe(4);
    const first = all.body.accounts[0];
    expect((await call(sb, "GET", `/users/me/accounts/${first.id}/transactions`, { token })).body).toEqual({
      transactions: [],
      total: 0,
    });
    expect((await call(sb, "GET", `/users/me/connections/${connection.id}/accounts?all=1`, { token })).body.total).toBe(
      4,
    );
  });

  test("PUT disabled=false activates one account, or several with comma-separated ids", async () => {
    const { sb, token, connection } = await setup();
    const ids = (await call(sb, "GET", "/users/me/accounts?all", { token })).body.accounts.map((a: any) => a.id);
    const one = await call(sb, "PUT", `/users/me/accounts/${ids[0]}`, { token, form: { disabled: "false" } });
    expect([one.status, one.body.disabled]).toEqual([200, null]);
    expect((await call(sb, "GET", "/users/me/accounts", { token })).body.total).toBe(1);
    const many = await call(
      sb,
      "PUT",
      `/users/me/connections/${connection.id}/accounts/${ids.slice(1).join(",")}?all`,
      {
        token,
        json: { disabled: false },
      },
    );
    expect(many.body.id).toBe(ids[1]);
    expect((await call(sb, "GET", "/users/me/accounts", { token })).body.total).toBe(4);
    const renamed = await call(sb, "PUT", `/users/me/accounts/${ids[0]}`, {
      token,
      json: { name: "Joint", bookmarked: true },
    });
    expect(renamed.body).toMatchObject({ name: "Joint", bookmarked: true, original_name: "Compte chèque" });
    const bad = await call(sb, "PUT", `/users/me/accounts/${ids[0]}`, { token, json: { disabled: "maybe" } });
    expect([bad.status, bad.body.code]).toEqual([400, "invalidValue"]);
    expect((await call(sb, "PUT", "/users/me/accounts/99999", { token, json: { disabled: false } })).status).toBe(404);
  });
});

describe("transactions", () => {
  async function activeChecking() {
    const s = await setup();
    const ids = await activateAll(s.sb, s.token, s.connection.id);
    return { ...s, account: ids[0]! };
  }

  test("default window: the last month (no min_date); min_date/max_date select days, newest first", async () => {
    const { sb, token, account } = await activeChecking();
    const month = await call(sb, "GET", `/users/me/accounts/${account}/transactions?limit=1000`, { token });
    const dates = month.body.transactions.map((t: any) => t.date);
    expect(dates[0]).toBe("2024-03-31");
    expect(dates[dates.length - 1]).toBe("2024-02-29");
    expect(month.body.total).toBe(dates.length);
    const window = await call(
      sb,
      "GET",
      `/users/me/accounts/${account}/transactions?min_date=2023-06-01&max_date=2023-06-30&limit=1000`,
      { token },
    );
    expect(window.body.total).toBe(30);
    expect(new Set(window.body.transactions.map((t: any) => t.date.slice(0, 7)))).toEqual(new Set(["2023-06"]));
    const all = await call(sb, "GET", `/users/me/accounts/${account}/transactions?min_date=2000-01-01&limit=1`, {
      token,
    });
    expect(all.body.total).toBe(365);
  });

  test("offset/limit page through every transaction exactly once; limit is clamped to 1000", async () => {
    const { sb, token, account } = await activeChecking();
    const seen = new Set<number>();
    for (let offset = 0; ; offset += 100) {
      const page = await call(
        sb,
        "GET",
        `/users/me/accounts/${account}/transactions?min_date=2000-01-01&offset=${offset}&limit=100`,
        { token },
      );
      for (const tx of page.body.transactions) seen.add(tx.id);
      if (page.body.transactions.length < 100) break;
    }
    expect(seen.size).toBe(365);
    const clamped = await call(sb, "GET", `/users/me/accounts/${account}/transactions?min_date=2000-01-01&limit=5000`, {
      token,
    });
    expect(clamped.body.transactions).toHaveLength(365);
    for (const query of ["limit=0", "offset=-1", "limit=abc", "min_date=31/12/2023", "max_date=2023-02-30"]) {
      const bad = await call(sb, "GET", `/users/me/accounts/${account}/transactions?${query}`, { token });
      expect([query, bad.status, bad.body.code]).toEqual([query, 400, "invalidValue"]);
    }
  });

  test("transactions are typed like the API's and deterministic for a seed", async () => {
    const { sb, token, account } = await activeChecking();
    const { body } = await call(sb, "GET", `/users/me/accounts/${account}/transactions?limit=3`, { token });
    expect(body.transactions[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        id_account: account,
        date: "2024-03-31",
        value: expect.any(Number),
        original_wording: expect.any(String),
        simplified_wording: expect.any(String),
        type: expect.any(String),
        coming: false,
        date_scraped: "2024-03-31 12:00:00",
      }),
    );
    const other = await startSandbox({ now: frozen, transactionsPerAccount: 365 });
    try {
      const { token: t2 } = await newUser(other);
      const c2 = await connectBank(other, t2, 59);
      const [a2] = await activateAll(other, t2, c2.id);
      expect((await call(other, "GET", `/users/me/accounts/${a2}/transactions?limit=3`, { token: t2 })).body).toEqual(
        body,
      );
    } finally {
      await other.close();
    }
  });

  test("expand=transactions on an account, expand=accounts[transactions] on a connection; investments", async () => {
    const { sb, token, connection, account } = await activeChecking();
    const expanded = await call(sb, "GET", `/users/me/accounts/${account}?expand=transactions`, { token });
    expect(expanded.body.transactions.length).toBeGreaterThan(20);
    const nested = await call(sb, "GET", `/users/me/connections/${connection.id}?expand=accounts[transactions]`, {
      token,
    });
    expect(nested.body.accounts[0].transactions).toEqual(expanded.body.transactions);
    const pea = nested.body.accounts.find((a: any) => a.type === "pea");
    const investments = await call(sb, "GET", `/users/me/accounts/${pea.id}/investments`, { token });
    expect(investments.body.total).toBeGreaterThanOrEqual(3);
    expect(investments.body.investments[0]).toEqual(
      expect.objectContaining({ code_type: "ISIN", valuation: expect.any(Number) }),
    );
    const sum = investments.body.investments.reduce((s: number, i: any) => s + i.valuation, 0);
    expect(pea.balance).toBeCloseTo(sum, 2);
    expect((await call(sb, "GET", "/users/me/investments", { token })).body.total).toBe(investments.body.total);
  });

  test("sb.addTransactions adds at the head: offset pages see duplicates, the cursor (after=) does not", async () => {
    const { sb, token, account } = await activeChecking();
    const path = `/users/me/accounts/${account}/transactions?min_date=2000-01-01&limit=50`;
    const first = await call(sb, "GET", path, { token });
    const added = sb.addTransactions(account, 5);
    expect(added).toHaveLength(5);
    const second = await call(sb, "GET", `${path}&offset=50`, { token });
    const firstIds = new Set(first.body.transactions.map((t: any) => t.id));
    expect(second.body.transactions.filter((t: any) => firstIds.has(t.id))).toHaveLength(5);
    const last = first.body.transactions[49].id;
    const after = await call(sb, "GET", `${path}&after=${last}`, { token });
    expect(after.body.transactions.some((t: any) => firstIds.has(t.id))).toBe(false);
    expect(after.body.transactions[0].id).toBe(last - 1);
    const head = await call(sb, "GET", `${path}&limit=5`, { token });
    expect(head.body.transactions.map((t: any) => t.id)).toEqual(added.map((t) => t.id));
  });

  test("a manual sync adds transactions and deletes the previous sync's coming one (hidden, ?deleted shows it)", async () => {
    const { sb, token, connection, account } = await activeChecking();
    await call(sb, "PUT", `/users/me/connections/${connection.id}`, { token });
    const afterFirst = (await call(sb, "GET", `/users/me/accounts/${account}/transactions?limit=5`, { token })).body;
    const coming = afterFirst.transactions.find((t: any) => t.coming);
    expect(coming).toBeDefined();
    await call(sb, "PUT", `/users/me/connections/${connection.id}`, { token });
    const list = (await call(sb, "GET", `/users/me/accounts/${account}/transactions?limit=1000`, { token })).body;
    expect(list.transactions.some((t: any) => t.id === coming.id)).toBe(false);
    const deleted = (await call(sb, "GET", `/users/me/accounts/${account}/transactions?deleted=1`, { token })).body;
    expect(deleted.transactions.map((t: any) => [t.id, typeof t.deleted])).toEqual([[coming.id, "string"]]);
  });
});

describe("cursor pagination and large accounts", () => {
  const big = useSandbox({ cursorPagination: true, transactionsPerAccount: 100_000 });

  test("pages carry _links.next.href until the end, and follow the list when it moves", async () => {
    const sb = big();
    const user = sb.createUser();
    const account = user.accountIds[0]!;
    const since = new Date(sb.clock.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    let href: string | null = `${sb.url}/users/me/accounts/${account}/transactions?min_date=${since}&limit=1000`;
    const seen = new Set<number>();
    let total = 0;
    let pages = 0;
    while (href) {
      const page: any = await call(sb, "GET", href, { token: user.token });
      expect(page.status).toBe(200);
      if (pages === 0) total = page.body.total;
      for (const tx of page.body.transactions) seen.add(tx.id);
      if (pages === 3) sb.addTransactions(account, 10);
      href = page.body._links.next?.href ?? null;
      pages++;
    }
    expect(total).toBeGreaterThan(10_000);
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 1000));
  });

  test("a deep offset page costs only its own items", async () => {
    const sb = big();
    const user = sb.createUser();
    const started = performance.now();
    const page = await call(
      sb,
      "GET",
      `/users/me/accounts/${user.accountIds[0]}/transactions?min_date=2000-01-01&offset=99000&limit=1000`,
      {
        token: user.token,
      },
    );
    expect(page.body.transactions).toHaveLength(1000);
    expect(page.body.total).toBe(100_000);
    expect(page.body._links.next).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    const bad = await call(sb, "GET", `/users/me/accounts/${user.accountIds[0]}/transactions?cursor=garbage`, {
      token: user.token,
    });
    expect([bad.status, bad.body.code]).toEqual([400, "invalidValue"]);
  });
});
