/** Loose OpenAPI 3.0 shapes and traversal helpers shared by the overlay and the emitters. */

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Schema = Record<string, any>;

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Schema[];
  requestBody?: Schema;
  responses: Record<string, Schema>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

export interface Doc {
  openapi: string;
  info: Schema;
  servers?: Schema[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses?: Record<string, Schema>;
    requestBodies?: Record<string, Schema>;
    securitySchemes?: Record<string, Schema>;
    [key: string]: unknown;
  };
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationRef {
  path: string;
  method: string;
  op: Operation;
}

export function* operations(doc: Doc): Generator<OperationRef> {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) yield { path, method, op };
    }
  }
}

/** Follows a local `$ref` (one level at a time until a non-ref object). */
export function deref(doc: Doc, value: Schema | undefined): Schema | undefined {
  let current = value;
  for (let hops = 0; current && typeof current.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

export function resolvePointer(doc: unknown, ref: string): Schema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: any = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Every `$ref` string in a JSON value, with the JSON path where it was found. */
export function* refs(value: unknown, at = "#"): Generator<{ ref: string; at: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* refs(value[i], `${at}/${i}`);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") yield { ref: child, at };
      else yield* refs(child, `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  }
}

/** The JSON schema of an operation's 200 (or first 2xx) JSON response, dereferenced. */
export function successSchema(doc: Doc, op: Operation): Schema | undefined {
  const code = Object.keys(op.responses).find((c) => /^2\d\d$/.test(c));
  if (!code) return undefined;
  const response = deref(doc, op.responses[code]);
  return deref(doc, response?.content?.["application/json"]?.schema);
}

/**
 * The key of the item array of a list envelope (`{ transactions: [...], total }`), or undefined when the
 * response is not such an envelope.
 */
export function listItemKey(doc: Doc, op: Operation): string | undefined {
  const schema = successSchema(doc, op);
  const props = schema?.properties;
  if (!props || !("total" in props)) return undefined;
  const arrays = Object.keys(props).filter((k) => deref(doc, props[k])?.type === "array");
  return arrays.length === 1 ? arrays[0] : undefined;
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
