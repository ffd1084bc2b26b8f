/** Small builders and walkers shared by the overlay's fixes. */
import type { Doc, Operation, Schema } from "../../scripts/lib/oas.ts";
import { deref } from "../../scripts/lib/oas.ts";

export const JSON_MEDIA = "application/json";

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function jsonResponse(description: string, schema: Schema): Schema {
  return { description, content: { [JSON_MEDIA]: { schema } } };
}

/** Calls `visit` on every object node of a JSON value. */
export function walk(value: unknown, visit: (node: Schema) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value !== null && typeof value === "object") {
    visit(value as Schema);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

/** The schema of an operation's request body (first media type), dereferenced; undefined without a body. */
export function bodySchema(doc: Doc, op: Operation): Schema | undefined {
  const content = deref(doc, op.requestBody)?.content ?? {};
  const first = Object.values<Schema>(content)[0];
  return deref(doc, first?.schema);
}

/** A JSON schema describing one example value: the shape the example shows, nothing more. */
export function inferSchema(value: unknown): Schema {
  if (value === null) return {}; // any type, null included
  if (Array.isArray(value)) return { type: "array", items: value.length ? inferSchema(value[0]) : {} };
  switch (typeof value) {
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: Number.isInteger(value) ? "integer" : "number" };
    case "string":
      return { type: "string" };
    case "object": {
      const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== "...");
      return {
        type: "object",
        properties: Object.fromEntries(entries.map(([k, v]) => [k, inferSchema(v)])),
        additionalProperties: true,
      };
    }
    default:
      return {};
  }
}
