/**
 * Pagination over any list GET: `for await (const item of paginator)` yields every item once, `.pages()`
 * whole pages. Offset/limit lists and cursor lists (a page carrying `_links.next.href`) look the same.
 *
 * - Memory is constant: the current page and the pages fetched ahead.
 * - The next page is fetched while the caller works on the current one (`prefetch` pages ahead).
 * - `break` aborts what was fetched ahead; `signal` aborts the page in flight.
 * - A list that moves under it: items added at the head push the previous page's last items onto the next
 *   page; they are recognised by `id` (the previous page's ids are kept) and yielded once.
 * - The item array's key (`{ transactions: [...], total }`) and the item type come from the generated
 *   tables (`listKeyOf`, `ListItems`); an envelope without it is an InvalidResponseError.
 */
import { listKeyOf } from "../generated/list-keys.js";
import type { GetPaths, ListItems } from "../generated/endpoints.js";
import type { BudgeaApi } from "./api-types.js";
import { InvalidOptionsError, InvalidResponseError, type ResponseInfo } from "./errors.js";
import { safeHeaders } from "./redact.js";
import { linkSignals } from "./timeout.js";

/** The list GET paths `paginate()` takes, e.g. `/users/{id_user}/accounts/{id_account}/transactions`. */
export type ListPath = keyof ListItems & keyof GetPaths;

/** How `paginate()` fetches: page size, read-ahead, cancellation. */
export interface PaginateOptions {
  /** Items per page: the API's `limit`. Default: the query's `limit`, else 500. */
  pageSize?: number;
  /** Pages fetched ahead of the one being read. Default 2 (it hides the latency of pages behind the work on
   * them); 0 fetches on demand. Memory holds this many pages more. */
  prefetch?: number;
  /** Aborts the page in flight (the iteration rejects with AbortError). */
  signal?: AbortSignal;
}

/** `paginate(path, init?, options?)`: `init` is required exactly when the path has required parameters. */
export type PaginateArgs<P extends ListPath> = [...GetPaths[P]["args"], options?: PaginateOptions];

/** One page of a list, as `.pages()` yields it. */
export interface Page<T> {
  /** The page's items, minus any already yielded on the previous page (a list that moved). */
  items: T[];
  /** The API's `total` when it gives one. */
  total: number | undefined;
  /** This page's offset (offset/limit lists). */
  offset: number | undefined;
}

type Cursor = { offset: number } | { href: string };

interface Fetched {
  items: unknown[];
  total: number | undefined;
  next: string | undefined;
}

interface Pending {
  cursor: Cursor;
  controller: AbortController;
  result: Promise<Fetched>;
}

const DEFAULT_PAGE_SIZE = 500;

type ListInit = { params?: { query?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;

/**
 * Every item of a list GET, fetched a page at a time (`budgea.paginate(path, init?, options?)`):
 * `for await (const item of paginator)`, or `.pages()`, or `.toArray(limit)` for small lists.
 */
export class Paginator<T> implements AsyncIterable<T> {
  /** The API's `total`, once the first page has arrived. */
  total: number | undefined;
  readonly #api: BudgeaApi;
  readonly #basePath: string;
  readonly #path: string;
  readonly #init: ListInit;
  readonly #pageSize: number;
  readonly #prefetch: number;
  readonly #signal: AbortSignal | undefined;
  readonly #start: number;

  constructor(api: BudgeaApi, baseUrl: string, path: string, init: object | undefined, options: PaginateOptions = {}) {
    this.#api = api;
    this.#basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
    this.#path = path;
    this.#init = (init ?? {}) as ListInit;
    const query = this.#init.params?.query ?? {};
    this.#pageSize = positive(options.pageSize ?? query.limit, DEFAULT_PAGE_SIZE, "pageSize");
    this.#prefetch = Math.max(0, Math.floor(options.prefetch ?? 2));
    this.#signal = options.signal;
    this.#start = Math.max(0, Number(query.offset ?? 0) || 0);
  }

  /** Every item, in order, each once: `for await (const item of paginator)`. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every page, in order, each item once. */
  async *pages(): AsyncGenerator<Page<T>> {
    const queue: Pending[] = [];
    let step = this.#pageSize;
    let previousIds = new Set<unknown>();
    try {
      queue.push(this.#request({ offset: this.#start }));
      while (queue.length) {
        const { cursor } = queue[0]!;
        const page = await queue.shift()!.result;
        this.total = page.total ?? this.total;
        const items = page.items.filter((item) => !previousIds.has(idOf(item)));
        previousIds = new Set(page.items.map(idOf).filter((id) => id !== undefined));
        if (page.items.length && !items.length && page.items.length >= step) {
          throw new InvalidResponseError(
            "the API returned the same page twice: stopping rather than looping",
            this.#info(),
          );
        }

        let next: Cursor | undefined;
        if (page.next) next = { href: page.next };
        else if ("offset" in cursor && page.items.length) {
          const offset = cursor.offset + page.items.length;
          if (page.total === undefined || offset < page.total) next = { offset };
          if (page.items.length < step && page.total !== undefined && offset < page.total) step = page.items.length;
        }
        if (this.#prefetch > 0) this.#plan(queue, next, step);
        yield { items: items as T[], total: page.total, offset: "offset" in cursor ? cursor.offset : undefined };
        if (this.#prefetch === 0) this.#plan(queue, next, step);
      }
    } finally {
      for (const pending of queue) pending.controller.abort();
    }
  }

  /** Collects the items (at most `limit`): for small lists only, it holds them all. */
  async toArray(limit = Infinity): Promise<T[]> {
    const out: T[] = [];
    if (limit <= 0) return out;
    for await (const item of this) if (out.push(item) >= limit) break;
    return out;
  }

  /** Keeps the queue on course: the next cursor first, then (offset lists) pages ahead at `step`. */
  #plan(queue: Pending[], next: Cursor | undefined, step: number): void {
    const head = queue[0]?.cursor;
    if (!next || !head || !sameCursor(head, next)) {
      for (const pending of queue.splice(0)) pending.controller.abort();
      if (next) queue.push(this.#request(next));
    }
    while (queue.length && queue.length < this.#prefetch) {
      const last = queue[queue.length - 1]!.cursor;
      if (!("offset" in last) || (this.total !== undefined && last.offset + step >= this.total)) break;
      queue.push(this.#request({ offset: last.offset + step }));
    }
  }

  #request(cursor: Cursor): Pending {
    const controller = new AbortController();
    const link = this.#signal ? linkSignals(this.#signal, controller.signal) : undefined;
    const result = this.#fetch(cursor, link?.signal ?? controller.signal);
    // A page fetched ahead and then dropped must not be an unhandled rejection; a settled page stops
    // listening to the caller's signal.
    const settled = () => link?.unlink();
    result.then(settled, settled);
    return { cursor, controller, result };
  }

  async #fetch(cursor: Cursor, signal: AbortSignal): Promise<Fetched> {
    let path = this.#path;
    let params = this.#init.params ?? {};
    if ("href" in cursor) {
      const url = new URL(cursor.href, "http://relative.invalid");
      path = url.pathname.startsWith(this.#basePath) ? url.pathname.slice(this.#basePath.length) : url.pathname;
      params = { query: Object.fromEntries(url.searchParams) };
    } else {
      params = { ...params, query: { ...params.query, offset: cursor.offset, limit: this.#pageSize } };
    }
    const { data, response } = (await this.#api.request("get", path, { ...this.#init, params, signal })) as {
      data: unknown;
      response: Response;
    };
    return envelope(data, listKeyOf(this.#path), response, this.#info(response.status));
  }

  #info(status = 200) {
    return { status, method: "GET", path: this.#path, headers: {} };
  }
}

function envelope(data: unknown, key: string, response: Response, info: ResponseInfo): Fetched {
  const body = (data ?? {}) as Record<string, unknown>;
  const items = body[key];
  if (!Array.isArray(items)) {
    throw new InvalidResponseError(`not the list envelope promised: no \`${key}\` array`, {
      ...info,
      headers: safeHeaders(response.headers),
    });
  }
  const total = typeof body.total === "number" ? body.total : undefined;
  const links = body._links as { next?: { href?: unknown } | null } | undefined;
  const next = typeof links?.next?.href === "string" ? links.next.href : undefined;
  return { items, total, next };
}

function idOf(item: unknown): unknown {
  return item !== null && typeof item === "object" ? (item as { id?: unknown }).id : undefined;
}

function sameCursor(a: Cursor, b: Cursor): boolean {
  return "offset" in a ? "offset" in b && a.offset === b.offset : "href" in b && a.href === b.href;
}

function positive(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidOptionsError(name, `must be a positive integer (got ${String(value)})`);
  return n;
}
