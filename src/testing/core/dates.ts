/**
 * Dates as the API writes them: days `YYYY-MM-DD`, and naive Paris date-times `YYYY-MM-DD HH:MM:SS`
 * (no offset). Days are handled as integers (days since 1970-01-01) so date windows are arithmetic.
 */
export const DAY_MS = 86_400_000;

const parisParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

const naiveCache = new Map<number, string>();

/** `2020-02-06 15:37:49`: the API's naive Europe/Paris date-time (memoised: pages repeat the same instants). */
export function naiveParis(ms: number): string {
  const cached = naiveCache.get(ms);
  if (cached !== undefined) return cached;
  if (naiveCache.size >= 1000) naiveCache.clear();
  const text = formatParis(ms);
  naiveCache.set(ms, text);
  return text;
}

function formatParis(ms: number): string {
  const p: Record<string, string> = {};
  for (const part of parisParts.formatToParts(new Date(ms))) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The Paris calendar day of an instant, as a day number. */
export function parisDay(ms: number): number {
  return parseDay(naiveParis(ms).slice(0, 10))!;
}

const dayCache = new Map<number, string>();

/** Day number → `YYYY-MM-DD` (memoised: a page of transactions spans few days). */
export function formatDay(day: number): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    if (dayCache.size >= 4096) dayCache.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayCache.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD` → day number, or undefined when it is not a real date. */
export function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || formatDay(ms / DAY_MS) !== text) return undefined;
  return ms / DAY_MS;
}

/** The same day `months` calendar months earlier (clamped to the month's end: 31 March - 1 month = 29 Feb). */
export function minusMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime() / DAY_MS;
}

/** RFC 7231 HTTP-date: `Tue, 15 Nov 1994 08:12:31 GMT`. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
