import type Database from "better-sqlite3";
import { type SyncBatch, type SyncChange, type SyncStore, changeVersion } from "budgea";

/**
 * A SyncStore on SQLite (better-sqlite3). Each commit is one transaction: the delivery id (a redelivery
 * changes nothing), the changes (newer or equal versions win; deletions stay as tombstones and remove an
 * account's transactions, a connection's accounts), then the cursor. The same SQL works on Postgres.
 */
export class SqliteSyncStore implements SyncStore {
  readonly #commit: Database.Transaction<(key: string, batch: SyncBatch) => boolean>;

  constructor(readonly db: Database.Database) {
    db.pragma("journal_mode = WAL"); // several worker processes may share the file
    db.pragma("busy_timeout = 10000");
    db.exec(`
      CREATE TABLE IF NOT EXISTS sync_cursor (user_key TEXT PRIMARY KEY, cursor TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sync_delivery (user_key TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (user_key, id));
      CREATE TABLE IF NOT EXISTS sync_item (
        user_key TEXT NOT NULL, resource TEXT NOT NULL, id INTEGER NOT NULL, parent INTEGER,
        version INTEGER NOT NULL, deleted INTEGER NOT NULL, json TEXT,
        PRIMARY KEY (user_key, resource, id));`);
    this.#commit = db.transaction((key: string, batch: SyncBatch): boolean => {
      if (batch.idWebhookData !== undefined) {
        const insert = db.prepare("INSERT OR IGNORE INTO sync_delivery (user_key, id) VALUES (?, ?)");
        if (insert.run(key, batch.idWebhookData).changes === 0) return false; // applied before
      }
      for (const change of batch.changes) this.#apply(key, change);
      if (batch.cursor !== undefined)
        db.prepare(
          "INSERT INTO sync_cursor VALUES (?, ?) ON CONFLICT (user_key) DO UPDATE SET cursor = excluded.cursor",
        ).run(key, batch.cursor);
      return true;
    });
  }

  cursor(key: string): string | undefined {
    const row = this.db.prepare("SELECT cursor FROM sync_cursor WHERE user_key = ?").get(key) as
      { cursor: string } | undefined;
    return row?.cursor;
  }

  commit(key: string, batch: SyncBatch): boolean {
    return this.#commit.immediate(key, batch); // BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error
  }

  #apply(key: string, change: SyncChange): void {
    const version = changeVersion(change);
    const item = change.item as { id: number; id_account?: number; id_connection?: number };
    const parent =
      change.resource === "transaction" ? item.id_account : change.resource === "account" ? item.id_connection : null;
    const gone = change.kind === "delete";
    const written = this.db
      .prepare(
        `INSERT INTO sync_item (user_key, resource, id, parent, version, deleted, json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_key, resource, id) DO UPDATE SET parent = coalesce(excluded.parent, parent),
           version = excluded.version, deleted = excluded.deleted, json = excluded.json
         WHERE excluded.version >= sync_item.version`,
      )
      .run(
        key,
        change.resource,
        item.id,
        parent ?? null,
        version,
        gone ? 1 : 0,
        gone ? null : JSON.stringify(change.item),
      );
    if (!gone || written.changes === 0) return;
    const remove = `UPDATE sync_item SET deleted = 1, json = NULL, version = max(version, ?) WHERE user_key = ? AND deleted = 0`;
    if (change.resource === "account")
      this.db.prepare(`${remove} AND resource = 'transaction' AND parent = ?`).run(version, key, item.id);
    if (change.resource === "connection") {
      this.db
        .prepare(
          `${remove} AND resource = 'transaction' AND parent IN
          (SELECT id FROM sync_item WHERE user_key = ? AND resource = 'account' AND parent = ?)`,
        )
        .run(version, key, key, item.id);
      this.db.prepare(`${remove} AND resource = 'account' AND parent = ?`).run(version, key, item.id);
    }
  }

  /** The live items of a user, e.g. `items("42", "transaction")`. */
  items<T = unknown>(key: string, resource: SyncChange["resource"]): T[] {
    const rows = this.db
      .prepare("SELECT json FROM sync_item WHERE user_key = ? AND resource = ? AND deleted = 0 ORDER BY id")
      .all(key, resource) as { json: string }[];
    return rows.map((row) => JSON.parse(row.json) as T);
  }
}
