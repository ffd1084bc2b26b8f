/**
 * What a fix is, and what it can tell about the spec it meets. A fix written as `apply(doc): number` (how
 * many places it changed) keeps working: 0 changes then reads "its target is gone or upstream fixed it".
 * A fix that can tell the two apart returns a FixResult: the places it changed, the places where the spec
 * already says what the fix says (upstream fixed the defect there), and the places where the spec says
 * something else again (a conflict: the fix leaves them alone, and generation stops until someone decides).
 */
import { type Doc, type Schema, deref } from "../scripts/lib/oas.ts";

export interface Fix {
  id: string;
  /** What upstream gets wrong. */
  defect: string;
  /** What the docs (the spec's own `info.description`, quoted) or the API say. */
  evidence: string;
  /**
   * `targeted`: fixes named places; finding none is worth a warning (its target is gone, or upstream fixed
   * it). `sweep`: cleans a pattern wherever it appears; finding none is normal.
   */
  kind: "targeted" | "sweep";
  /** Applies the fix in place; returns how many places it changed, or a FixResult. */
  apply(doc: Doc): number | FixResult;
  /** How to resolve a conflict, when more can be said than the generic advice. */
  resolve?: string;
}

export interface FixResult {
  /** Places the fix changed. */
  changed: number;
  /** Places where the spec already says what the fix says. */
  alreadyFixed?: number;
  /** Places where the spec says neither what the defect nor what the fix says: left alone. */
  conflicts?: Conflict[];
}

export interface Conflict {
  /** Where: a JSON pointer (`#/components/schemas/Connection/properties/state`) or `GET /path`. */
  at: string;
  /** What the spec says there. */
  found: string;
  /** What the fix would write. */
  wanted: string;
}

/** Counts a fix's places as it goes; `result()` is what `apply` returns. */
export class Tally {
  changed = 0;
  alreadyFixed = 0;
  readonly conflicts: Conflict[] = [];

  /** `doc`: to see through `$ref`s when comparing what the spec says with what the fix writes. */
  constructor(private readonly doc?: Doc) {}

  conflict(at: string, found: unknown, wanted: unknown): void {
    this.conflicts.push({ at, found: describe(found), wanted: describe(wanted) });
  }

  /**
   * Sets `owner[key]` to `value` unless the spec already says the same (counted as fixed upstream), or
   * says something that is neither the defect (`isDefect`) nor the fix (a conflict, left alone).
   * Without `isDefect`, only an absent property is the defect.
   */
  set(owner: Schema, key: string, value: Schema, at: string, isDefect: (current: Schema) => boolean = () => false) {
    const current = owner[key];
    if (current !== undefined && this.same(current, value)) this.alreadyFixed++;
    else if (current === undefined || isDefect(current)) {
      owner[key] = value;
      this.changed++;
    } else this.conflict(at, current, value);
  }

  /** The same shape, directly or once each side's `$ref` is followed. */
  same(a: Schema, b: Schema): boolean {
    return sameShape(a, b) || (this.doc !== undefined && sameShape(deref(this.doc, a), deref(this.doc, b)));
  }

  result(): FixResult {
    return { changed: this.changed, alreadyFixed: this.alreadyFixed, conflicts: this.conflicts };
  }
}

/**
 * `current` says less than `wanted` without contradicting it, so a fix that writes `wanted` refines it:
 * untyped where `wanted` is typed, the same scalar type without its enum or nullability, an enum whose
 * values `wanted` all keeps, an object without properties, an array of such items. Anything else (another
 * type, an enum value the fix does not know, an object with its own properties) contradicts the fix.
 */
export function looser(doc: Doc, current: Schema | undefined, wanted: Schema | undefined): boolean {
  const c = deref(doc, current);
  const w = single(doc, wanted);
  if (!c || !w) return !c;
  if (c.type === undefined) return c.enum === undefined && !c.properties && !c.allOf && !c.anyOf && !c.oneOf;
  if (c.type !== w.type) return false;
  if (c.enum) return Array.isArray(w.enum) && c.enum.every((value: unknown) => w.enum.includes(value));
  if (c.type === "array") return c.items === undefined || sameShape(c.items, w.items) || looser(doc, c.items, w.items);
  if (c.type === "object") return !c.properties && !c.allOf && !c.additionalProperties;
  return true;
}

/** A schema seen through its `$ref` or its single-element `allOf` (how the overlay writes typed references). */
function single(doc: Doc, schema: Schema | undefined): Schema | undefined {
  const s = deref(doc, schema);
  if (s?.allOf?.length === 1 && !s.properties) return { ...deref(doc, s.allOf[0]), ...s, allOf: undefined };
  return s;
}

/** Words that describe a schema but do not change what it accepts. */
const PROSE = new Set(["description", "summary", "title", "example", "examples", "externalDocs"]);

/** Two schemas accept the same values: equal once descriptions, examples and `x-` notes are dropped. */
export function sameShape(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v) => {
    if (PROSE.has(key) || key.startsWith("x-")) return undefined;
    if (Array.isArray(v) && key === "enum") return [...v].map((e) => JSON.stringify(e)).sort();
    if (Array.isArray(v) && key === "required") return [...v].sort();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

/** A schema in one short line for a message: `{"type":"integer"}`, cut at 160 characters. */
export function describe(value: unknown): string {
  const text = JSON.stringify(value, (key, v) => (PROSE.has(key) ? undefined : v)) ?? "nothing";
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** A JSON pointer from its segments (`~` and `/` escaped). */
export function pointer(...segments: string[]): string {
  return `#/${segments.map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}
