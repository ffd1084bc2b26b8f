import type { Database } from "sql.js";
import { type SyncBatch, type SyncChange, type SyncStore, changeOwner, changeVersion } from "budgea";

/**
 * A SyncStore on SQLite (sql.js here; the SQL is the same with any SQLite driver, and nearly so on Postgres).
 * Each commit is one transaction: the delivery id (a redelivery changes nothing), the changes (newer or equal
 * versions win; deletions stay as tombstones and remove an account's transactions, a connection's accounts),
 * then the cursor — all of it, or on any error none of it (ROLLBACK).
 */
export class SqliteSyncStore implements SyncStore {
  constructor(
    readonly db: Database,
    /** Called after each COMMIT: sql.js keeps the database in memory, so this is where it is saved. */
    readonly afterCommit: (db: Database) => void = () => {},
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS sync_cursor (sync_key TEXT PRIMARY KEY, cursor TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sync_delivery (sync_key TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (sync_key, id));
      CREATE TABLE IF NOT EXISTS sync_item (
        user_key TEXT NOT NULL, resource TEXT NOT NULL, id INTEGER NOT NULL, parent INTEGER,
        version INTEGER NOT NULL, deleted INTEGER NOT NULL, json TEXT,
        PRIMARY KEY (user_key, resource, id));`);
  }

  cursor(key: string): string | undefined {
    return this.#rows<{ cursor: string }>("SELECT cursor FROM sync_cursor WHERE sync_key = ?", [key])[0]?.cursor;
  }

  commit(key: string, batch: SyncBatch): boolean {
    this.db.run("BEGIN IMMEDIATE");
    try {
      if (batch.idWebhookData !== undefined) {
        this.db.run("INSERT INTO sync_delivery VALUES (?, ?) ON CONFLICT DO NOTHING", [key, batch.idWebhookData]);
        if (this.db.getRowsModified() === 0) {
          this.db.run("ROLLBACK"); // applied before
          return false;
        }
      }
      for (const change of batch.changes) this.#apply(changeOwner(key, change), change);
      if (batch.cursor !== undefined)
        this.db.run(
          "INSERT INTO sync_cursor VALUES (?, ?) ON CONFLICT (sync_key) DO UPDATE SET cursor = excluded.cursor",
          [key, batch.cursor],
        );
      this.db.run("COMMIT");
    } catch (error) {
      rollback(this.db);
      throw error;
    }
    this.afterCommit(this.db);
    return true;
  }

  /** Writes the change under its user (`changeOwner`: the key, or the change's `idUser` in a domain-wide sync). */
  #apply(owner: string, change: SyncChange): void {
    const version = changeVersion(change);
    const item = change.item as { id: number; id_account?: number; id_connection?: number };
    const parent =
      change.resource === "transaction" ? item.id_account : change.resource === "account" ? item.id_connection : null;
    const gone = change.kind === "delete";
    const json = gone ? null : JSON.stringify(change.item);
    this.db.run(
      `INSERT INTO sync_item VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_key, resource, id) DO UPDATE SET parent = coalesce(excluded.parent, sync_item.parent),
         version = excluded.version, deleted = excluded.deleted, json = excluded.json
       WHERE excluded.version >= sync_item.version`,
      [owner, change.resource, item.id, parent ?? null, version, gone ? 1 : 0, json],
    );
    if (!gone || this.db.getRowsModified() === 0) return;
    const remove = `UPDATE sync_item SET deleted = 1, json = NULL,
      version = CASE WHEN version > ? THEN version ELSE ? END WHERE user_key = ? AND deleted = 0`;
    if (change.resource === "account")
      this.db.run(`${remove} AND resource = 'transaction' AND parent = ?`, [version, version, owner, item.id]);
    if (change.resource === "connection") {
      this.db.run(
        `${remove} AND resource = 'transaction' AND parent IN
         (SELECT id FROM sync_item WHERE user_key = ? AND resource = 'account' AND parent = ?)`,
        [version, version, owner, owner, item.id],
      );
      this.db.run(`${remove} AND resource = 'account' AND parent = ?`, [version, version, owner, item.id]);
    }
  }

  /** The live items of a user, e.g. `items("42", "transaction")`. */
  items<T = unknown>(userKey: string, resource: SyncChange["resource"]): T[] {
    const sql = "SELECT json FROM sync_item WHERE user_key = ? AND resource = ? AND deleted = 0 ORDER BY id";
    return this.#rows<{ json: string }>(sql, [userKey, resource]).map((row) => JSON.parse(row.json) as T);
  }

  #rows<T>(sql: string, params: (string | number)[]): T[] {
    const statement = this.db.prepare(sql, params);
    try {
      const rows: T[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as T);
      return rows;
    } finally {
      statement.free();
    }
  }
}

function rollback(db: Database): void {
  try {
    db.run("ROLLBACK");
  } catch {
    // "no transaction is active": the failed statement already ended it (SQLite rolls back on most errors)
  }
}
