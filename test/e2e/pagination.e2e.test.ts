import { getEventListeners } from "node:events";
import { Budgea, InvalidResponseError } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";

const TX_PATH = "/users/{id_user}/accounts/{id_account}/transactions" as const;

describe.each([false, true])("pagination (cursor links: %s)", (cursorPagination) => {
  let sb: Sandbox;
  let user: Budgea;
  let accountId: number;
  const all = { min_date: "2000-01-01" }; // the whole seeded history, not the default last month

  beforeAll(async () => {
    sb = await startSandbox({ transactionsPerAccount: 1_234, cursorPagination });
  });
  afterAll(() => sb.close());
  beforeEach(() => {
    sb.reset();
    const created = sb.createUser();
    accountId = created.accountIds[0]!;
    user = new Budgea({ baseUrl: sb.url }).withToken(created.token);
  });

  const params = (query: Record<string, unknown> = {}) => ({
    params: { path: { id_user: "me" as const, id_account: accountId }, query: { ...all, ...query } },
  });

  test("every item once, typed, in as many pages as the page size says", async () => {
    const paginator = user.paginate(TX_PATH, params({ limit: 100 }));
    const ids: number[] = [];
    for await (const tx of paginator) ids.push(tx.id);
    expect(ids).toHaveLength(1_234);
    expect(new Set(ids).size).toBe(1_234);
    expect(paginator.total).toBe(1_234);
    expect(sb.requests({ method: "GET", path: TX_PATH })).toBe(13);
  });

  test(".pages() yields whole pages with the total", async () => {
    const sizes: number[] = [];
    for await (const page of user.paginate(TX_PATH, params(), { pageSize: 500 }).pages()) {
      sizes.push(page.items.length);
      expect(page.total).toBe(1_234);
    }
    expect(sizes).toEqual([500, 500, 234]);
  });

  test("items added at the head between pages: still every item exactly once", async () => {
    const ids: number[] = [];
    let added = 0;
    for await (const page of user.paginate(TX_PATH, params(), { pageSize: 200, prefetch: 0 }).pages()) {
      ids.push(...page.items.map((tx) => tx.id));
      if (added < 3) {
        sb.addTransactions(accountId, 7); // the list moves under the iterator
        added++;
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(1_234);
  });

  test("break stops fetching: at most the page fetched ahead", async () => {
    let seen = 0;
    for await (const tx of user.paginate(TX_PATH, params(), { pageSize: 100, prefetch: 1 })) {
      void tx;
      if (++seen === 150) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sb.requests({ method: "GET", path: TX_PATH })).toBeLessThanOrEqual(3);
  });

  test("a signal aborts the page in flight", async () => {
    sb.inject({ method: "GET", path: TX_PATH, kind: "delay", delayMs: 2_000, times: Infinity });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(user.paginate(TX_PATH, params(), { signal: controller.signal }).toArray()).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  test("a long-lived signal of the caller keeps no listener per page once the pages are read", async () => {
    const signal = new AbortController().signal;
    expect(await user.paginate(TX_PATH, params(), { pageSize: 100, signal }).toArray()).toHaveLength(1_234);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  test("min_date/max_date windows work through it", async () => {
    const window = { params: { path: { id_user: "me" as const, id_account: accountId }, query: { min_date: "2025-01-01", max_date: "2025-01-31" } } };
    const txs = await user.paginate(TX_PATH, window, { pageSize: 7 }).toArray();
    for (const tx of txs) expect(tx.date >= "2025-01-01" && tx.date <= "2025-01-31").toBe(true);
  });

  test("a wrong envelope is a typed error, not a crash", async () => {
    sb.inject({ method: "GET", path: TX_PATH, kind: "wrongEnvelope" });
    await expect(user.paginate(TX_PATH, params()).toArray()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  test("a 503 on a page is retried (GET), and iteration goes on", async () => {
    sb.inject({ method: "GET", path: TX_PATH, kind: "status", status: 503 });
    expect(await user.paginate(TX_PATH, params(), { pageSize: 1_000 }).toArray()).toHaveLength(1_234);
  });
});

test("lists without required parameters, and toArray's limit", async () => {
  const sb = await startSandbox();
  try {
    const budgea = new Budgea({ baseUrl: sb.url });
    const banks = await budgea.paginate("/banks", undefined, { pageSize: 3 }).toArray();
    expect(banks.length).toBe(sb.banks.length);
    expect(await budgea.paginate("/banks").toArray(2)).toHaveLength(2);
  } finally {
    await sb.close();
  }
});
