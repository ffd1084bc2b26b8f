import type { ConnectionSyncedCurrent, ConnectionSyncedPush, Transaction, User } from "../models.js";
import { renderAccount } from "../accounts/render.js";
import { windowTransactions } from "../accounts/transaction-list.js";
import { renderConnection } from "../connections/render.js";
import { naiveParis } from "../core/dates.js";
import { speaksToday, todayTransaction } from "../data/today.js";
import { headToTransaction } from "../data/transactions.js";
import type { AccountRecord, ConnectionRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/** A CONNECTION_SYNCED body before its delivery id is set. */
export type SyncedBody =
  Omit<ConnectionSyncedCurrent, "id_webhook_data"> | Omit<ConnectionSyncedPush, "id_webhook_data">;

/**
 * The CONNECTION_SYNCED payload: the connection, its accounts, and per active account what is new since the
 * last payload: the last month's transactions the first time, then transactions found by later syncs, and those
 * removed since (with `deleted` set). With `connectionStyle: "current"` today's body, `{ connection, user }`;
 * otherwise the 2020 docs' (`Background synchronizations & Webhooks`), `{ connections: [...], total, user }`.
 */
export function connectionSyncedEvent(world: World, connection: ConnectionRecord): SyncedBody {
  const user = world.store.users.get(connection.idUser)!;
  const accounts = world.store.accountsOf(connection.id).map((account) => ({
    ...renderAccount(world, account, account.investments.length ? { expand: "investments" } : {}),
    transactions: newTransactions(world, account),
  }));
  const synced = { ...renderConnection(world, connection), accounts };
  const body: User = { id: user.id, signin: naiveParis(user.signin), platform: user.platform };
  return speaksToday(world) ? { connection: synced, user: body } : { connections: [synced], total: 1, user: body };
}

function newTransactions(world: World, account: AccountRecord): Transaction[] {
  if (account.disabled !== undefined) return [];
  const fresh = account.webhookInitialSent ? account.head.slice(account.webhookHeadSent) : [];
  const initial = account.webhookInitialSent ? [] : windowTransactions(world, account, {});
  const removed = account.head
    .slice(0, account.webhookHeadSent)
    .filter((tx) => tx.deletedAt !== undefined && !tx.deletionSent);
  account.webhookInitialSent = true;
  account.webhookHeadSent = account.head.length;
  for (const tx of account.head) if (tx.deletedAt !== undefined) tx.deletionSent = true;
  const head = [...[...fresh].reverse(), ...removed].map((tx) => headToTransaction(account, tx));
  return [...initial, ...(speaksToday(world) ? head.map((tx) => todayTransaction(account, tx)) : head)];
}
