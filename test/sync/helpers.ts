import { Budgea, MemorySyncStore, type SyncBatch, type SyncChange, type SyncStore } from "../../src/index.js";
import type { Sandbox } from "../../src/testing/index.js";

/** Every transaction the API holds for the user now (deleted ones left out), by id. */
export async function apiTransactions(sb: Sandbox, token: string): Promise<Map<number, unknown>> {
  const answer = await fetch(`${sb.url}/users/me/transactions?min_date=1970-01-01&limit=1000000`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const { transactions } = (await answer.json()) as { transactions: { id: number }[] };
  return new Map(transactions.map((tx) => [tx.id, tx]));
}

/** The store's live transactions for a user, by id. */
export function storeTransactions(store: MemorySyncStore, key: string): Map<number, unknown> {
  return new Map(store.snapshot(key).transaction.map((tx) => [tx.id, tx]));
}

/**
 * A MemorySyncStore that records every change committed (so a test sees a change applied twice) and can be
 * told to fail its Nth commit (a crash between two batches).
 */
export class RecordingStore implements SyncStore {
  readonly memory = new MemorySyncStore();
  readonly applied: SyncChange[] = [];
  failOnCommit: number | undefined;
  #commits = 0;

  cursor(key: string): string | undefined {
    return this.memory.cursor(key);
  }

  commit(key: string, batch: SyncBatch): boolean {
    this.#commits++;
    if (this.failOnCommit === this.#commits) throw new Error("crash: the process died before this commit");
    const applied = this.memory.commit(key, batch);
    if (applied) this.applied.push(...batch.changes);
    return applied;
  }

  /** Transaction changes committed more than once with the same `last_update` (must be none). */
  duplicates(): string[] {
    const count = new Map<string, number>();
    for (const c of this.applied) {
      if (c.resource !== "transaction") continue;
      const k = `${c.kind}:${c.item.id}@${c.item.last_update}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    return [...count].filter(([, n]) => n > 1).map(([k]) => k);
  }
}

export function userClient(sb: Sandbox, token: string): Budgea {
  return new Budgea({ baseUrl: sb.url, token });
}
