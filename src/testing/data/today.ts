/**
 * `connectionStyle: "current"`: the sandbox's data in today's shapes, nulls included, so that code tested
 * against it is null-safe where the current API is null: a card account without balance, an investment without
 * valuation, a deferred card's monthly debit typed `summary_card`, the moment of a card payment in UTC.
 */
import type { Account, Investment, Transaction } from "../models.js";
import type { AccountRecord } from "../state/records.js";
import type { World } from "../state/world.js";

export function speaksToday(world: World): boolean {
  return world.options.connectionStyle === "current";
}

/** A card's (or loan's) balance is the bank's to give, and the current API often has none. */
export function todayAccount(account: Account): Account {
  if (account.type !== "card" && account.type !== "loan") return account;
  return { ...account, balance: null, coming: null, iban: null };
}

/** The first holding of a portfolio is one the bank gives no price for: no valuation, no gain. */
export function todayInvestments(investments: Investment[]): Investment[] {
  return investments.map((investment, i) =>
    i === 0 ? { ...investment, unitvalue: null, valuation: null, diff: null, diff_percent: null } : investment,
  );
}

/** Every 20th card payment of a checking account is the deferred card's monthly debit (`summary_card`). */
export function todayTransaction(account: AccountRecord, tx: Transaction): Transaction {
  const summary = account.type === "checking" && tx.type === "card" && tx.id % 20 === 0;
  const type = summary ? "summary_card" : tx.type;
  return {
    ...tx,
    type,
    nature: type,
    ...(summary ? { original_wording: "RELEVE CARTE DIFFERE", wording: "RELEVE CARTE DIFFERE" } : {}),
    datetime: tx.type === "card" ? paidAt(tx) : null,
    vdatetime: null,
    counterparty:
      tx.type === "transfer" ? { label: tx.wording ?? null, type: (tx.value ?? 0) < 0 ? "creditor" : "debtor" } : null,
    categories: [],
  };
}

/** A card payment's moment in UTC: between 08:00 and 19:59 on its day, from its id. */
function paidAt(tx: Transaction): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${tx.date} ${two(8 + (tx.id % 12))}:${two(tx.id % 60)}:00`;
}
