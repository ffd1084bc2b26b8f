/**
 * Compares two sets of fields and says, for each difference, whether it breaks a client. What breaks depends
 * on the direction: a client *sends* inputs (narrowing them breaks it) and *reads* outputs (widening them
 * breaks it: a value it has never seen, a field that may now be missing or null).
 */
import type { Field } from "./spec-fields.ts";

export type Severity = "breaking" | "non-breaking";
export type Direction = "input" | "output" | "both";

export interface Change {
  severity: Severity;
  text: string;
}

/** `noun(key)` names the field in sentences: "body field `amount`", "query parameter `limit`". */
export function compareFields(
  before: Map<string, Field>,
  after: Map<string, Field>,
  direction: Direction,
  noun: (key: string) => string,
): Change[] {
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const renames = pairRenames(removed, added, before, after);
  const changes: Change[] = [];
  for (const [from, to] of renames) {
    changes.push(breaking(`${noun(from)} renamed to \`${leaf(to)}\` (${after.get(to)!.type})`));
  }
  for (const key of removed.filter((k) => !renames.has(k))) {
    changes.push(breaking(`${noun(key)} removed (was ${before.get(key)!.type})`));
  }
  const renamedTo = new Set(renames.values());
  for (const key of added.filter((k) => !renamedTo.has(k))) {
    const field = after.get(key)!;
    const breaks = field.required && direction !== "output";
    changes.push(change(breaks, `${noun(key)} added (${field.type}, ${field.required ? "required" : "optional"})`));
  }
  for (const key of [...before.keys()].filter((k) => after.has(k))) {
    changes.push(...compareField(before.get(key)!, after.get(key)!, direction, noun(key)));
  }
  return changes;
}

function compareField(a: Field, b: Field, direction: Direction, name: string): Change[] {
  const reads = direction !== "input";
  const sends = direction !== "output";
  const out: Change[] = [];
  if (a.type !== b.type) out.push(breaking(`${name} changed type: ${a.type} → ${b.type}`));
  if (a.required !== b.required) {
    out.push(
      b.required
        ? change(sends, `${name} is now required`)
        : change(reads, `${name} is now optional${reads ? " (may be absent)" : ""}`),
    );
  }
  if (a.nullable !== b.nullable) {
    out.push(b.nullable ? change(reads, `${name} may now be null`) : change(sends, `${name} may no longer be null`));
  }
  const gone = (a.enum ?? []).filter((v) => !(b.enum ?? []).includes(v));
  const fresh = (b.enum ?? []).filter((v) => !(a.enum ?? []).includes(v));
  if (a.enum && !b.enum) out.push(change(reads, `${name} is no longer an enum (any ${b.type})`));
  else if (!a.enum && b.enum) out.push(change(sends, `${name} is now an enum: ${list(b.enum)}`));
  else {
    if (gone.length) out.push(change(sends, `${name} enum lost ${list(gone)}`));
    if (fresh.length) out.push(change(reads, `${name} enum gained ${list(fresh)}`));
  }
  return out;
}

/**
 * A field removed and a similar one added in the same place, of the same type, is reported as a rename
 * (`redirect_uri` → `redirect_uris`): one breaking change the reader understands, rather than two.
 */
function pairRenames(
  removed: string[],
  added: string[],
  before: Map<string, Field>,
  after: Map<string, Field>,
): Map<string, string> {
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  for (const from of removed) {
    const to = added.find(
      (k) =>
        !taken.has(k) &&
        parent(k) === parent(from) &&
        after.get(k)!.type === before.get(from)!.type &&
        similar(leaf(from), leaf(k)),
    );
    if (to) {
      pairs.set(from, to);
      taken.add(to);
    }
  }
  return pairs;
}

function similar(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long === `${short}s` || long === `${short}es`) return true;
  return short.length >= 5 && editDistance(a, b) <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function parent(key: string): string {
  return key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "";
}

function leaf(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

function list(values: unknown[]): string {
  return values.map((v) => `\`${String(v)}\``).join(", ");
}

function change(breaks: boolean, text: string): Change {
  return { severity: breaks ? "breaking" : "non-breaking", text };
}

function breaking(text: string): Change {
  return { severity: "breaking", text };
}
