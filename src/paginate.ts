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
import type { GetPaths, GetPathsRequiringInit, ListItems } from "../generated/endpoints.js";
import type { BudgeaApi, RequiresInit } from "./api-types.js";
import { InvalidOptionsError, InvalidResponseError, type ResponseInfo } from "./errors.js";
import { objectArg, shown } from "./options.js";
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
export type PaginateArgs<P extends ListPath> = P extends unknown
  ? RequiresInit<P, GetPathsRequiringInit> extends true // not `P extends …`: see RequiresInit
    ? [init: GetPaths[P]["init"], options?: PaginateOptions]
    : [init?: GetPaths[P]["init"], options?: PaginateOptions]
  : never;

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
  /** The envelope has `_links`: a cursor list, finished when `next` is absent (never read by offset). */
  cursorList: boolean;
}

/** A page as it came: its text is parsed only when the page's turn comes, so pages fetched ahead stay small. */
interface Raw {
  text: unknown;
  response: Response;
}

interface Pending {
  cursor: Cursor;
  controller: AbortController;
  result: Promise<Raw>;
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
  readonly #host: string;
  readonly #path: string;
  readonly #init: ListInit;
  readonly #pageSize: number;
  readonly #prefetch: number;
  readonly #signal: AbortSignal | undefined;
  readonly #start: number;

  constructor(api: BudgeaApi, baseUrl: string, path: string, init: object | undefined, options: PaginateOptions = {}) {
    this.#api = api;
    const base = new URL(baseUrl);
    this.#basePath = base.pathname.replace(/\/$/, "");
    this.#host = base.host;
    this.#path = path;
    this.#init = objectArg(init, "paginate(path, init)") as ListInit;
    options = objectArg(options, "paginate(path, init, options)");
    const query = this.#init.params?.query ?? {};
    this.#pageSize = positive(
      options.pageSize ?? query.limit,
      DEFAULT_PAGE_SIZE,
      options.pageSize === undefined && query.limit !== undefined ? "params.query.limit" : "pageSize",
    );
    this.#prefetch = Math.max(0, Math.floor(options.prefetch ?? 2));
    this.#signal = options.signal;
    this.#start = Math.max(0, Number(query.offset ?? 0) || 0);
  }

  /** Every item, in order, each once: `for await (const item of paginator)`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    // Hand-written rather than `yield*` in an async generator: an item of a page already read costs one
    // settled promise, not a generator round trip (a million items allocate half as much).
    const pages = this.pages();
    let items: T[] = [];
    let i = 0;
    const nextPage = async (): Promise<IteratorResult<T>> => {
      while (i >= items.length) {
        const page = await pages.next();
        if (page.done) return { done: true, value: undefined };
        items = page.value.items;
        i = 0;
      }
      return { done: false, value: items[i++]! };
    };
    return {
      next: () => (i < items.length ? Promise.resolve({ done: false, value: items[i++]! }) : nextPage()),
      return: async (value?: unknown) => {
        items = [];
        await pages.return(undefined);
        return { done: true, value: value as undefined };
      },
    };
  }

  /**
   * Every page, in order, each item once. Never a loop without progress: a cursor list whose next link
   * points at a page already read, or an offset list that repeats a full page, rejects with
   * InvalidResponseError; a list that ignores `offset` and fits in one short page ends after one probe.
   */
  async *pages(): AsyncGenerator<Page<T>> {
    const queue: Pending[] = [];
    const visited = new Set<string>(); // cursor hrefs read: a link back to one of them would loop
    let step = this.#pageSize;
    let previousCount: number | undefined; // the previous page's size (its items are not kept)
    let previousIds = new Set<unknown>();
    let previousText: unknown;
    try {
      queue.push(this.#request({ offset: this.#start }));
      while (queue.length) {
        const { cursor } = queue[0]!;
        // Items without ids cannot be told apart: such a page whose text is the previous one's brings nothing
        // new. Only such pages keep their text (it is large): the page's raw form is not kept past this statement.
        let repeated = false;
        const page = await queue.shift()!.result.then((raw) => {
          repeated = previousText !== undefined && raw.text === previousText;
          const parsed = this.#parse(raw);
          previousText = parsed.items.some((item) => idOf(item) === undefined) ? raw.text : undefined;
          return parsed;
        });
        this.total = page.total ?? this.total;
        const items = repeated ? [] : page.items.filter((item) => !previousIds.has(idOf(item)));
        if (page.items.length && !items.length) {
          // Nothing new: the API ignored `offset` (or the cursor) and sent the same items again.
          const shortBefore =
            "offset" in cursor && previousCount !== undefined && previousCount < step && this.total === undefined;
          if (shortBefore) return; // the list fit in the previous, short page
          throw new InvalidResponseError(
            "the API sent a page already read (offset or cursor ignored): stopping rather than looping",
            this.#info(),
          );
        }
        previousCount = page.items.length;
        previousIds = new Set(page.items.map(idOf).filter((id) => id !== undefined));
        if ("href" in cursor) visited.add(cursor.href);

        let next: Cursor | undefined;
        if (page.next !== undefined) {
          if (visited.has(page.next))
            throw new InvalidResponseError("the API's next link points at a page already read", this.#info());
          next = { href: page.next };
        } else if (page.cursorList && page.total === undefined) {
          // `_links` without a next link and no total: the list is finished (never guess by offset)
        } else if ("offset" in cursor && page.items.length) {
          const offset = cursor.offset + page.items.length;
          if (page.total === undefined || offset < page.total) next = { offset };
          if (page.items.length < step && page.total !== undefined && offset < page.total) step = page.items.length;
        }
        // A short page of a list without total is probably the last: probe once, fetch nothing further ahead.
        const probe = page.total === undefined && page.items.length < step;
        if (this.#prefetch > 0) this.#plan(queue, next, step, probe);
        yield { items: items as T[], total: page.total, offset: "offset" in cursor ? cursor.offset : undefined };
        if (this.#prefetch === 0) this.#plan(queue, next, step, probe);
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
  #plan(queue: Pending[], next: Cursor | undefined, step: number, probe: boolean): void {
    const head = queue[0]?.cursor;
    if (!next || !head || !sameCursor(head, next)) {
      for (const pending of queue.splice(0)) pending.controller.abort();
      if (next) queue.push(this.#request(next));
    }
    if (probe) for (const pending of queue.splice(1)) pending.controller.abort();
    while (!probe && queue.length && queue.length < this.#prefetch) {
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

  async #fetch(cursor: Cursor, signal: AbortSignal): Promise<Raw> {
    let path = this.#path;
    let params = this.#init.params ?? {};
    if ("href" in cursor) {
      const url = new URL(cursor.href, "http://relative.invalid");
      path = url.pathname.startsWith(this.#basePath) ? url.pathname.slice(this.#basePath.length) : url.pathname;
      params = { query: queryOf(url.searchParams) };
    } else {
      params = { ...params, query: { ...params.query, offset: cursor.offset, limit: this.#pageSize } };
    }
    const init = { ...this.#init, params, signal, parseAs: "text" };
    const { data, response } = (await this.#api.request("get", path, init)) as { data: unknown; response: Response };
    return { text: data, response };
  }

  /** The page's envelope, read when its turn comes: the JSON promised, with its item array. */
  #parse({ text, response }: Raw): Fetched {
    const info = { ...this.#info(response.status), headers: safeHeaders(response.headers) };
    let data: unknown;
    try {
      data = typeof text === "string" && text.trim() ? JSON.parse(text) : undefined;
    } catch {
      const type = response.headers.get("content-type") ?? "no content-type";
      throw new InvalidResponseError(`body is not JSON (${type})`, info, { reason: "notJson" });
    }
    if (data === undefined)
      throw new InvalidResponseError("empty body where a list was expected", info, { reason: "empty" });
    return envelope(data, listKeyOf(this.#path), info);
  }

  #info(status = 200) {
    return { status, method: "GET", path: this.#path, host: this.#host, headers: {} };
  }
}

function envelope(data: unknown, key: string, info: ResponseInfo): Fetched {
  const body = (data ?? {}) as Record<string, unknown>;
  const items = body[key];
  if (!Array.isArray(items))
    throw new InvalidResponseError(`not the list envelope promised: no \`${key}\` array`, info);
  const total = Number.isSafeInteger(body.total) && (body.total as number) >= 0 ? (body.total as number) : undefined;
  const links = body._links as { next?: { href?: unknown } | null } | null | undefined;
  const next = typeof links?.next?.href === "string" && links.next.href ? links.next.href : undefined;
  return { items, total, next, cursorList: links !== null && typeof links === "object" };
}

/** A next link's query as `params.query`: a parameter given twice stays an array (form style, exploded). */
function queryOf(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  search.forEach((value, key) => {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  });
  return query;
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
    throw new InvalidOptionsError(name, `must be a positive integer (got ${shown(value)})`);
  return n;
}
