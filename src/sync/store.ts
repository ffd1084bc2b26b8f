/**
 * Where a sync keeps its copy: `SyncStore` is the two operations the workflow needs, per user (`key`).
 * `commit` must be one transaction: the changes and the new cursor (or the webhook delivery's id) together or
 * not at all, so a crash between two batches resumes from the last cursor committed, losing and repeating
 * nothing. Apply changes by version (`changeVersion`): a newer or equal version replaces, an older one is
 * ignored — a late webhook delivery cannot bring back what a poll already updated or removed.
 */
import { parseBudgeaDateTime } from "../dates.js";
import type { SyncChange, SyncItems, SyncResource } from "./change.js";

/** What one `commit` carries. */
export interface SyncBatch {
  /** The changes, in the order read. */
  changes: SyncChange[];
  /** Polling: the cursor to store with them (the run's checkpoint, or its final cursor). */
  cursor?: string;
  /** A webhook: its delivery id (`id_webhook_data`). A store that committed it before must apply nothing and return false. */
  idWebhookData?: number;
}

/**
 * Your database, as the sync sees it. Both methods may be sync or async. `key` names whose cursor it is: a
 * user's (a per-user sync, a webhook), or the domain's (a domain-wide sync, whose changes each carry their
 * `idUser`: file each change under `changeOwner(key, change)`).
 */
export interface SyncStore {
  /** The cursor last committed for this user; undefined before the first sync. */
  cursor(key: string): Promise<string | undefined> | string | undefined;
  /** Applies the batch in one transaction (changes by version, cursor, delivery id). False: a delivery already applied. */
  commit(key: string, batch: SyncBatch): Promise<boolean | void> | boolean | void;
}

/**
 * The version of a change, to order two changes of one item: its `last_update` (or `deleted`) as epoch ms,
 * read as the Paris time it is (DST included); 0 when the API gives none. Apply a change when its version is
 * greater than or equal to the stored one.
 */
export function changeVersion(change: SyncChange): number {
  const item = change.item as { last_update?: string | null; deleted?: string | null };
  const text = item.deleted ?? item.last_update;
  if (typeof text !== "string" || !text) return 0;
  try {
    return parseBudgeaDateTime(text).getTime();
  } catch {
    return 0;
  }
}

/**
 * Whose item a change is: its `idUser` (a domain-wide sync: one cursor, every user's changes) as a string, else
 * the `key` the batch was committed under (a per-user sync or a webhook). Use your users' ids as per-user keys
 * and both forms file items in the same place.
 */
export function changeOwner(key: string, change: SyncChange): string {
  return change.idUser === undefined ? key : String(change.idUser);
}

interface Row<R extends SyncResource> {
  version: number;
  /** The item, or undefined once deleted (kept as a tombstone, so an older upsert cannot bring it back). */
  item: SyncItems[R] | undefined;
}

interface UserData {
  cursor: string | undefined;
  deliveries: Set<number>;
  connection: Map<number, Row<"connection">>;
  account: Map<number, Row<"account">>;
  transaction: Map<number, Row<"transaction">>;
}

/** A SyncStore in memory, for tests, demos and one-process tools; `snapshot(key)` reads the copy back. */
export class MemorySyncStore implements SyncStore {
  readonly #users = new Map<string, UserData>();
  /** Batches committed (a test can count them). */
  commits = 0;

  cursor(key: string): string | undefined {
    return this.#users.get(key)?.cursor;
  }

  commit(key: string, batch: SyncBatch): boolean {
    const user = this.#user(key);
    if (batch.idWebhookData !== undefined && user.deliveries.has(batch.idWebhookData)) return false;
    for (const change of batch.changes) apply(this.#user(changeOwner(key, change)), change);
    if (batch.idWebhookData !== undefined) user.deliveries.add(batch.idWebhookData);
    if (batch.cursor !== undefined) user.cursor = batch.cursor;
    this.commits++;
    return true;
  }

  /** The user's live connections, accounts and transactions (deleted ones left out), by ascending id. */
  snapshot(key: string): { [R in SyncResource]: SyncItems[R][] } {
    const user = this.#users.get(key);
    const live = <R extends SyncResource>(rows: Map<number, Row<R>> | undefined) =>
      [...(rows ?? new Map<number, Row<R>>()).entries()]
        .filter(([, row]) => row.item !== undefined)
        .sort(([a], [b]) => a - b)
        .map(([, row]) => row.item!);
    return { connection: live(user?.connection), account: live(user?.account), transaction: live(user?.transaction) };
  }

  #user(key: string): UserData {
    let user = this.#users.get(key);
    if (!user) {
      user = {
        cursor: undefined,
        deliveries: new Set(),
        connection: new Map(),
        account: new Map(),
        transaction: new Map(),
      };
      this.#users.set(key, user);
    }
    return user;
  }
}

function apply(user: UserData, change: SyncChange): void {
  const rows = user[change.resource] as Map<number, Row<SyncResource>>;
  const version = changeVersion(change);
  const id = change.item.id;
  const row = rows.get(id);
  if (row && version < row.version) return; // older than what is stored
  if (change.kind === "upsert") {
    rows.set(id, { version, item: change.item });
    return;
  }
  rows.set(id, { version, item: undefined });
  if (change.resource === "account") removeWhere(user.transaction, (tx) => tx.id_account === id, version);
  if (change.resource === "connection") {
    const accounts = [...user.account.entries()].filter(([, row]) => row.item?.id_connection === id).map(([k]) => k);
    removeWhere(user.account, (account) => account.id_connection === id, version);
    removeWhere(user.transaction, (tx) => accounts.includes(tx.id_account), version);
  }
}

function removeWhere<R extends SyncResource>(
  rows: Map<number, Row<R>>,
  match: (item: SyncItems[R]) => boolean,
  version: number,
) {
  for (const [id, row] of rows)
    if (row.item !== undefined && match(row.item))
      rows.set(id, { version: Math.max(version, row.version), item: undefined });
}
