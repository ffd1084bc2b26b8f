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

/** Every fault kind, with the options it takes beyond `method`, `path`, `times` and `delayMs`. */
const KINDS: Record<Fault["kind"], readonly string[]> = {
  status: ["status", "body", "retryAfter", "headers"],
  delay: [],
  drop: ["process"],
  dropMidBody: [],
  html: ["status"],
  truncatedJson: [],
  emptyBody: [],
  wrongEnvelope: ["body"],
};
const COMMON = ["kind", "method", "path", "times", "delayMs"];
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/** The routes faults may target (the router). */
export interface Routes {
  /** Whether a route serves a path (a template or a concrete path) with a method (any, when undefined). */
  serves(method: string | undefined, path: string): boolean;
  /** Every route served. */
  list(): { method: string; template: string }[];
}

export class Faults {
  private entries: Entry[] = [];

  /** `routes` tells a path no route answers (a typo, a fault that would never fire) from a real one. */
  constructor(private readonly routes?: Routes) {}

  inject(options: InjectOptions): InjectedFault {
    const { method, path, times = 1, delayMs, ...fault } = options;
    validate(options);
    const target = path === "*" ? "*" : normalizePath(path);
    if (target !== "*" && this.routes && !this.routes.serves(method, target)) {
      const near = nearest(target, this.routes.list(), method);
      throw new RangeError(
        `inject(): no route of the sandbox serves ${method ? `${method.toUpperCase()} ` : ""}${path}, so the fault would never fire; nearest: ${near.join(", ")} (sb.routes lists them all)`,
      );
    }
    const entry: Entry = {
      filter: { method, path: target },
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
  if (options === null || typeof options !== "object") throw new TypeError("inject(): takes an options object");
  const kind = (options as { kind?: unknown }).kind;
  if (typeof kind !== "string" || !Object.hasOwn(KINDS, kind)) {
    throw new TypeError(`inject(): unknown kind ${JSON.stringify(kind)} (known: ${Object.keys(KINDS).join(", ")})`);
  }
  const known = [...COMMON, ...KINDS[kind as Fault["kind"]]];
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new TypeError(`inject(): unknown option \`${key}\` for kind ${kind} (known: ${known.join(", ")})`);
  }
  if (options.method !== undefined && !METHODS.includes(String(options.method).toUpperCase())) {
    throw new TypeError(`inject(): unknown method ${JSON.stringify(options.method)} (known: ${METHODS.join(", ")})`);
  }
  if (typeof options.path !== "string" || options.path === "") throw new TypeError("inject(): path is required");
  if (options.times !== undefined && !(options.times > 0)) throw new RangeError("inject(): times must be positive");
  if (options.kind === "status" && !(options.status >= 100 && options.status <= 599)) {
    throw new RangeError("inject(): status must be an HTTP status code");
  }
  if (options.kind === "delay" && !(options.delayMs >= 0)) throw new RangeError("inject(): delayMs must be >= 0");
}

/** The three served routes closest to `path` (edit distance), as `METHOD template`. */
function nearest(path: string, routes: { method: string; template: string }[], method?: string): string[] {
  const wanted = method?.toUpperCase();
  return routes
    .filter((route) => wanted === undefined || route.method === wanted)
    .map((route) => ({ route: `${route.method} ${route.template}`, distance: distance(path, route.template) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((entry) => entry.route);
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
