import type { Transaction } from "../models.js";
import { parisDay } from "../core/dates.js";
import { createRng, mix, randomInt } from "../core/random.js";
import { generatedId, generatedTransaction, headToTransaction, syncedHeadTransaction } from "../data/transactions.js";
import type { AccountRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/** What `sb.simulateSync()` makes a bank sync do. Counts are spread over the connection's active accounts. */
export interface SimulateSyncOptions {
  /** New transactions found, dated today, at the head of the lists (default 0). */
  added?: number;
  /** Existing transactions relabelled and recategorised: their `last_update` moves to now (default 0). */
  edited?: number;
  /**
   * Transactions found by earlier syncs (`added`) that the bank removed: `deleted` set, `last_update` moved
   * (default 0). More than there are is a RangeError, before anything changes.
   */
  deleted?: number;
}

/** What the sync changed, as the API now shows each transaction. */
export interface SimulatedSync {
  /** The new transactions. */
  added: Transaction[];
  /** The relabelled ones. */
  edited: Transaction[];
  /** The removed ones (`deleted` set), as many as asked. */
  deleted: Transaction[];
}

/**
 * A background sync of one connection that changes data between two reads of a client: transactions added,
 * edited and deleted with `last_update` moving to the sandbox's now, the connection's `last_update` too, then
 * the CONNECTION_SYNCED webhook (new and removed transactions). Deterministic from the seed and the sync count.
 */
export function simulateSync(world: World, connectionId: number, options: SimulateSyncOptions = {}): SimulatedSync {
  const connection = world.store.connections.get(connectionId);
  if (!connection) throw new RangeError(`no connection ${connectionId}`);
  const added = count(options.added, "added");
  const edited = count(options.edited, "edited");
  const deleted = count(options.deleted, "deleted");
  const accounts = world.store.accountsOf(connectionId).filter((a) => a.disabled === undefined && a.type !== "pea");
  if (accounts.length === 0 && added + edited + deleted > 0)
    throw new RangeError(`connection ${connectionId} has no active account with transactions`);
  const deletable = accounts.reduce((n, a) => n + a.head.filter((tx) => tx.deletedAt === undefined).length, 0);
  if (deleted > deletable)
    throw new RangeError(
      `deleted: ${deleted} asked, but connection ${connectionId} has ${deletable} transaction(s) found by earlier syncs (add some first: { added })`,
    );
  const now = world.clock.now();
  connection.syncs += 1;
  connection.lastUpdate = now;
  const rng = createRng(mix(world.options.seed, 5, connectionId, connection.syncs));
  const out: SimulatedSync = { added: [], edited: [], deleted: [] };
  const pick = () => accounts[randomInt(rng, 0, accounts.length - 1)]!;
  for (let i = 0; i < deleted; i++) {
    const withLive = accounts.filter((a) => a.head.some((tx) => tx.deletedAt === undefined));
    const account = withLive[randomInt(rng, 0, withLive.length - 1)]!;
    const live = account.head.filter((tx) => tx.deletedAt === undefined);
    const tx = live[randomInt(rng, 0, live.length - 1)]!;
    tx.deletedAt = now;
    out.deleted.push(headToTransaction(account, tx));
  }
  for (let i = 0; i < edited; i++) {
    const account = pick();
    const id = editableId(account, rng);
    if (id === undefined) continue;
    account.edits ??= new Map();
    account.edits.set(id, {
      wording: `EDITED ${id} #${connection.syncs}`,
      idCategory: 9000 + connection.syncs,
      editedAt: now,
    });
    out.edited.push(transactionOf(world, account, id)!);
  }
  for (let i = 0; i < added; i++) {
    const account = pick();
    const tx = syncedHeadTransaction(world.options.seed, world.store.nextId("transaction"), parisDay(now), now, false);
    account.head.push(tx);
    out.added.push(headToTransaction(account, tx));
  }
  world.webhooks.connectionSynced(connection);
  return out;
}

/** A live transaction of the account (history or head), by chance. */
function editableId(account: AccountRecord, rng: () => number): number | undefined {
  const live = account.head.filter((tx) => tx.deletedAt === undefined);
  const size = account.txCount + live.length;
  if (size === 0) return undefined;
  const i = randomInt(rng, 0, size - 1);
  return i < account.txCount ? generatedId(account, i) : live[i - account.txCount]!.id;
}

function transactionOf(world: World, account: AccountRecord, id: number): Transaction | undefined {
  const head = account.head.find((tx) => tx.id === id);
  if (head) return headToTransaction(account, head);
  const index = account.txBase + account.txCount - 1 - id;
  if (index < 0 || index >= account.txCount) return undefined;
  return generatedTransaction(world.options.seed, world.options.historyDays, account, index);
}

function count(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}
