import { type PathFilter, matchesFilter, normalizePath } from "./path-filter.js";

/**
 * Faults a test injects on a route, to exercise a client's error handling:
 * - `status`: answer that status (default body `{ code, message }`), optionally with `Retry-After`
 *   (seconds, a Date, or an HTTP-date string); the request is not processed;
 * - `delay`: wait `delayMs` before handling normally (any fault takes `delayMs` too: the wait comes first);
 * - `drop`: destroy the connection before any response; with `process: true` the request is handled
 *   first (state changes happen), which is how an ambiguous POST looks to a client;
 * - `dropMidBody`: handle the request, send the headers and half the body, then destroy the connection;
 * - `html`: a 502 (or `status`) `text/html` error page, like a proxy in front of the API;
 * - `truncatedJson`: handle the request, then send only the first half of its JSON (Content-Length matches);
 * - `emptyBody`: a 200 `application/json` with an empty body;
 * - `wrongEnvelope`: a 200 JSON body of the wrong shape (default `{ "unexpected": [] }`).
 */
export type Fault =
  | {
      /** Answer an error status; the request is not processed. */
      kind: "status";
      /** The status, e.g. 429 or 503. */
      status: number;
      /** The JSON body (default `{ code, message }`). */
      body?: unknown;
      /** Sent as `Retry-After`: seconds, a Date, or an HTTP-date string. */
      retryAfter?: number | Date | string;
      /** More response headers. */
      headers?: Record<string, string>;
    }
  | {
      /** Wait, then handle normally. */
      kind: "delay";
      /** How long to wait. */
      delayMs: number;
    }
  | {
      /** Destroy the connection before any response. */
      kind: "drop";
      /** Handle the request first (its state changes happen): an ambiguous POST. */
      process?: boolean;
    }
  | {
      /** Handle the request, send the headers and half the body, then destroy the connection. */
      kind: "dropMidBody";
    }
  | {
      /** A `text/html` error page, like a proxy's. */
      kind: "html";
      /** Default 502. */
      status?: number;
    }
  | {
      /** Handle the request, then send only the first half of its JSON. */
      kind: "truncatedJson";
    }
  | {
      /** A 200 `application/json` with an empty body. */
      kind: "emptyBody";
    }
  | {
      /** A 200 JSON body of the wrong shape. */
      kind: "wrongEnvelope";
      /** Default `{ "unexpected": [] }`. */
      body?: unknown;
    };

/** What `sb.inject()` takes: a Fault, and the route and number of requests it applies to. */
export type InjectOptions = Fault & {
  /** Only requests with this method (default: any but OPTIONS). */
  method?: string;
  /** A template, a concrete path, or `*`. */
  path: string;
  /** How many matching requests get the fault (default 1; `Infinity` for all). */
  times?: number;
  /** Wait this long before the fault (or the normal response) happens. */
  delayMs?: number;
};

/** What `sb.inject()` returns: the fault's counters, and a way to remove it early. */
export interface InjectedFault {
  /** How many requests this fault has hit so far. */
  readonly hits: number;
  /** How many more requests it will hit. */
  readonly remaining: number;
  /** Removes it. */
  cancel(): void;
}

export interface ActiveFault {
  fault: Fault;
  delayMs: number;
}

interface Entry {
  filter: PathFilter;
  fault: Fault;
  delayMs: number;
  remaining: number;
  hits: number;
}

export class Faults {
  private entries: Entry[] = [];

  inject(options: InjectOptions): InjectedFault {
    const { method, path, times = 1, delayMs, ...fault } = options;
    validate(options);
    const entry: Entry = {
      filter: { method, path: path === "*" ? "*" : normalizePath(path) },
      fault: fault as Fault,
      delayMs: delayMs ?? 0,
      remaining: times,
      hits: 0,
    };
    this.entries.push(entry);
    return {
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return entry.remaining;
      },
      cancel: () => {
        this.entries = this.entries.filter((e) => e !== entry);
      },
    };
  }

  /** The first fault matching this request, consumed once; undefined when none applies. */
  take(method: string, path: string, template: string | undefined): ActiveFault | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && matchesFilter(e.filter, method, path, template));
    if (!entry) return undefined;
    entry.remaining--;
    entry.hits++;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return { fault: entry.fault, delayMs: entry.delayMs };
  }

  clear(): void {
    this.entries = [];
  }
}

function validate(options: InjectOptions): void {
  if (typeof options.path !== "string" || options.path === "") throw new TypeError("inject(): path is required");
  if (options.times !== undefined && !(options.times > 0)) throw new RangeError("inject(): times must be positive");
  if (options.kind === "status" && !(options.status >= 100 && options.status <= 599)) {
    throw new RangeError("inject(): status must be an HTTP status code");
  }
  if (options.kind === "delay" && !(options.delayMs >= 0)) throw new RangeError("inject(): delayMs must be >= 0");
}
