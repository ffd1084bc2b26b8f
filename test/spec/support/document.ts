/** Builds the converted + overlaid document of a shared release, and reads the parts tests look at. */
import { join } from "node:path";
import { buildDocument, type BuiltDocument } from "../../../scripts/lib/build-document.js";
import { type Doc, type Operation, type Schema, deref, successSchema } from "../../../scripts/lib/oas.js";
import { loadSpec, projectRoot } from "../../../scripts/lib/spec-source.js";

export const SHARED_SPECS = join(projectRoot(), "..", "shared", "spec");
export const CURRENT = join(SHARED_SPECS, "budgea-2020-02-07.swagger.json");
export const PREVIOUS = join(SHARED_SPECS, "budgea-2019-09-24.swagger.json");

export async function built(file = CURRENT): Promise<BuiltDocument> {
  return buildDocument(await loadSpec(file, projectRoot()));
}

export function op(doc: Doc, method: string, path: string): Operation {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`no ${method.toUpperCase()} ${path}`);
  return found;
}

export function param(doc: Doc, operation: Operation, name: string): Schema | undefined {
  return (operation.parameters ?? []).map((p) => deref(doc, p)!).find((p) => p.name === name);
}

/** The request body's schema for one media type (JSON by default), dereferenced. */
export function body(doc: Doc, operation: Operation, media = "application/json"): Schema | undefined {
  return deref(doc, deref(doc, operation.requestBody)?.content?.[media]?.schema);
}

/** The 200 JSON response schema, dereferenced. */
export function success(doc: Doc, operation: Operation): Schema | undefined {
  return successSchema(doc, operation);
}

export function schema(doc: Doc, name: string): Schema {
  const found = doc.components.schemas[name];
  if (!found) throw new Error(`no schema ${name}`);
  return found;
}

/** A property of a schema, following a `$ref` or a single-element `allOf`. */
export function prop(doc: Doc, owner: Schema, name: string): Schema | undefined {
  const value = deref(doc, owner.properties?.[name]);
  return value?.allOf?.length === 1 && !value.properties ? { ...value, ...deref(doc, value.allOf[0]) } : value;
}
