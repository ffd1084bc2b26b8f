/**
 * The sync cursor: an opaque string (`s1.` + base64url JSON) holding what the next run needs, and nothing
 * secret. Between runs: the `last_update` bound for transactions, the transactions already read at or after
 * it (they come back and must not be yielded twice), and a fingerprint per connection and account (their
 * changes and disappearances are found by comparison). During a run (a checkpoint): also the bound the next
 * run will use and the ids already yielded, so a run resumed after a crash yields each change once.
 */
import { InvalidSyncCursorError } from "../errors.js";
import { formatBudgeaDateTime, parseBudgeaDateTime } from "../dates.js";
import { IdSet } from "./id-set.js";

/** A transaction read at or after the next bound: `[id, last_update]`. */
export type Seen = [number, string];

export interface RunState {
  /** The `last_update` bound of the next run (from this run's start, minus the overlap). */
  next: string;
  /** Transactions already yielded by this run (by id). */
  done: IdSet;
  /** What this run read at or after `next`: `last_update` by id. */
  seen: Map<number, string>;
}

export interface CursorState {
  /** A domain-wide cursor (`idUser: "all"`): its fingerprints end with `@<id_user>`. */
  domain: boolean;
  /** The first day of the window (`min_date`), fixed by the first run. */
  since: string | undefined;
  /** Transactions updated strictly after this Paris date-time; undefined on the first run. */
  after: string | undefined;
  /** Transactions read at or after `after` by the previous run. */
  seen: Seen[];
  /** Fingerprints of the connections and accounts last yielded, by id. */
  connections: Record<string, string>;
  accounts: Record<string, string>;
  /** A run under way (checkpoints only). */
  run: RunState | undefined;
}

const PREFIX = "s1.";
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function freshState(since: string | undefined, domain: boolean): CursorState {
  return { domain, since, after: undefined, seen: [], connections: {}, accounts: {}, run: undefined };
}

export function encodeCursor(state: CursorState): string {
  const json = {
    v: 1,
    ...(state.domain ? { u: "all" } : {}),
    ...(state.since ? { s: state.since } : {}),
    ...(state.after ? { a: state.after } : {}),
    ...(state.seen.length ? { n: state.seen } : {}),
    c: state.connections,
    f: state.accounts,
    ...(state.run
      ? {
          r: {
            x: state.run.next,
            d: state.run.done.encode(),
            ...(state.run.seen.size ? { n: [...state.run.seen] } : {}),
          },
        }
      : {}),
  };
  return (
    PREFIX +
    btoa(utf8Binary(JSON.stringify(json)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "")
  );
}

// A domain's cursor is hundreds of KB, written at every commit: ASCII JSON (ids, fingerprints, dates) is its
// own UTF-8 and skips the byte conversion; a char at a time cost milliseconds a commit.
const NON_ASCII = /[^\x00-\x7f]/;

/** The UTF-8 bytes of `text`, as a binary string for `btoa`. */
function utf8Binary(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return binary;
}

/** `utf8Binary`'s inverse; bytes that are not UTF-8 throw. */
function fromUtf8Binary(binary: string): string {
  if (!NON_ASCII.test(binary)) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** Reads a cursor; anything this version did not write is an InvalidSyncCursorError (never quoting it). */
export function decodeCursor(cursor: unknown): CursorState {
  if (typeof cursor !== "string" || !cursor.startsWith(PREFIX))
    throw bad(
      typeof cursor === "string" && /^s\d+\./.test(cursor) ? "from another version of budgea" : "not a sync cursor",
    );
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fromUtf8Binary(atob(cursor.slice(PREFIX.length).replace(/-/g, "+").replace(/_/g, "/"))));
  } catch {
    throw bad("damaged (not base64url JSON)");
  }
  if (json === null || typeof json !== "object" || json.v !== 1) throw bad("not a sync cursor");
  const run = json.r as Record<string, unknown> | undefined;
  if (json.u !== undefined && json.u !== "all") throw bad("damaged (scope)");
  const state: CursorState = {
    domain: json.u === "all",
    since: optional(json.s, DAY, "window"),
    after: optional(json.a, DATE_TIME, "bound"),
    seen: seenList(json.n),
    connections: fingerprints(json.c),
    accounts: fingerprints(json.f),
    run:
      run === undefined
        ? undefined
        : {
            next: optional(run.x, DATE_TIME, "bound") ?? thrown("damaged (run bound)"),
            done: (typeof run.d === "string" ? IdSet.decode(run.d) : undefined) ?? thrown("damaged (ids)"),
            seen: new Map(seenList(run.n)),
          },
  };
  return state;
}

/**
 * The `last_update` bound for the next run: the run's start (server time) minus `overlapMs` and one second
 * more (a server that truncates microseconds sees a change in the bound's own second as not after it), as a
 * Paris wall-clock time to the second. A bound inside the autumn hour that Paris lives twice is moved before
 * that hour: the API may compare wall-clock strings, and a change made in the second pass has a smaller one.
 */
export function boundAt(startMs: number, overlapMs: number): string {
  let bound = formatBudgeaDateTime(startMs - overlapMs - 1000);
  while (happensTwice(bound))
    bound = formatBudgeaDateTime(parseBudgeaDateTime(bound, { disambiguation: "earlier" }).getTime() - 3_600_000);
  return bound;
}

/** The instant (ms) of a Paris date-time from the API (microseconds dropped), or undefined when absent. */
export function instantOf(text: string | null | undefined): number | undefined {
  if (typeof text !== "string" || !text) return undefined;
  try {
    return parseBudgeaDateTime(text).getTime();
  } catch {
    return undefined;
  }
}

function happensTwice(wall: string): boolean {
  try {
    parseBudgeaDateTime(wall, { disambiguation: "reject" });
    return false;
  } catch {
    return true;
  }
}

function seenList(value: unknown): Seen[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad("damaged (seen)");
  return value.map((entry) => {
    if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || typeof entry[1] !== "string")
      throw bad("damaged (seen)");
    return [entry[0], entry[1]] as Seen;
  });
}

function fingerprints(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad("damaged (fingerprints)");
  for (const [id, digest] of Object.entries(value)) {
    if (!/^\d+$/.test(id) || typeof digest !== "string") throw bad("damaged (fingerprints)");
  }
  return { ...(value as Record<string, string>) };
}

function optional(value: unknown, pattern: RegExp, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !pattern.test(value)) throw bad(`damaged (${what})`);
  return value;
}

function bad(problem: string): InvalidSyncCursorError {
  return new InvalidSyncCursorError(`sync: the cursor is ${problem}; sync again without a cursor to read everything`);
}

function thrown(problem: string): never {
  throw bad(problem);
}
