/**
 * `budgea.sync` (or `new Sync(client)` on a BudgeaClient): keep your own copy of a user's connections,
 * accounts and transactions, incrementally and exactly once. `new Sync(admin, { idUser: "all" })`, with a client
 * holding the manage token, keeps every user's in one run and one cursor: its changes carry their `idUser`.
 *
 * - `changes({ cursor })`: the changes since the cursor, to feed any store yourself;
 * - `run({ store, key })`: reads the store's cursor, commits the changes in batches with their checkpoint
 *   (one transaction each), ends with the next cursor committed — a crash, abort or error resumes from the last
 *   commit, losing and repeating nothing;
 * - `applyWebhook(event, { store })`: the changes a CONNECTION_SYNCED delivery carries, through the same store,
 *   once per `id_webhook_data`.
 */
import type { BudgeaApi } from "../api-types.js";
import { InvalidOptionsError } from "../errors.js";
import { objectArg } from "../options.js";
import type { SyncChange } from "./change.js";
import { type ChangesOptions, type SyncCounts, SyncRun, type SyncSettings } from "./run.js";
import type { SyncStore } from "./store.js";
import { type SyncWebhookInput, changesOfWebhook } from "./webhook.js";

/** Options of `new Sync(client, options)`; the getter `budgea.sync` uses the defaults. */
export type SyncOptions = Partial<SyncSettings>;

/** What `run()` takes. */
export interface RunOptions {
  /** Where the copy lives. */
  store: SyncStore;
  /** Whose cursor: the user's key in the store (e.g. its id), or the domain's for `idUser: "all"` (e.g. `"domain"`). */
  key: string | number;
  /** First run only: transactions from this day on. Default: all. */
  since?: string | Date;
  /** Changes per commit (default 500). */
  batchSize?: number;
  /** Stops the run; what was committed stays, the next run resumes from it. */
  signal?: AbortSignal;
}

/** What `run()` did. */
export interface RunResult extends SyncCounts {
  /** The cursor committed last. */
  cursor: string;
  /** Batches committed. */
  commits: number;
  /** Whether the run resumed one that had stopped half-way. */
  resumed: boolean;
  /** Connections whose state asks for their user (`wrongpass`, `SCARequired`, …): recorded, their data still read. Domain-wide, each says its `idUser`. */
  needsUser: { id: number; state: string; idUser?: number }[];
}

/** What `applyWebhook()` did: `applied` is false for a delivery already applied (nothing changed). */
export interface WebhookResult {
  applied: boolean;
  changes: number;
  idWebhookData: number | undefined;
  idUser: number | undefined;
}

const DEFAULTS: SyncSettings = { idUser: "me", overlapMs: 5 * 60_000, pageSize: 1000 };

export class Sync {
  readonly #api: BudgeaApi;
  readonly #baseUrl: string;
  readonly #settings: SyncSettings;

  constructor(client: { api: BudgeaApi; baseUrl: string }, options: SyncOptions = {}) {
    this.#api = client.api;
    this.#baseUrl = client.baseUrl;
    this.#settings = { ...DEFAULTS, ...definedOnly(options) };
    const { idUser, overlapMs, pageSize } = this.#settings;
    if (idUser !== "me" && idUser !== "all" && !(Number.isSafeInteger(idUser) && idUser > 0))
      throw new InvalidOptionsError("idUser", 'must be "me", "all" (the domain, with the manage token) or a user id');
    if (!(Number.isFinite(overlapMs) && overlapMs >= 1000))
      throw new InvalidOptionsError("overlapMs", "must be at least 1000 ms (the API's bound is whole seconds)");
    if (!(Number.isSafeInteger(pageSize) && pageSize >= 1 && pageSize <= 1000))
      throw new InvalidOptionsError("pageSize", "must be an integer from 1 to 1000");
  }

  /**
   * The changes since `cursor` (all of them without one): `{ kind: "upsert" | "delete", resource, item }`.
   * After the loop, `run.cursor` is the next cursor; `run.checkpoint` resumes after what was yielded so far.
   * Errors: BudgeaError from the API; InvalidSyncCursorError for a cursor this version did not write.
   */
  changes(options: ChangesOptions = {}): SyncRun {
    return new SyncRun(this.#api, this.#baseUrl, this.#settings, objectArg(options, "sync.changes(options)"));
  }

  /** One incremental run into `store` (see the module comment); resolves once the final cursor is committed. */
  async run(options: RunOptions): Promise<RunResult> {
    options = objectArg(options, "sync.run(options)", true);
    const store = storeOf(options.store);
    const key = keyOf(options.key);
    const batchSize = options.batchSize ?? 500;
    if (!(Number.isSafeInteger(batchSize) && batchSize >= 1))
      throw new InvalidOptionsError("batchSize", "must be a positive integer");
    const cursor = await store.cursor(key);
    const run = this.changes({
      cursor,
      since: cursor === undefined ? options.since : undefined,
      signal: options.signal,
    });
    let batch: SyncChange[] = [];
    let commits = 0;
    for await (const change of run) {
      batch.push(change);
      if (batch.length >= batchSize) {
        await store.commit(key, { changes: batch, cursor: run.checkpoint });
        commits++;
        batch = [];
      }
    }
    await store.commit(key, { changes: batch, cursor: run.cursor! });
    return { ...run.counts, cursor: run.cursor!, commits: commits + 1, resumed: run.resumed, needsUser: run.needsUser };
  }

  /**
   * Applies a CONNECTION_SYNCED delivery (a verified event or its body, either form) to `store`, once per
   * `id_webhook_data`. `key` defaults to the delivery's user id. It never moves the polling cursor.
   */
  async applyWebhook(
    event: SyncWebhookInput,
    options: { store: SyncStore; key?: string | number },
  ): Promise<WebhookResult> {
    options = objectArg(options, "sync.applyWebhook(options)", true);
    const { changes, idWebhookData, idUser } = changesOfWebhook(event);
    const key = options.key ?? idUser;
    if (key === undefined) throw new InvalidOptionsError("key", "is needed: the delivery does not say its user");
    const applied = (await storeOf(options.store).commit(keyOf(key), { changes, idWebhookData })) !== false;
    return { applied, changes: applied ? changes.length : 0, idWebhookData, idUser };
  }
}

function storeOf(store: SyncStore): SyncStore {
  const given = store as Partial<SyncStore> | undefined;
  if (typeof given?.cursor !== "function" || typeof given.commit !== "function")
    throw new InvalidOptionsError("store", "must be a SyncStore (`cursor(key)` and `commit(key, batch)`)");
  return store;
}

function keyOf(key: string | number): string {
  if ((typeof key !== "string" || !key) && !(typeof key === "number" && Number.isSafeInteger(key)))
    throw new InvalidOptionsError("key", "must be a non-empty string or an integer");
  return String(key);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
