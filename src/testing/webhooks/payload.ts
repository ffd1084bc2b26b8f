import type { ConnectionSyncedEvent, Transaction, User } from "../models.js";
import { renderAccount } from "../accounts/render.js";
import { windowTransactions } from "../accounts/transaction-list.js";
import { renderConnection } from "../connections/render.js";
import { naiveParis } from "../core/dates.js";
import { headToTransaction } from "../data/transactions.js";
import type { AccountRecord, ConnectionRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/**
 * The CONNECTION_SYNCED payload (docs, "Background synchronizations & Webhooks"): the connection, its
 * accounts, and per active account what is new since the last payload: the last month's transactions the
 * first time, then transactions found by later syncs, and those removed since (with `deleted` set).
 */
export function connectionSyncedEvent(
  world: World,
  connection: ConnectionRecord,
): Omit<ConnectionSyncedEvent, "id_webhook_data"> {
  const user = world.store.users.get(connection.idUser)!;
  const accounts = world.store.accountsOf(connection.id).map((account) => ({
    ...renderAccount(world, account, account.investments.length ? { expand: "investments" } : {}),
    transactions: newTransactions(world, account),
  }));
  return {
    connections: [{ ...renderConnection(world, connection), accounts }],
    total: 1,
    user: { id: user.id, signin: naiveParis(user.signin), platform: user.platform } satisfies User,
  };
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
  return [
    ...initial,
    ...[...fresh].reverse().map((tx) => headToTransaction(account, tx)),
    ...removed.map((tx) => headToTransaction(account, tx)),
  ];
}
