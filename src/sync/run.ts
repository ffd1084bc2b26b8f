/**
 * One run of `sync.changes()`: the connections and their accounts (`expand=accounts`, 1,000 a page: one request
 * for a user; compared with the cursor's fingerprints), then every transaction updated after the cursor's bound
 * (`GET /users/{id_user}/transactions` with `last_update`, `all` and the window's `min_date`, 1,000 a page). With
 * `idUser: "all"` and the manage token, the same two lists cover every user of the domain (`/users/all/…`), and
 * each change carries its `idUser`. Exactly once across runs:
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
import { APIError, InvalidOptionsError, InvalidResponseError, InvalidSyncCursorError } from "../errors.js";
import { Paginator } from "../paginate.js";
import type { SyncChange } from "./change.js";
import { type CursorState, boundAt, decodeCursor, encodeCursor, freshState, instantOf } from "./cursor.js";
import { fingerprint } from "./fingerprint.js";
import { IdSet } from "./id-set.js";

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
  /**
   * Whose data: `"me"` (a user's token, the default), a user's id, or `"all"`: every user of the domain in one
   * run and one cursor (the manage token; each change carries its `idUser`).
   */
  idUser: number | "me" | "all";
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
  /**
   * Domain-wide: transactions of accounts created while the run read (not in its connections list yet). Stamped
   * after the run started, they are read again, with their account, by the next run.
   */
  deferred: number;
}

const FIRST_DAY = "1970-01-01"; // the lists' default window is one month: a full read must say otherwise

/**
 * `for await (const change of run)`; then `run.cursor` is the next run's cursor (also the generator's return
 * value). `run.checkpoint` is, at any point, a cursor that resumes after the changes yielded so far.
 */
export class SyncRun implements AsyncIterable<SyncChange> {
  /** What was yielded so far. */
  readonly counts: SyncCounts = { upserts: 0, deletes: 0, skipped: 0, deferred: 0 };
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
  readonly needsUser: { id: number; state: string; idUser?: number }[] = [];
  /** Domain-wide: the owner of each account this run listed. */
  readonly #accountOwners = new Map<number, number>();

  constructor(api: BudgeaApi, baseUrl: string, settings: SyncSettings, options: ChangesOptions = {}) {
    this.#api = api;
    this.#baseUrl = baseUrl;
    this.#settings = settings;
    this.#signal = options.signal;
    const since = options.since === undefined ? undefined : formatBudgeaDate(options.since);
    const domain = settings.idUser === "all";
    if (options.cursor === undefined || options.cursor === null) this.#state = freshState(since, domain);
    else {
      this.#state = decodeCursor(options.cursor);
      if (this.#state.domain !== domain)
        throw new InvalidSyncCursorError(
          domain
            ? 'sync: this cursor is a user\'s; a domain-wide sync (idUser: "all") starts without one'
            : "sync: this cursor is a domain-wide sync's (idUser: \"all\"); a user's sync starts without one",
        );
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
    const { connections, now } = await this.#connections();
    this.#now = formatBudgeaDateTime(now);
    state.run ??= { next: boundAt(now, this.#settings.overlapMs), done: new IdSet(), seen: new Map() };
    const accounts: Account[] = [];
    for (const connection of connections) {
      const owner = this.#ownerOf(connection);
      const connectionState = (connection as { state?: unknown }).state;
      if (typeof connectionState === "string" && connectionState !== "" && connectionState !== "validating")
        this.needsUser.push({
          id: connection.id,
          state: connectionState,
          ...(owner === undefined ? {} : { idUser: owner }),
        });
      const own = (connection as { accounts?: unknown }).accounts;
      if (!Array.isArray(own)) throw notTheList(200, "accounts (expand=accounts)");
      for (const account of own as Account[]) {
        if (owner !== undefined) this.#accountOwners.set(account.id, owner);
        accounts.push(account);
      }
    }
    yield* this.#compare("connection", connections.map(withoutAccounts), state.connections);
    yield* this.#compare("account", accounts.map(withoutTransactions), state.accounts);
    yield* this.#transactions();
    const run = state.run!;
    state.after = run.next;
    state.seen = [...run.seen];
    state.run = undefined;
    this.#cursor = encodeCursor(state);
    return this.#cursor;
  }

  /**
   * Every connection with its accounts, a page at a time, and the server's time when the reading started. A
   * list that shrank while it was read (a connection removed: offsets moved, one may have been skipped, and a
   * skipped one would look deleted) is read again.
   */
  async #connections(): Promise<{ connections: Connection[]; now: number }> {
    for (let attempt = 1; ; attempt++) {
      let now: number | undefined;
      const request: BudgeaApi["request"] = async (...args) => {
        const result = await this.#api.request(...args);
        const date = serverTime((result as { response: Response }).response);
        now = Math.min(now ?? date, date);
        return result;
      };
      const init = { params: { path: { id_user: this.#settings.idUser }, query: { expand: "accounts" } } };
      const pages = new Paginator<Connection>(
        { request } as BudgeaApi,
        this.#baseUrl,
        "/users/{id_user}/connections",
        init,
        {
          pageSize: this.#settings.pageSize,
          signal: this.#signal,
        },
      ).pages();
      const connections: Connection[] = [];
      let firstTotal: number | undefined;
      let shrank = false;
      for await (const page of pages) {
        firstTotal ??= page.total;
        if (page.total !== undefined && firstTotal !== undefined && page.total < firstTotal) shrank = true;
        connections.push(...page.items);
      }
      if (!shrank) return { connections, now: now ?? Date.now() };
      if (attempt === 3) throw shrinking("/users/{id_user}/connections", "connection");
    }
  }

  /** Domain-wide: the connection's `id_user` (required); per user: undefined (the store's key says whose). */
  #ownerOf(connection: Connection): number | undefined {
    if (!this.#state.domain) return undefined;
    const owner = (connection as { id_user?: unknown }).id_user;
    if (typeof owner === "number" && Number.isSafeInteger(owner)) return owner;
    throw new InvalidResponseError(`sync: connection ${connection.id} has no id_user in a domain-wide list`, {
      method: "GET",
      path: "/users/{id_user}/connections",
      status: 200,
      headers: {},
    });
  }

  /**
   * Yields what differs from the fingerprints (updating them first, so the checkpoint includes it). Domain-wide,
   * a fingerprint ends with `@<id_user>`: the owner of an item that vanishes is still known.
   */
  *#compare<R extends "connection" | "account">(
    resource: R,
    items: (R extends "connection" ? Connection : Account)[],
    known: Record<string, string>,
  ): Generator<SyncChange> {
    const present = new Set<string>();
    const listed = new Map(items.map((item) => [String(item.id), item]));
    for (const item of items) {
      const id = String(item.id);
      if ((item as { deleted?: unknown }).deleted) continue; // an account the API marks deleted: gone, below
      present.add(id);
      const owner = this.#itemOwner(resource, item);
      const mark = owner === undefined ? fingerprint(item) : `${fingerprint(item)}@${owner}`;
      if (known[id] === mark) continue;
      known[id] = mark;
      this.counts.upserts++;
      yield withOwner({ kind: "upsert", resource, item } as SyncChange, owner);
    }
    for (const [id, mark] of Object.entries(known)) {
      if (present.has(id)) continue;
      delete known[id];
      this.counts.deletes++;
      // Marked deleted by the API, or vanished: then it is gone as of now (so it outranks what a store holds).
      const item = listed.get(id) ?? { id: Number(id), deleted: this.#now };
      const owner = this.#state.domain ? Number(mark.slice(mark.lastIndexOf("@") + 1)) : undefined;
      yield withOwner({ kind: "delete", resource, item } as SyncChange, owner);
    }
  }

  #itemOwner(resource: "connection" | "account", item: Connection | Account): number | undefined {
    if (!this.#state.domain) return undefined;
    return resource === "connection" ? this.#ownerOf(item as Connection) : this.#accountOwners.get(item.id);
  }

  /** Domain-wide: whose transaction this is (undefined per user, where the store's key says it). */
  #transactionOwner(tx: Transaction): number | "unknown" | undefined {
    if (!this.#state.domain) return undefined;
    const listed = this.#accountOwners.get(tx.id_account);
    if (listed !== undefined) return listed;
    const mark = this.#state.accounts[String(tx.id_account)]; // an account that vanished in this run
    return mark === undefined ? "unknown" : Number(mark.slice(mark.lastIndexOf("@") + 1));
  }

  async *#transactions(): AsyncGenerator<SyncChange> {
    const state = this.#state;
    const run = state.run!;
    const previous = new Map(state.seen);
    const overlapFrom = instantOf(run.next)! - 1000; // the bound is whole seconds; keep a second more
    const nextFrom = instantOf(run.next)! + 1000; // surely after the next bound, even compared in whole seconds
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
            const owner = this.#transactionOwner(tx);
            if (owner === "unknown") {
              if (tx.deleted) continue; // of an account never listed: no store holds it
              if (at === undefined || at < nextFrom) throw unlisted(tx); // the next run would not read it again
              this.counts.deferred++; // its account came after the connections were read: the next run has both
              continue;
            }
            run.done.add(tx.id);
            if (lastUpdate !== undefined && at !== undefined && at >= overlapFrom) run.seen.set(tx.id, lastUpdate);
            if (tx.deleted) this.counts.deletes++;
            else this.counts.upserts++;
            yield withOwner({ kind: tx.deleted ? "delete" : "upsert", resource: "transaction", item: tx }, owner);
          }
        }
      } catch (error) {
        if (error instanceof APIError && error.code === "noAccount") return; // no account: no transactions
        throw error;
      }
      // Offsets moved under us only if items left the list (with `all`, none should): read it again.
      if (!shrank) return;
      if (attempt === 3) throw shrinking("/users/{id_user}/transactions", "transaction");
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

function withOwner(change: SyncChange, owner: number | undefined): SyncChange {
  return owner === undefined ? change : { ...change, idUser: owner };
}

function shrinking(path: string, what: string): InvalidResponseError {
  return new InvalidResponseError(`the ${what} list kept shrinking while it was read (3 tries)`, {
    method: "GET",
    path,
    status: 200,
    headers: {},
  });
}

/** A transaction stamped before the run whose account no connection lists: the lists disagree. */
function unlisted(tx: Transaction): InvalidResponseError {
  return new InvalidResponseError(
    `sync: transaction ${tx.id} belongs to account ${tx.id_account}, which no connection of the domain lists`,
    { method: "GET", path: "/users/{id_user}/transactions", status: 200, headers: {} },
  );
}
