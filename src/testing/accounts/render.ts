import type { Account, AccountTypeName, Currency, Investment } from "../models.js";
import { naiveParis } from "../core/dates.js";
import type { Fields } from "../http/body.js";
import { expands } from "../http/fields.js";
import type { AccountRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { speaksToday, todayAccount, todayInvestments } from "../data/today.js";
import { windowTransactions } from "./transaction-list.js";

export const EUR: Currency = { id: "EUR", symbol: "€", prefix: false, crypto: false, precision: 2 };

/** Optional fields the docs show as `null` (`"deleted": null`, `"enabled_at": null`) are sent as null. */
export type WithNulls<T> = { [K in keyof T]: undefined extends T[K] ? T[K] | null : T[K] };

const TYPE_IDS: Partial<Record<AccountTypeName, number>> = { checking: 1, savings: 2, card: 4, pea: 11, market: 5 };

/** An account as the API shows it; `expand=transactions` (last month) and `expand=investments`. */
export function renderAccount(world: World, account: AccountRecord, query: Fields = {}): Account {
  const expand = expands(query);
  const connection = world.store.connections.get(account.idConnection);
  const body: WithNulls<Account> = {
    id: account.id,
    id_connection: account.idConnection,
    id_user: account.idUser,
    number: account.number,
    webid: `A${account.id}`,
    original_name: account.originalName,
    name: account.name,
    balance: account.balance,
    coming: 0,
    display: account.display,
    bookmarked: account.bookmarked,
    last_update: connection?.lastUpdate === undefined ? null : naiveParis(connection.lastUpdate),
    deleted: null,
    disabled: account.disabled === undefined ? null : naiveParis(account.disabled),
    iban: account.iban,
    currency: EUR,
    id_type: TYPE_IDS[account.type] ?? 16,
    type: account.type,
    usage: "PRIV",
    error: null,
    ...(expand.has("transactions") ? { transactions: windowTransactions(world, account, query) } : {}),
    ...(expand.has("investments") ? { investments: investmentsOf(world, account) } : {}),
  };
  return speaksToday(world) ? todayAccount(body as Account) : (body as Account);
}

/** An account's investments as the API shows them (in today's shape with `connectionStyle: "current"`). */
export function investmentsOf(world: World, account: AccountRecord): Investment[] {
  return speaksToday(world) ? todayInvestments(account.investments) : account.investments;
}
