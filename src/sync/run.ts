/**
 * One run of `sync.changes()`: the connections and their accounts (one request, compared with the cursor's
 * fingerprints), then every transaction updated after the cursor's bound (`GET /users/{id_user}/transactions`
 * with `last_update`, `all` and the window's `min_date`, 1,000 a page). Exactly once across runs:
 *
 * - the next bound is this run's start by the server's clock (its `Date` header) minus `overlapMs`, never the
 *   newest `last_update` read: a change stamped before the run started but committed after it is still ahead;
 * - what this run read at or after that bound comes back next time: it is remembered (id, `last_update`) and
 *   skipped once, unless its `last_update` moved (then it changed again and is yielded);
 * - `last_update` values are Paris wall-clock times, compared as instants (DST included, microseconds kept);
 *   the bound sent is whole seconds, and never inside the autumn hour Paris lives twice;
 * - the checkpoint at any point (after each change) resumes the run where it stopped: connections and
 *   accounts by their fingerprints, transactions by the ids already yielded.
 */
import type { Account, Connection, Transaction } from "../../generated/models.js";
import type { BudgeaApi } from "../api-types.js";
import { formatBudgeaDate, formatBudgeaDateTime } from "../dates.js";
import { APIError, InvalidOptionsError, InvalidResponseError } from "../errors.js";
import { Paginator } from "../paginate.js";
import type { SyncChange } from "./change.js";
import { type CursorState, boundAt, decodeCursor, encodeCursor, freshState, instantOf } from "./cursor.js";
import { fingerprint } from "./fingerprint.js";

/** What `sync.changes()` takes. */
export interface ChangesOptions {
  /** The cursor the previous run ended with (or its last checkpoint); none: read everything. */
  cursor?: string | undefined;
  /** First run only: transactions from this day on (`YYYY-MM-DD` or a Date, Paris day). Default: all. */
  since?: string | Date | undefined;
  /** Aborts the request under way (the iteration rejects with AbortError). */
  signal?: AbortSignal | undefined;
}

/** How a client syncs (`new Sync(client, settings)`). */
export interface SyncSettings {
  /** `"me"` (a user's token, the default) or the user's id. */
  idUser: number | "me";
  /** How far before a run's start the next run reads again (default 5 minutes): covers clock skew between the API's servers and late commits. */
  overlapMs: number;
  /** Transactions a page (default 1,000, the API's maximum). */
  pageSize: number;
}

/** Counts of what a run yielded. */
export interface SyncCounts {
  upserts: number;
  deletes: number;
  /** Transactions the API sent again that were already yielded (the overlap, or a resumed run). */
  skipped: number;
}

const FIRST_DAY = "1970-01-01"; // the lists' default window is one month: a full read must say otherwise

/**
 * `for await (const change of run)`; then `run.cursor` is the next run's cursor (also the generator's return
 * value). `run.checkpoint` is, at any point, a cursor that resumes after the changes yielded so far.
 */
export class SyncRun implements AsyncIterable<SyncChange> {
  /** What was yielded so far. */
  readonly counts: SyncCounts = { upserts: 0, deletes: 0, skipped: 0 };
  readonly #api: BudgeaApi;
  readonly #baseUrl: string;
  readonly #settings: SyncSettings;
  readonly #state: CursorState;
  readonly #signal: AbortSignal | undefined;
  #cursor: string | undefined;
  #iterated = false;
  /** The server's time at the start of this run, as the API writes it (a vanished item's `deleted`). */
  #now = "";
  /** The cursor was a checkpoint: this run resumes one that stopped half-way. */
  readonly resumed: boolean;
  /** Connections whose state asks for their user (`wrongpass`, `SCARequired`, …), as read by this run. */
  readonly needsUser: { id: number; state: string }[] = [];

  constructor(api: BudgeaApi, baseUrl: string, settings: SyncSettings, options: ChangesOptions = {}) {
    this.#api = api;
    this.#baseUrl = baseUrl;
    this.#settings = settings;
    this.#signal = options.signal;
    const since = options.since === undefined ? undefined : formatBudgeaDate(options.since);
    if (options.cursor === undefined || options.cursor === null) this.#state = freshState(since);
    else {
      this.#state = decodeCursor(options.cursor);
      if (since !== undefined && since !== this.#state.since)
        throw new InvalidOptionsError("since", "is fixed by the first run: the cursor already holds the window");
    }
    this.resumed = this.#state.run !== undefined;
  }

  /** A cursor that resumes after every change yielded so far: commit it with those changes. */
  get checkpoint(): string {
    return encodeCursor(this.#state);
  }

  /** The next run's cursor, once the iteration has ended; undefined before. */
  get cursor(): string | undefined {
    return this.#cursor;
  }

  [Symbol.asyncIterator](): AsyncGenerator<SyncChange, string> {
    if (this.#iterated) throw new InvalidOptionsError("changes", "a run is iterated once: call sync.changes() again");
    this.#iterated = true;
    return this.#changes();
  }

  async *#changes(): AsyncGenerator<SyncChange, string> {
    const state = this.#state;
    const { data, response } = await this.#api.GET("/users/{id_user}/connections", {
      params: { path: { id_user: this.#settings.idUser }, query: { expand: "accounts" } },
      signal: this.#signal,
    });
    const now = serverTime(response);
    this.#now = formatBudgeaDateTime(now);
    state.run ??= { next: boundAt(now, this.#settings.overlapMs), done: new Set(), seen: new Map() };
    const connections = (data as { connections?: unknown }).connections;
    if (!Array.isArray(connections)) throw notTheList(response.status, "connections");
    const accounts: Account[] = [];
    for (const connection of connections as Connection[]) {
      const connectionState = (connection as { state?: unknown }).state;
      if (typeof connectionState === "string" && connectionState !== "" && connectionState !== "validating")
        this.needsUser.push({ id: connection.id, state: connectionState });
      const own = (connection as { accounts?: unknown }).accounts;
      if (!Array.isArray(own)) throw notTheList(response.status, "accounts (expand=accounts)");
      accounts.push(...(own as Account[]));
    }
    yield* this.#compare("connection", (connections as Connection[]).map(withoutAccounts), state.connections);
    yield* this.#compare("account", accounts.map(withoutTransactions), state.accounts);
    yield* this.#transactions();
    state.after = state.run.next;
    state.seen = [...state.run.seen];
    state.run = undefined;
    this.#cursor = encodeCursor(state);
    return this.#cursor;
  }

  /** Yields what differs from the fingerprints (updating them first, so the checkpoint includes it). */
  *#compare<R extends "connection" | "account">(
    resource: R,
    items: (R extends "connection" ? Connection : Account)[],
    known: Record<string, string>,
  ): Generator<SyncChange> {
    const present = new Set<string>();
    for (const item of items) {
      const id = String(item.id);
      if ((item as { deleted?: unknown }).deleted) continue; // an account the API marks deleted: gone, below
      present.add(id);
      const digest = fingerprint(item);
      if (known[id] === digest) continue;
      known[id] = digest;
      this.counts.upserts++;
      yield { kind: "upsert", resource, item } as SyncChange;
    }
    for (const id of Object.keys(known)) {
      if (present.has(id)) continue;
      delete known[id];
      this.counts.deletes++;
      // Marked deleted by the API, or vanished: then it is gone as of now (so it outranks what a store holds).
      const last = items.find((item) => String(item.id) === id);
      yield { kind: "delete", resource, item: last ?? { id: Number(id), deleted: this.#now } } as SyncChange;
    }
  }

  async *#transactions(): AsyncGenerator<SyncChange> {
    const state = this.#state;
    const run = state.run!;
    const previous = new Map(state.seen);
    const overlapFrom = instantOf(run.next)! - 1000; // the bound is whole seconds; keep a second more
    const query = {
      min_date: state.since ?? FIRST_DAY,
      all: true,
      limit: this.#settings.pageSize,
      ...(state.after ? { last_update: state.after } : {}),
    };
    const init = { params: { path: { id_user: this.#settings.idUser }, query } };
    for (let attempt = 1; ; attempt++) {
      let firstTotal: number | undefined;
      let shrank = false;
      const pages = new Paginator<Transaction>(this.#api, this.#baseUrl, "/users/{id_user}/transactions", init, {
        pageSize: this.#settings.pageSize,
        signal: this.#signal,
      }).pages();
      try {
        for await (const page of pages) {
          firstTotal ??= page.total;
          if (page.total !== undefined && firstTotal !== undefined && page.total < firstTotal) shrank = true;
          for (const tx of page.items) {
            const lastUpdate = tx.last_update ?? undefined;
            const at = instantOf(lastUpdate);
            if (run.done.has(tx.id)) continue;
            if (lastUpdate !== undefined && previous.get(tx.id) === lastUpdate) {
              this.counts.skipped++;
              if (at !== undefined && at >= overlapFrom) run.seen.set(tx.id, lastUpdate);
              continue;
            }
            if (tx.deleted && state.after === undefined) continue; // first run: nothing to remove yet
            run.done.add(tx.id);
            if (lastUpdate !== undefined && at !== undefined && at >= overlapFrom) run.seen.set(tx.id, lastUpdate);
            if (tx.deleted) this.counts.deletes++;
            else this.counts.upserts++;
            yield tx.deleted
              ? { kind: "delete", resource: "transaction", item: tx }
              : { kind: "upsert", resource: "transaction", item: tx };
          }
        }
      } catch (error) {
        if (error instanceof APIError && error.code === "noAccount") return; // no account: no transactions
        throw error;
      }
      // Offsets moved under us only if items left the list (with `all`, none should): read it again.
      if (!shrank) return;
      if (attempt === 3)
        throw new InvalidResponseError("the transaction list kept shrinking while it was read (3 tries)", {
          method: "GET",
          path: "/users/{id_user}/transactions",
          status: 200,
          headers: {},
        });
    }
  }
}

/** The server's time from its `Date` header (what `last_update` is stamped with), else this machine's. */
function serverTime(response: Response): number {
  const date = Date.parse(response.headers.get("date") ?? "");
  return Number.isNaN(date) ? Date.now() : date;
}

function withoutAccounts(connection: Connection): Connection {
  const { accounts: _accounts, ...rest } = connection as Connection & { accounts?: unknown };
  return rest as Connection;
}

function withoutTransactions(account: Account): Account {
  const { transactions: _transactions, ...rest } = account as Account & { transactions?: unknown };
  return rest as Account;
}

function notTheList(status: number, what: string): InvalidResponseError {
  return new InvalidResponseError(`sync: the connections list has no ${what} array`, {
    method: "GET",
    path: "/users/{id_user}/connections",
    status,
    headers: {},
  });
}
