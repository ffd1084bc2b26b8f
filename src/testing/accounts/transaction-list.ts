import type { Transaction } from "../models.js";
import { formatDay, minusMonths, parisDay, parseDay } from "../core/dates.js";
import { generatedIndex, generatedRange, generatedTransaction, headToTransaction } from "../data/transactions.js";
import type { Fields } from "../http/body.js";
import { invalidValue } from "../http/errors.js";
import { optionalInt, optionalString } from "../http/fields.js";
import { pageParams } from "../http/paging.js";
import { speaksToday, todayTransaction } from "../data/today.js";
import type { AccountRecord, HeadTransaction } from "../state/records.js";
import type { World } from "../state/world.js";

/**
 * An account's transactions, newest first: transactions added after creation (`head`), then the generated
 * history. Without `min_date` the window starts one month before today, as the docs say.
 */
export interface TxWindow {
  minDay: number;
  maxDay: number;
  /** The `min_date` to carry into a next-page link, so the window does not move between pages. */
  minDate: string;
}

export interface Sequence {
  /** Head transactions in the window, newest first. */
  head: HeadTransaction[];
  lo: number;
  hi: number;
  total: number;
}

const FAR_FUTURE_DAY = 1_000_000;

export function txWindow(world: World, query: Fields): TxWindow {
  const min = dayParam(query, "min_date");
  const max = dayParam(query, "max_date");
  const minDay = min ?? minusMonths(parisDay(world.clock.now()), 1);
  return { minDay, maxDay: max ?? FAR_FUTURE_DAY, minDate: formatDay(minDay) };
}

export function sequence(world: World, account: AccountRecord, window: TxWindow, deleted: "hide" | "all" | "only"): Sequence {
  if (account.disabled !== undefined) return { head: [], lo: 0, hi: 0, total: 0 };
  const head = account.head
    .filter((tx) => tx.day >= window.minDay && tx.day <= window.maxDay)
    .filter((tx) =>
      deleted === "all" ? true : deleted === "only" ? tx.deletedAt !== undefined : tx.deletedAt === undefined,
    )
    .reverse();
  const [lo, hi] =
    deleted === "only" ? [0, 0] : generatedRange(account, world.options.historyDays, window.minDay, window.maxDay);
  return { head, lo, hi, total: head.length + hi - lo };
}

export function slice(world: World, account: AccountRecord, seq: Sequence, offset: number, limit: number): Transaction[] {
  const out: Transaction[] = seq.head.slice(offset, offset + limit).map((tx) => headToTransaction(account, tx));
  const start = seq.lo + Math.max(0, offset - seq.head.length);
  const end = Math.min(seq.hi, start + (limit - out.length));
  for (let i = start; i < end; i++) {
    out.push(generatedTransaction(world.options.seed, world.options.historyDays, account, i));
  }
  return speaksToday(world) ? out.map((tx) => todayTransaction(account, tx)) : out;
}

/** Where the page after transaction `afterId` starts in the current sequence (stable when items are added at the head). */
function offsetAfter(account: AccountRecord, seq: Sequence, afterId: number): number {
  const index = generatedIndex(account, afterId);
  if (index !== undefined) return seq.head.length + Math.max(0, index + 1 - seq.lo);
  const raw = account.head.findIndex((tx) => tx.id === afterId);
  if (raw < 0) throw invalidValue("cursor", "unknown transaction");
  const newerOrSelf = new Set(account.head.slice(raw).map((tx) => tx.id));
  return seq.head.filter((tx) => newerOrSelf.has(tx.id)).length;
}

/** Transactions in the request's date window (no paging): `expand=transactions`, webhooks. */
export function windowTransactions(world: World, account: AccountRecord, query: Fields): Transaction[] {
  const seq = sequence(world, account, txWindow(world, query), "hide");
  return slice(world, account, seq, 0, seq.total);
}

/**
 * A page: `offset`/`limit`, or a cursor (`cursor` from `_links.next.href`, or `after=<transaction id>`),
 * which stays put when transactions arrive at the head. With `cursorPagination`, pages carry `_links`.
 */
export function transactionPage(world: World, account: AccountRecord, path: string, query: Fields) {
  const window = txWindow(world, query);
  const seq = sequence(world, account, window, deletedMode(query));
  const page = pageParams(query);
  const afterId = cursorOf(query);
  const offset = afterId === undefined ? page.offset : offsetAfter(account, seq, afterId);
  const limit = page.limit;
  const transactions = slice(world, account, seq, offset, limit);
  if (!world.options.cursorPagination) return { transactions, total: seq.total };
  const last = transactions[transactions.length - 1];
  const more = last !== undefined && offset + transactions.length < seq.total;
  return {
    transactions,
    total: seq.total,
    _links: {
      self: { href: linkTo(world, path, query, window, {}) },
      next: more
        ? { href: linkTo(world, path, query, window, { cursor: encodeCursor(last.id), limit: String(limit) }) }
        : null,
    },
  };
}

function deletedMode(query: Fields): "hide" | "all" | "only" {
  if (query.all !== undefined && query.all !== "false" && query.all !== "0") return "all";
  if (query.deleted !== undefined && query.deleted !== "false" && query.deleted !== "0") return "only";
  return "hide";
}

function linkTo(world: World, path: string, query: Fields, window: TxWindow, extra: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (!["offset", "cursor", "after", "min_date"].includes(key) && !(key in extra)) params.set(key, String(value));
  }
  params.set("min_date", window.minDate);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `${world.baseUrl}${path}?${params}`;
}

function encodeCursor(afterId: number): string {
  return Buffer.from(JSON.stringify({ after: afterId })).toString("base64url");
}

function cursorOf(query: Fields): number | undefined {
  const after = optionalInt(query, "after");
  if (after !== undefined) return after;
  const cursor = optionalString(query, "cursor");
  if (cursor === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof decoded.after === "number") return decoded.after;
  } catch {
    // falls through to the error below
  }
  throw invalidValue("cursor", "not a cursor this API issued");
}

function dayParam(query: Fields, name: string): number | undefined {
  const text = optionalString(query, name);
  if (text === undefined || text === "") return undefined;
  const day = parseDay(text);
  if (day === undefined) throw invalidValue(name, "expected YYYY-MM-DD");
  return day;
}
