/**
 * A value that satisfies a schema of the overlaid document, derived from the schema alone (not from its
 * `example`s): enums give their first value, formats their shape (`date`, naive Paris date-times, binary
 * files as Blobs), `anyOf` its branch of named constants (`id_user` → `"me"`), objects their required
 * properties — or all of them when `fill` is "all", to put every declared property before the validator.
 */
import { type Doc, type Schema, deref } from "../lib/oas.ts";

export type Fill = "required" | "all";

const MAX_DEPTH = 6;

export function exampleValue(doc: Doc, schema: Schema | undefined, fill: Fill, depth = 0): unknown {
  const s = merged(doc, deref(doc, schema) ?? {});
  if (depth > MAX_DEPTH) throw new Error(`example too deep: ${JSON.stringify(schema).slice(0, 120)}`);
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((v: unknown) => v !== null) ?? s.enum[0];
  const branches: Schema[] | undefined = s.anyOf ?? s.oneOf;
  if (branches?.length) {
    const resolved = branches.map((b) => deref(doc, b) ?? {});
    return exampleValue(doc, resolved.find((b) => Array.isArray(b.enum)) ?? resolved[0], fill, depth + 1);
  }
  switch (s.type ?? (s.properties ? "object" : undefined)) {
    case "string":
      return stringValue(s);
    case "integer":
      return Math.max(typeof s.minimum === "number" ? Math.ceil(s.minimum) : 1, 1);
    case "number":
      return typeof s.minimum === "number" && s.minimum > 1.5 ? s.minimum : 1.5;
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: Math.max(s.minItems ?? 1, 1) }, () => exampleValue(doc, s.items, fill, depth + 1));
    case "object":
      return objectValue(doc, s, fill, depth);
    default:
      return "example"; // an untyped schema accepts anything
  }
}

function stringValue(s: Schema): string | Blob {
  if (s.format === "binary") return new Blob(["%PDF-1.4 contract test\n"], { type: "application/pdf" });
  if (s.format === "date") return "2020-01-31";
  if (s["x-budgea-datetime"]) return "2020-01-31 12:30:00";
  if (s.pattern === "^\\d+(,\\d+)*$") return "1,2";
  if (s.pattern) throw new Error(`no example for pattern ${s.pattern}: teach example-values.ts`);
  return "example".padEnd(s.minLength ?? 0, "x").slice(0, s.maxLength ?? Infinity);
}

function objectValue(doc: Doc, s: Schema, fill: Fill, depth: number): Record<string, unknown> {
  const required = new Set<string>(s.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries<Schema>(s.properties ?? {})) {
    if (fill === "required" && !required.has(name)) continue;
    if (deref(doc, prop)?.readOnly) continue;
    out[name] = exampleValue(doc, prop, fill, depth + 1);
  }
  return out;
}

/** `allOf` folded into one schema (properties and required lists unioned), refs followed. */
function merged(doc: Doc, s: Schema): Schema {
  if (!Array.isArray(s.allOf)) return s;
  const { allOf, ...rest } = s;
  return (allOf as Schema[])
    .map((part) => merged(doc, deref(doc, part) ?? {}))
    .reduce(
      (acc, part) => ({
        ...part,
        ...acc,
        properties: { ...part.properties, ...acc.properties },
        required: [...new Set([...(acc.required ?? []), ...(part.required ?? [])])],
      }),
      rest,
    );
}
