/**
 * What a sync yields: one change of one resource, typed by the resource. A deletion carries the API's last
 * view of the item when it has one (a deleted transaction, with `deleted` set), else its `id` and `deleted`,
 * the server's time when the run noticed it was gone (an account or connection that vanished from the lists).
 */
import type { Account, Connection, Transaction } from "../../generated/models.js";

/** The resources a sync keeps: the user's connections, their accounts, and the accounts' transactions. */
export interface SyncItems {
  /** A bank connection (without its `accounts`: they come as their own changes). */
  connection: Connection;
  /** A bank account (without its `transactions`). */
  account: Account;
  /** A transaction. */
  transaction: Transaction;
}

/** `connection`, `account` or `transaction`. */
export type SyncResource = keyof SyncItems;

/** An item that is gone: its id, and whatever the API last said of it. */
export type DeletedItem<R extends SyncResource> = Pick<SyncItems[R], "id"> & Partial<SyncItems[R]>;

/** Create or replace the item with this one (newer wins: see `changeVersion`). */
export interface SyncUpsert<R extends SyncResource = SyncResource> {
  kind: "upsert";
  resource: R;
  item: SyncItems[R];
  /** The user the item belongs to: set by a domain-wide sync (`idUser: "all"`), whose one run covers every user. */
  idUser?: number;
}

/** The item is gone. Removing an account removes its transactions; removing a connection its accounts. */
export interface SyncDelete<R extends SyncResource = SyncResource> {
  kind: "delete";
  resource: R;
  item: DeletedItem<R>;
  /** The user the item belonged to: set by a domain-wide sync (`idUser: "all"`). */
  idUser?: number;
}

/** One change: narrow on `kind` and `resource`. */
export type SyncChange = {
  [R in SyncResource]: SyncUpsert<R> | SyncDelete<R>;
}[SyncResource];
