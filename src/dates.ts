/**
 * The API's naive date-times (`2020-02-06 15:37:49`, sometimes with microseconds) come in two families:
 * - Paris wall-clock times (`last_update`, `date_scraped`, `created`, `expire`, … — most of them):
 *   `parseBudgeaDateTime`, with the time zone rules of the runtime's `Intl` (no table shipped here);
 * - UTC (a transaction's `datetime`, `rdatetime`, `vdatetime`, `bdatetime`): `parseBudgeaUtcDateTime`.
 * Each model field's doc comment says which; README has the table. Reading one family as the other is off by
 * one or two hours.
 *
 * Daylight saving time: one spring hour never happens on a Paris clock (02:00–03:00 on the last Sunday of
 * March) and one autumn hour happens twice (02:00–03:00 on the last Sunday of October). By default a
 * repeated time is read as its first occurrence (summer time) and a skipped time is moved forward by the
 * gap (02:30 → 03:30 summer time): Temporal's "compatible" rule. `disambiguation` picks another rule.
 * Date-only values (`2020-02-06`: `date`, `rdate`, `min_date`) are calendar days, not instants: keep the
 * string (`formatBudgeaDate` checks one, or gives a Date's Paris day). */
import { InvalidDateError } from "./errors.js";

/** How to read a Paris time that never happens or happens twice (Temporal's options; default "compatible"). */
export type Disambiguation = "compatible" | "earlier" | "later" | "reject";

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

let paris: Intl.DateTimeFormat | undefined;

/** `2024-10-27 02:30:00` (Paris) → the instant. An explicit offset (`Z`, `+02:00`) is honoured as written. */
export function parseBudgeaDateTime(text: string, options: { disambiguation?: Disambiguation } = {}): Date {
  const { wall, ms, zone } = readNaive(text);
  if (zone) return new Date(wall + ms - offsetMsOf(zone));
  return new Date(instantOfParisWall(wall, options.disambiguation ?? "compatible", text) + ms);
}

/**
 * `2024-10-27 02:30:00` (UTC: a transaction's `datetime`, `rdatetime`, `vdatetime`, `bdatetime`) → the instant.
 * An explicit offset is honoured as written. Throws `InvalidDateError` on anything else.
 */
export function parseBudgeaUtcDateTime(text: string): Date {
  const { wall, ms, zone } = readNaive(text);
  return new Date(wall + ms - (zone ? offsetMsOf(zone) : 0));
}

/** The fields of a naive date-time, as epoch ms of the same fields in UTC. */
function readNaive(text: string): { wall: number; ms: number; zone: string | undefined } {
  const m = typeof text === "string" ? NAIVE.exec(text) : null;
  if (!m) {
    const dateOnly = typeof text === "string" && DAY.test(text);
    throw invalid(
      text,
      dateOnly ? "is a calendar day, not an instant: keep the string" : "is not a `YYYY-MM-DD HH:MM:SS` date-time",
    );
  }
  const [, y, mo, d, h, mi, s, fraction = "", zone] = m;
  const wall = utcFromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (wall === undefined) throw invalid(text, "is not a real date-time");
  return { wall, ms: Number(fraction.padEnd(3, "0").slice(0, 3)), zone };
}

/** The instant's Paris wall-clock time, `YYYY-MM-DD HH:MM:SS` (milliseconds dropped), e.g. for `last_update` filters. */
export function formatBudgeaDateTime(date: Date | number): string {
  const ms = typeof date === "number" ? date : date instanceof Date ? date.getTime() : NaN;
  const wall = parisWall(ms);
  if (wall === undefined) throw invalid(date, "is not a valid date in years 0001–9999");
  return new Date(wall).toISOString().slice(0, 19).replace("T", " ");
}

/** A `YYYY-MM-DD` string is checked and returned as is; a Date gives its Paris calendar day. */
export function formatBudgeaDate(date: Date | number | string): string {
  if (typeof date === "string") {
    const m = DAY.exec(date);
    if (!m || utcFromParts(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0) === undefined)
      throw invalid(date, "is not a `YYYY-MM-DD` date");
    return date;
  }
  return formatBudgeaDateTime(date).slice(0, 10);
}

function instantOfParisWall(wall: number, rule: Disambiguation, text: string): number {
  // Paris changes offset at most twice a year: the offsets a day either side give every candidate.
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const offsetBefore = Number.isNaN(before) ? after : before; // NaN only at the ends of years 1–9999
  const offsetAfter = Number.isNaN(after) ? before : after;
  const candidates = [...new Set([wall - offsetBefore, wall - offsetAfter])]
    .filter((t) => parisWall(t) === wall)
    .sort((a, b) => a - b);
  const [first, second] = candidates;
  if (first !== undefined) {
    if (second !== undefined && rule === "reject") throw invalid(text, "happens twice in Paris (DST ends)");
    return rule === "later" ? (second ?? first) : first;
  }
  if (rule === "reject") throw invalid(text, "never happens in Paris (DST starts)");
  // A skipped time: "earlier" reads it with the offset after the gap, the others with the offset before.
  return rule === "earlier" ? wall - offsetAfter : wall - offsetBefore;
}

function offsetAt(ms: number): number {
  return (parisWall(ms) ?? NaN) - ms;
}

/**
 * Paris's offset (ms) on each UTC day it does not change in, as Intl gave it: `formatToParts` costs
 * microseconds a call, and a sync reads thousands of dates (its days are few). Bounded.
 */
const dayOffsets = new Map<number, number>();

/** Paris wall-clock time of an instant, as epoch ms of the same fields in UTC (seconds precision). */
function parisWall(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const day = Math.floor(ms / DAY_MS);
  let offset = dayOffsets.get(day);
  if (offset === undefined) {
    const start = day * DAY_MS;
    const end = start + DAY_MS - 1000;
    const [first, last] = [intlParisWall(start), intlParisWall(end)];
    // A day with a change (DST), or at the ends of years 1–9999: asked of Intl each time.
    if (first === undefined || last === undefined || first - start !== last - end) return intlParisWall(ms);
    offset = first - start;
    if (dayOffsets.size >= 4096) dayOffsets.clear();
    dayOffsets.set(day, offset);
  }
  return Math.floor(ms / 1000) * 1000 + offset;
}

function intlParisWall(ms: number): number | undefined {
  paris ??= new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Paris",
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  let p: Record<string, string>;
  try {
    p = Object.fromEntries(paris.formatToParts(ms).map((part) => [part.type, part.value]));
  } catch {
    return undefined; // beyond what Date can hold
  }
  if (p.era !== "AD") return undefined;
  return utcFromParts(
    Number(p.year),
    Number(p.month),
    Number(p.day),
    Number(p.hour) % 24,
    Number(p.minute),
    Number(p.second),
  );
}

/** Epoch ms of these UTC fields, or undefined when they are not a real date-time in years 1–9999. */
function utcFromParts(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const ok =
    y >= 1 &&
    y <= 9999 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return ok ? date.getTime() : undefined;
}

function offsetMsOf(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * HOUR_MS + Number(digits.slice(2)) * 60_000);
}

function invalid(value: unknown, problem: string): InvalidDateError {
  const shown =
    typeof value === "string"
      ? JSON.stringify(value.slice(0, 40))
      : typeof value === "number" || value instanceof Date
        ? String(value)
        : `a ${typeof value}`;
  return new InvalidDateError(`${shown} ${problem}`);
}
