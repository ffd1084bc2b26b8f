import type { Transaction } from "../models.js";
import { parseBudgeaDateTime } from "../../dates.js";
import { type TxWindow, sequence, slice, txWindow } from "../accounts/transaction-list.js";
import { domainWide, targetUser } from "../auth/users.js";
import { generatedIndex, generatedRange, generatedTransaction, headToTransaction } from "../data/transactions.js";
import { speaksToday, todayTransaction } from "../data/today.js";
import { ApiError, invalidValue } from "../http/errors.js";
import { flag, optionalString } from "../http/fields.js";
import { pageParams } from "../http/paging.js";
import { type Ctx, type Route, apiRoute } from "../http/router.js";
import type { AccountRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/**
 * `GET /users/{id_user}/transactions`: every account's transactions in one list, newest first (date, then id),
 * with the filters a sync relies on: `min_date`/`max_date` (default: the last month, as the spec says),
 * `last_update` (updated strictly after this Paris date-time), `all` (deleted ones too) or `deleted` (only
 * those). A user without any account answers 400 `noAccount`, as the current API does.
 *
 * `/users/all/transactions` with the manage token lists every user's: account by account (by account id), each
 * newest first — an order a page of a million transactions can be cut from without building the others.
 */
export function userTransactionRoutes(): Route[] {
  return [apiRoute("get", "/users/{id_user}/transactions", "user", listUserTransactions)];
}

function listUserTransactions(ctx: Ctx) {
  const domain = domainWide(ctx);
  const user = domain ? undefined : targetUser(ctx);
  const accounts = [...ctx.world.store.accounts.values()].filter((a) => user === undefined || a.idUser === user.id);
  if (accounts.length === 0) throw new ApiError(400, "noAccount", "No bank account is available");
  const after = lastUpdateParam(ctx);
  const mode = flag(ctx.query, "all") ? "all" : flag(ctx.query, "deleted") ? "only" : "hide";
  const window = txWindow(ctx.world, ctx.query);
  if (domain) return domainPage(ctx, accounts, window, after, mode);
  const matches = accounts
    .flatMap((account) => candidates(ctx.world, account, window, after))
    .filter((tx) => after === undefined || instantOf(tx.last_update!) > after)
    .filter((tx) => (mode === "all" ? true : mode === "only" ? Boolean(tx.deleted) : !tx.deleted))
    .sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
  const { offset, limit } = pageParams(ctx.query);
  return { transactions: matches.slice(offset, offset + limit), total: matches.length };
}

/** The domain's list, account after account: each account's part is counted first, then only the page is built. */
function domainPage(
  ctx: Ctx,
  accounts: AccountRecord[],
  window: TxWindow,
  after: number | undefined,
  mode: "all" | "only" | "hide",
) {
  const parts = accounts
    .sort((a, b) => a.id - b.id)
    .map((account) => {
      if (after === undefined) {
        const seq = sequence(ctx.world, account, window, mode);
        return { total: seq.total, page: (from: number, n: number) => slice(ctx.world, account, seq, from, n) };
      }
      const matches = candidates(ctx.world, account, window, after)
        .filter((tx) => instantOf(tx.last_update!) > after)
        .filter((tx) => (mode === "all" ? true : mode === "only" ? Boolean(tx.deleted) : !tx.deleted))
        .sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
      return { total: matches.length, page: (from: number, n: number) => matches.slice(from, from + n) };
    });
  const { offset, limit } = pageParams(ctx.query);
  const transactions: Transaction[] = [];
  let skip = offset;
  for (const part of parts) {
    if (transactions.length >= limit) break;
    if (skip >= part.total) {
      skip -= part.total;
      continue;
    }
    transactions.push(...part.page(skip, limit - transactions.length));
    skip = 0;
  }
  return { transactions, total: parts.reduce((sum, part) => sum + part.total, 0) };
}

/** A `last_update`'s instant: a sync stamps thousands of transactions with the same few values. Bounded. */
const instants = new Map<string, number>();
function instantOf(lastUpdate: string): number {
  let ms = instants.get(lastUpdate);
  if (ms === undefined) {
    if (instants.size >= 10_000) instants.clear();
    instants.set(lastUpdate, (ms = parseBudgeaDateTime(lastUpdate).getTime()));
  }
  return ms;
}

/** The account's transactions in the window that may have changed after `after` (all of them without it). */
function candidates(
  world: World,
  account: AccountRecord,
  window: { minDay: number; maxDay: number },
  after: number | undefined,
): Transaction[] {
  if (account.disabled !== undefined) return [];
  const { seed, historyDays } = world.options;
  const out: Transaction[] = [];
  const shaped = (tx: Transaction) => (speaksToday(world) ? todayTransaction(account, tx) : tx);
  // Only what may read as changed after `after` is built: a `last_update` written from a time at or before it
  // (seconds truncated, a repeated autumn hour read as its first pass) never reads as after it.
  const mayHaveChanged = (ms: number) => after === undefined || ms > after;
  for (const tx of account.head)
    if (
      tx.day >= window.minDay &&
      tx.day <= window.maxDay &&
      mayHaveChanged(tx.deletedAt ?? account.edits?.get(tx.id)?.editedAt ?? tx.scrapedAt)
    )
      out.push(shaped(headToTransaction(account, tx)));
  const [lo, hi] = generatedRange(account, historyDays, window.minDay, window.maxDay);
  if (after === undefined || account.created > after) {
    for (let i = lo; i < hi; i++) out.push(shaped(generatedTransaction(seed, historyDays, account, i)));
  } else {
    // The history's own `last_update` is the account's creation: only what a later sync edited is newer.
    for (const [id, edit] of account.edits ?? []) {
      if (!mayHaveChanged(edit.editedAt)) continue;
      const i = generatedIndex(account, id);
      if (i !== undefined && i >= lo && i < hi) out.push(shaped(generatedTransaction(seed, historyDays, account, i)));
    }
  }
  return out;
}

function lastUpdateParam(ctx: Ctx): number | undefined {
  const text = optionalString(ctx.query, "last_update");
  if (text === undefined || text === "") return undefined;
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text))
    throw invalidValue("last_update", "expected YYYY-MM-DD HH:MM:SS (Paris time)");
  try {
    return parseBudgeaDateTime(text).getTime();
  } catch {
    throw invalidValue("last_update", "not a real date-time");
  }
}
