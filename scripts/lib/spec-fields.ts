/**
 * Flattens what an operation takes or answers into comparable fields (`transactions[].value` → its type,
 * required-ness, enum, nullability), following inline objects and arrays but stopping at `$ref`s: a named
 * schema is compared once, on its own, rather than in every operation that uses it.
 */
import type { Doc, Schema } from "./oas.ts";
import { deref } from "./oas.ts";

export interface Field {
  type: string;
  required: boolean;
  nullable: boolean;
  enum?: unknown[];
}

const MAX_DEPTH = 6;

/** The fields of a schema (dereferenced at the root only). */
export function flatten(doc: Doc, schema: Schema | undefined, prefix = "", depth = 0): Map<string, Field> {
  const out = new Map<string, Field>();
  const root = merged(doc, deref(doc, schema));
  if (!root || depth > MAX_DEPTH) return out;
  const required = new Set<string>(root.required ?? []);
  for (const [name, raw] of Object.entries<Schema>(root.properties ?? {})) {
    const key = `${prefix}${name}`;
    out.set(key, describe(raw, required.has(name)));
    for (const [inner, field] of nested(doc, raw, key, depth)) out.set(inner, field);
  }
  return out;
}

/** What a schema is, in one short label: `string(date)`, `integer[]`, `Connection`, `object`. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return String(schema.$ref).split("/").pop()!;
  if (schema.allOf?.length === 1) return typeLabel(schema.allOf[0]);
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf).map(typeLabel).join(" | ");
  if (schema.type === "array") return `${typeLabel(schema.items)}[]`;
  if (!schema.type) return "any";
  return schema.format ? `${schema.type}(${schema.format})` : String(schema.type);
}

function describe(schema: Schema, required: boolean): Field {
  const field: Field = { type: typeLabel(schema), required, nullable: Boolean(schema.nullable) };
  if (Array.isArray(schema.enum)) field.enum = schema.enum;
  return field;
}

function nested(doc: Doc, schema: Schema, key: string, depth: number): Map<string, Field> {
  if (schema.$ref) return new Map();
  if (schema.type === "array" && schema.items && !schema.items.$ref) {
    return flatten(doc, schema.items, `${key}[].`, depth + 1);
  }
  if (schema.properties) return flatten(doc, schema, `${key}.`, depth + 1);
  return new Map();
}

/** A single-`allOf` wrapper counts as the schema it wraps. */
function merged(doc: Doc, schema: Schema | undefined): Schema | undefined {
  if (schema?.allOf?.length === 1 && !schema.properties) return deref(doc, schema.allOf[0]);
  return schema;
}
