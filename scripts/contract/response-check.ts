/**
 * Does a response body have the shape our types say? Our types are openapi-typescript's reading of the
 * same overlaid document, so the body is validated against the operation's response schema for the status
 * it came with, by Ajv 8 (the mock server's validator too; OpenAPI 3.0's `nullable` is
 * built in, `date` comes from ajv-formats, OpenAPI's number formats are accepted as declared).
 */
import ajvModule, { type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { type Doc, resolvePointer } from "../lib/oas.ts";
import type { Problem } from "./problems.ts";

const DOC_ID = "budgea-openapi.json";
const JSON_MEDIA = "application/json";

export type ResponseChecker = (path: string, method: string, status: number, body: unknown) => Problem[];

export function responseChecker(doc: Doc): ResponseChecker {
  // Both are CommonJS modules whose `module.exports` also carries itself as `.default`: under tsx and jest alike.
  const Ajv = ajvModule.default;
  const addFormats = formatsModule.default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, ["date", "email", "uri"]);
  for (const format of ["float", "double", "int32", "int64", "byte", "binary", "password"]) ajv.addFormat(format, true);
  ajv.addSchema(doc, DOC_ID);
  const cache = new Map<string, ValidateFunction | undefined>();

  return (path, method, status, body) => {
    const pointer = schemaPointer(doc, path, method, status);
    if (!pointer) return [{ source: "ajv", at: "response", message: `no JSON response declared for ${status}` }];
    if (!cache.has(pointer)) cache.set(pointer, ajv.getSchema(`${DOC_ID}#${encodeURI(pointer.slice(1))}`));
    const validate = cache.get(pointer);
    if (!validate) return [{ source: "ajv", at: "response", message: `cannot compile ${pointer}` }];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => ({
      source: "ajv" as const,
      at: e.instancePath || "/",
      message: e.message ?? e.keyword,
    }));
  };
}

/** `#/…/content/application~1json/schema` of the response declared for this status (or `2XX`, `default`). */
function schemaPointer(doc: Doc, path: string, method: string, status: number): string | undefined {
  const base = `#/paths/${escape(path)}/${method}/responses`;
  for (const code of [String(status), `${String(status)[0]}XX`, "default"]) {
    let at = `${base}/${code}`;
    let response = resolvePointer(doc, at);
    if (typeof response?.$ref === "string") {
      at = response.$ref;
      response = resolvePointer(doc, at);
    }
    if (response)
      return response.content?.[JSON_MEDIA]?.schema ? `${at}/content/${escape(JSON_MEDIA)}/schema` : undefined;
  }
  return undefined;
}

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
