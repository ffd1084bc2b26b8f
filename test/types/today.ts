/**
 * Type tests for the current API's shapes, compiled by `npm run typecheck` (never run). Each `@ts-expect-error`
 * fails the build if the line below it ever compiles: a null-unsafe line on a field the API may send as null,
 * or a CONNECTION_SYNCED handler that only knows one of its two forms.
 */
import type { Account, Connection, Investment, Transaction, WebhookEventOf } from "../../src/index.js";
import { syncedConnections } from "../../src/index.js";
import { accountsList, investmentsList, transactionsList } from "../fixtures/today/index.js";

export function nullsAreVisible(account: Account, investment: Investment, connection: Connection, tx: Transaction) {
  // @ts-expect-error a loan or card account may have no balance
  account.balance.toFixed(2);
  // @ts-expect-error an investment may have no valuation
  void (investment.valuation + 1);
  // @ts-expect-error a connection that has not synced yet has no last_update
  void connection.last_update.slice(0, 10);
  // @ts-expect-error the bank may give no value yet
  void tx.value.toFixed(2);
  // @ts-expect-error only `id` is certain in a currency
  void account.currency.symbol;
  // Checked, they compile.
  const balance: string = account.balance?.toFixed(2) ?? "—";
  const valuation: number = (investment.valuation ?? 0) + 1;
  return [balance, valuation, connection.last_update?.slice(0, 10), account.currency?.symbol];
}

export function openVocabularies(tx: Transaction, account: Account, connection: Connection): string {
  // Today's values compile and narrow …
  if (tx.type === "summary_card") return "monthly card debit";
  if (account.type === "ldds" || account.type === "real_estate") return "savings";
  // … and a value the API adds later compiles too, falling into the default branch.
  const later: Transaction["type"] = "crypto_swap";
  switch (connection.state) {
    case null:
    case undefined:
      return later;
    case "SCARequired":
      return "ask the user";
    default:
      return `unknown state ${connection.state}`;
  }
}

export function bookmarkedIsAFlag(account: Account): boolean {
  // `true`/`false` or `1`/`0`: a truthiness test reads both; a strict comparison with `true` is refused.
  // @ts-expect-error `1` is not `true`
  const strict: true = account.bookmarked;
  void strict;
  return Boolean(account.bookmarked);
}

export function handler(event: WebhookEventOf<"CONNECTION_SYNCED">): number[] {
  // @ts-expect-error today's body has one `connection`: `connections` may be absent
  void event.payload.connections.map((c) => c.id);
  if ("connection" in event.payload) return [event.payload.connection.id];
  return syncedConnections(event.payload).map((c) => c.id);
}

// The corpus compiles as the types users read it with (the fixtures are declared with those types).
export const typed: [Account[], Transaction[], Investment[]] = [
  accountsList.accounts,
  transactionsList.transactions,
  investmentsList.investments,
];

// The new lists page like the others, typed item by item.
export async function ownershipsOf(user: import("../../src/index.js").Budgea): Promise<string[]> {
  const names: string[] = [];
  for await (const ownership of user.paginate("/users/{id_user}/account_ownerships", {
    params: { path: { id_user: "me" } },
  })) {
    const holders: boolean | null | undefined = ownership.multiple_holders;
    void holders;
    names.push(ownership.name ?? ownership.bank_name ?? String(ownership.id_account));
  }
  return names;
}
