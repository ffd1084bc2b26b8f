/**
 * Builders and evidence addresses shared by the `today-*` fixes: what the current Powens API sends, which the
 * 2020 spec does not say. Two forms are read the same way by openapi-typescript (the types) and by Ajv (the
 * contract test, `scripts/contract/response-check.ts`):
 * - a nullable reference is `anyOf: [$ref, { enum: [null] }]`, never `{ allOf: [$ref], nullable: true }`
 *   (Ajv lets `nullable` widen only the `type` beside it, so the referenced object still refuses `null`);
 * - an open enumeration is `anyOf: [{ type: string, enum: known }, { type: string, x-budgea-other-values }]`:
 *   any string validates, and the generator writes `"known" | … | (string & {})`, so the known values still
 *   autocomplete and narrow while next year's value compiles.
 */
import type { Doc, Schema } from "../../scripts/lib/oas.ts";
import { ref } from "./shared.ts";

/** Powens' own partial OpenAPI description (no licence: read for facts, cited, never copied). */
export const SDK = "powenscompany/powens-sdks, lib/specs/";
/**
 * An open-source client whose models say, field by field, which reference page they mirror and what live payloads
 * did differently: a reading of the docs (cited for the facts; none of its code is used).
 */
export const READING = "militu/py-powens, src/powens/models/";
/** The current public reference. */
export const DOCS = "https://docs.powens.com/";

/** The marks `naive-datetimes` and the `today-*` fixes put on date-time strings. */
export const DATETIME_FAMILY = { paris: "naive-europe-paris", utc: "naive-utc" } as const;

/** Only `null`: the second branch of a nullable reference (a fresh object each time: no shared nodes). */
export function nullOnly(): Schema {
  return { enum: [null] };
}

export function nullableRef(name: string, description?: string): Schema {
  return { anyOf: [ref(name), nullOnly()], ...(description ? { description } : {}) };
}

/**
 * An open enumeration of server-controlled values (responses only: requests keep closed enums). A `default`
 * goes with the known values (a default needs a `type` beside it, and a `type` beside `anyOf` would make the
 * generated type plain `string`).
 */
export function openEnum(known: readonly (string | null)[], extra: Schema = {}): Schema {
  const { default: fallback, ...rest } = extra;
  const nullable = known.includes(null);
  return {
    ...rest,
    anyOf: [
      {
        type: "string",
        enum: [...known],
        ...(nullable ? { nullable: true } : {}),
        ...(fallback === undefined ? {} : { default: fallback }),
      },
      { type: "string", "x-budgea-other-values": true },
    ],
  };
}

export function isOpenEnum(schema: Schema | undefined): boolean {
  return Boolean(schema?.anyOf?.some((branch: Schema) => branch["x-budgea-other-values"]));
}

/** The known values of an enumeration, open or closed. */
export function enumValues(schema: Schema | undefined): unknown[] {
  if (!schema) return [];
  if (Array.isArray(schema.enum)) return schema.enum;
  return (schema.anyOf ?? []).flatMap((branch: Schema) => (Array.isArray(branch.enum) ? branch.enum : []));
}

/** How the current API relaxes one property of a response schema. */
export interface Relaxation {
  /** The API may send `null`. */
  nullable?: boolean;
  /** The API may leave it out: dropped from `required`. */
  optional?: boolean;
}

/**
 * Marks the named properties of a component schema nullable and/or optional. Returns how many properties
 * changed (a property an older release lacks is left alone: the fix as a whole must change something).
 */
export function relax(doc: Doc, schemaName: string, changes: Record<string, Relaxation>): number {
  const schema = doc.components.schemas[schemaName];
  if (!schema?.properties) return 0;
  let n = 0;
  for (const [name, how] of Object.entries(changes)) {
    const prop = schema.properties[name];
    if (!prop) continue;
    let changed = false;
    if (how.nullable) {
      const next = nullable(prop);
      changed ||= next !== prop;
      schema.properties[name] = next;
    }
    if (how.optional && schema.required?.includes(name)) {
      schema.required = schema.required.filter((r: string) => r !== name);
      if (!schema.required.length) delete schema.required;
      changed = true;
    }
    if (changed) n++;
  }
  return n;
}

/** The same property, `null` allowed (a reference becomes the nullable-reference form). */
export function nullable(prop: Schema): Schema {
  if (prop.nullable || prop.anyOf?.some((b: Schema) => isNullOnly(b) || b.nullable)) return prop;
  if (prop.$ref) return { anyOf: [{ $ref: prop.$ref }, nullOnly()] };
  if (prop.anyOf) return { ...prop, anyOf: [...prop.anyOf, nullOnly()] };
  if (prop.allOf?.length === 1 && !prop.properties) {
    const { allOf, type: _type, nullable: _nullable, ...rest } = prop;
    return { ...rest, anyOf: [allOf[0], nullOnly()] };
  }
  return { ...prop, nullable: true };
}

export function isNullOnly(schema: Schema | undefined): boolean {
  return Array.isArray(schema?.enum) && schema.enum.length === 1 && schema.enum[0] === null && !schema.type;
}
