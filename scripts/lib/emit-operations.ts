/**
 * Our emitter: `generated/endpoints.ts` (the tables `budgea.api` is typed from), `generated/operations.ts`
 * (one typed fetcher per operation + the operation table) and `generated/models.ts` (a named alias per schema).
 *
 * The fetchers' signatures are plain indexed accesses into openapi-typescript's `operations` interface,
 * decided here at generation time (is `init` required? which media type?) rather than by conditional types
 * at the user's compile time: that is what keeps a consumer's `tsc` cheap.
 */
import type { Doc, Operation, Schema } from "./oas.ts";
import { deref, listItemKey, operations, successSchema } from "./oas.ts";

export interface OperationEntry {
  id: string;
  method: string;
  path: string;
  idempotent: boolean;
  listKey?: string;
  body?: "form" | "multipart";
}

const IDEMPOTENT = new Set(["get", "put", "delete", "head", "options"]);

export function operationEntries(doc: Doc): OperationEntry[] {
  return [...operations(doc)].map(({ path, method, op }) => {
    const body = deref(doc, op.requestBody);
    const media = Object.keys(body?.content ?? {});
    const entry: OperationEntry = { id: op.operationId!, method, path, idempotent: IDEMPOTENT.has(method) };
    const listKey = method === "get" ? listItemKey(doc, op) : undefined;
    if (listKey) entry.listKey = listKey;
    if (media.length) entry.body = media.includes("application/json") ? "form" : "multipart";
    return entry;
  });
}

/**
 * `generated/endpoints.ts`: the types `budgea.api` and `paginate` are typed from (per-path arguments and data,
 * list keys and items) and the fetchers' shared types. Types only, and apart from the fetchers: a user of
 * `budgea` loads these tables, never the 437 fetcher declarations.
 */
export function emitEndpoints(doc: Doc, header: string): string {
  const entries = operationEntries(doc);
  const ops = new Map([...operations(doc)].map((o) => [o.op.operationId!, o.op]));
  const out: string[] = [header, ENDPOINTS_PRELUDE];
  out.push(
    "/**",
    " * Each operation's arguments after the path (`[init]`, or `[init?]` when nothing is required), its `init`",
    " * type and its success data. An entry is documented by the fetcher of the same name.",
    " */",
    "export interface Endpoints {",
  );
  for (const e of entries) out.push(`  ${e.id}: ${endpointType(doc, e, ops.get(e.id)!)};`);
  out.push("}", "");
  for (const e of entries) {
    const init = initInterface(doc, e, ops.get(e.id)!);
    if (init && initName(e) in doc.components.schemas) {
      throw new Error(`the spec has a schema named ${initName(e)}, the name of ${e.id}'s init interface`);
    }
    if (init) out.push(init, "");
  }

  for (const method of ["get", "post", "put", "delete"]) {
    const name = `${method.charAt(0).toUpperCase()}${method.slice(1)}Paths`;
    out.push(
      `/** Paths that take ${method.toUpperCase()}, and their endpoint: what \`budgea.api.${method.toUpperCase()}\` is typed from. */`,
      `export interface ${name} {`,
    );
    for (const e of entries) if (e.method === method) out.push(`  "${e.path}": Endpoints["${e.id}"];`);
    out.push("}", "");
    const required = entries.filter((e) => e.method === method && initRequired(doc, ops.get(e.id)!));
    out.push(
      `/** The paths of \`${name}\` whose \`init\` is required (a required parameter or body). */`,
      `export type ${name}RequiringInit =${required.length ? "" : " never;"}`,
      ...required.map((e, i) => `  | "${e.path}"${i === required.length - 1 ? ";" : ""}`),
      "",
    );
  }

  out.push(
    "/** Every list GET path and the key of the item array in its response (the table's `listKey`, as a type). */",
  );
  out.push("export interface ListKeys {");
  for (const e of entries) if (e.listKey) out.push(`  "${e.path}": "${e.listKey}";`);
  out.push("}", "");
  out.push("/** Every list GET path and the type of one item of its list. */");
  out.push("export interface ListItems {");
  for (const e of entries) if (e.listKey) out.push(`  "${e.path}": ${listItemType(doc, ops.get(e.id)!, e)};`);
  out.push("}", "");
  return out.join("\n");
}

/** `generated/operations.ts`: the operation table and one typed fetcher per operation. */
export function emitOperations(doc: Doc, header: string): string {
  const entries = operationEntries(doc);
  const ops = new Map([...operations(doc)].map((o) => [o.op.operationId!, o.op]));
  const paths = [...new Set(entries.map((e) => e.path))];
  const out: string[] = [header, OPERATIONS_PRELUDE];
  out.push("/** Every path template of an operation. */", `export type OperationPath =`);
  out.push(...paths.map((p, i) => `  | "${p}"${i === paths.length - 1 ? ";" : ""}`), "");
  out.push(OPERATION_INFO);
  out.push(
    "/** Every operation by `operationId`: method, path template, retry safety, list key and body encoding. */",
    "export const operationTable: Readonly<Record<OperationId, OperationInfo>> = {",
  );
  for (const e of entries) {
    const fields = [`method: "${e.method}"`, `path: "${e.path}"`, `idempotent: ${e.idempotent}`];
    if (e.listKey) fields.push(`listKey: "${e.listKey}"`);
    if (e.body) fields.push(`body: "${e.body}"`);
    out.push(`  ${e.id}: { ${fields.join(", ")} },`);
  }
  out.push("};", "");
  for (const e of entries) out.push(fetcher(e, ops.get(e.id)!));
  return out.join("\n");
}

export function emitModels(doc: Doc, header: string): string {
  const out = [header, 'import type { components } from "./schema-types.js";', ""];
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    out.push(modelComment(name, schema), `export type ${name} = components["schemas"]["${name}"];`);
  }
  return out.join("\n") + "\n";
}

/** The schema's own description when the spec has one; otherwise where the alias points. */
function modelComment(name: string, schema: Schema): string {
  const where = `\`components["schemas"]["${name}"]\``;
  const text = typeof schema.description === "string" ? schema.description : "";
  const description = clean(text.replace(/^[ \t]+/gm, "")); // indentation would read as a Markdown code block
  return description
    ? `/**\n * ${description}\n *\n * The \`${name}\` schema of the Budgea API (${where}).\n */`
    : `/** The \`${name}\` schema of the Budgea API (${where}). */`;
}

function initRequired(doc: Doc, op: Operation): boolean {
  const params = (op.parameters ?? []).map((p) => deref(doc, p)!);
  return params.some((p) => p.required) || Boolean(deref(doc, op.requestBody)?.required);
}

function endpointType(doc: Doc, e: OperationEntry, op: Operation): string {
  const o = `operations["${e.id}"]`;
  const params = (op.parameters ?? []).map((p) => deref(doc, p)!);
  const paramsRequired = params.some((p) => p.required);
  const body = deref(doc, op.requestBody);
  const bodyRef: string | undefined = Object.values<Schema>(body?.content ?? {})[0]?.schema?.$ref;
  const bodyType = bodyRef ? schemaType(bodyRef) : "Record<string, unknown>";

  const initRequired = paramsRequired || Boolean(body?.required);
  const initType = params.length || body ? initName(e) : "RequestOptions";

  const codes = Object.keys(op.responses).filter(
    (c) => /^2\d\d$/.test(c) && deref(doc, op.responses[c])?.content?.["application/json"],
  );
  const data = codes.length
    ? codes.map((c) => `${o}["responses"][${c}]["content"]["application/json"]`).join(" | ")
    : "unknown";
  return `{ args: [init${initRequired ? "" : "?"}: ${initType}]; init: ${initType}; data: ${data} }`;
}

/**
 * The `init` of an operation with parameters or a body, as a named interface: a table entry then holds a
 * reference the compiler resolves only when that path is called, where an inline `RequestOptions & { … }`
 * was built for every operation as soon as one call checked its arity (7,000 types for a user's first call).
 */
function initInterface(doc: Doc, e: OperationEntry, op: Operation): string | undefined {
  const o = `operations["${e.id}"]`;
  const params = (op.parameters ?? []).map((p) => deref(doc, p)!);
  const body = deref(doc, op.requestBody);
  if (!params.length && !body) return undefined;
  const bodyRef: string | undefined = Object.values<Schema>(body?.content ?? {})[0]?.schema?.$ref;
  const members: string[] = [];
  if (params.length) members.push(`  params${params.some((p) => p.required) ? "" : "?"}: ${o}["parameters"];`);
  if (body)
    members.push(`  body${body.required ? "" : "?"}: ${bodyRef ? schemaType(bodyRef) : "Record<string, unknown>"};`);
  return [
    `/** The \`init\` of \`${e.id}\` (\`${e.method.toUpperCase()} ${e.path}\`): its parameters and body, and call options. */`,
    `export interface ${initName(e)} extends RequestOptions {`,
    ...members,
    "}",
  ].join("\n");
}

function initName(e: OperationEntry): string {
  return `${e.id.charAt(0).toUpperCase()}${e.id.slice(1)}Init`;
}

/** A named item schema by name (cheap for the user's compiler); an inline one through the operation's response. */
function listItemType(doc: Doc, op: Operation, e: OperationEntry): string {
  const key = e.listKey!;
  const items = deref(doc, successSchema(doc, op)?.properties?.[key])?.items;
  if (items?.$ref) return schemaType(items.$ref);
  const code = Object.keys(op.responses).find((c) => /^2\d\d$/.test(c))!;
  const envelope = `operations["${e.id}"]["responses"][${code}]["content"]["application/json"]`;
  return `NonNullable<${envelope}[${JSON.stringify(key)}]>[number]`;
}

function schemaType(ref: string): string {
  return `components["schemas"]["${ref.split("/").pop()}"]`;
}

function fetcher(e: OperationEntry, op: Operation): string {
  const endpoint = `Endpoints["${e.id}"]`;
  const options = e.body === "multipart" ? "{ bodySerializer: toFormData, ...init[0] }" : "init[0]";
  const text = [op.summary, op.description && op.description !== op.summary ? op.description : undefined]
    .filter(Boolean)
    .map((s) => clean(String(s)))
    .join("\n *\n * ");
  return [
    "/**",
    text ? ` * ${text}\n *` : undefined,
    ` * \`${e.method.toUpperCase()} ${e.path}\``,
    " */",
    `export function ${e.id}(client: ApiClient, ...init: ${endpoint}["args"]): Promise<ApiResult<${endpoint}["data"]>> {`,
    `  return client.request("${e.method}", "${e.path}", ${options});`,
    "}",
    "",
  ]
    .filter((l) => l !== undefined)
    .join("\n");
}

function clean(text: string): string {
  return text
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/\*\//g, "*\\/")
    .trim()
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n * ")
    .replace(/( \* \n)+/g, " *\n");
}

const ENDPOINTS_PRELUDE = `import type { components, operations } from "./schema-types.js";

/** Every operation's \`operationId\`: the keys of \`operationTable\` and \`Endpoints\`, and the fetchers' names. */
export type OperationId = keyof operations;

/** The one method of an openapi-fetch client the fetchers need: pass \`createClient<paths>()\` or \`budgea.api\`. */
export interface ApiClient {
  /** openapi-fetch's generic call: \`request("get", "/users/{id_user}", init)\`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request(method: any, url: any, init?: any): Promise<any>;
}

/**
 * What a client adds to every call's options: empty here, an extension point a client fills by declaration
 * merging (budgea's client adds \`timeoutMs\`, \`maxRetries\` and \`token\` when it is imported).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientRequestOptions {}

/** Per-request options any openapi-fetch client takes, and the client's own (\`ClientRequestOptions\`). */
export interface RequestOptions extends ClientRequestOptions {
  /** Extra request headers; \`undefined\` values are left out, \`null\` removes one of the client's. */
  headers?: Record<string, string | undefined | null>;
  /** Aborts the request. */
  signal?: AbortSignal | null;
  /** This call's base URL instead of the client's. */
  baseUrl?: string;
  /** How a success body is read (default \`json\`): a file's \`blob\` or \`arrayBuffer\`, a \`stream\`, \`text\`. */
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
}

/** openapi-fetch's result: \`data\` on success, \`error\` (the API's error body) otherwise. */
export type ApiResult<T> =
  | {
      /** The success body. */
      data: T;
      /** Absent on success. */
      error?: never;
      /** The fetch Response (status, headers; its body already read). */
      response: Response;
    }
  | {
      /** Absent on failure. */
      data?: never;
      /** The API's error body. */
      error: components["schemas"]["Error"];
      /** The fetch Response (status, headers; its body already read). */
      response: Response;
    };

`;

const OPERATIONS_PRELUDE = `import type { ApiClient, ApiResult, Endpoints, OperationId } from "./endpoints.js";
import { toFormData } from "./runtime.js";

export type * from "./endpoints.js";
export { toFormData };
`;

const OPERATION_INFO = `/** One row of \`operationTable\`: what the client needs to know about an operation at run time. */
export interface OperationInfo {
  /** The HTTP method, lower case. */
  method: "get" | "put" | "post" | "delete" | "head" | "options" | "patch" | "trace";
  /** The path template, e.g. \`/users/{id_user}/accounts\`. */
  path: OperationPath;
  /** Safe to retry automatically: GET, PUT, DELETE, HEAD, OPTIONS. A POST never is. */
  idempotent: boolean;
  /** List GETs: the key of the item array in the response envelope (\`{ transactions: [...], total }\`). */
  listKey?: string;
  /** \`form\`: the API takes JSON, urlencoded or multipart (JSON is sent); \`multipart\`: a file upload. */
  body?: "form" | "multipart";
}
`;

/** The runtime helpers the fetchers share, in their own module so a bundle can take them alone. */
export const RUNTIME = `
/** Encodes a body as multipart/form-data: Blobs as files, other values as strings, null/undefined skipped. */
export function toFormData(body: unknown): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    form.append(key, value instanceof Blob ? value : typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return form;
}
`;

/**
 * `generated/list-keys.ts`: the item key of every list GET at run time, compactly — the rule (the path's
 * last literal segment) and the paths where upstream breaks it. Checked here against the full table.
 */
export function emitListKeys(doc: Doc, header: string): string {
  const lists = operationEntries(doc).filter((e) => e.listKey);
  const exceptions = lists.filter((e) => e.listKey !== lastLiteral(e.path));
  // Each exception as the shortest path suffix that names its key for every list ending with it.
  // (A path no suffix of which is unambiguous — `/logs` — is a rule of its own, matched whole: `=/logs`.)
  const rules = new Map<string, string>();
  for (const e of exceptions) {
    rules.set(shortestRule(e.path, (suffix) => lists.every((l) => !l.path.endsWith(suffix) || l.listKey === e.listKey)), e.listKey!);
  }
  const lines = [...rules].sort(([a], [b]) => byLength(a, b));
  const notLists = notListRules(
    operationEntries(doc),
    lists.map((l) => l.path),
  );
  return `${header}
/**
 * List GETs whose item key is not their path's last literal segment (upstream's own names), as the shortest
 * path suffix that names the key of every list ending with it (\`=\` and a whole path where none does).
 */
const exceptions: [rule: string, key: string][] = [
${lines.map(([suffix, key]) => `  ["${suffix}", "${key}"],`).join("\n")}
];

/** The key of the item array in a list GET's response envelope (\`ListKeys\`, at run time). */
export function listKeyOf(path: string): string {
  for (const [rule, key] of exceptions) if (ruleMatches(rule, path)) return key;
  return ${LAST_LITERAL_SOURCE}(path);
}

/**
 * The GETs ending with a literal segment that are not lists (an object, a file), as the shortest path suffix
 * that no list ends with (\`=\` and a whole path where none is).
 */
const notLists: string[] = [
${notLists.map((rule) => `  "${rule}",`).join("\n")}
];

/** Whether a GET path template is a list (\`{ <listKeyOf(path)>: [...], total? }\`): \`ListKeys\` at run time. */
export function isListPath(path: string): boolean {
  if (path.endsWith("}")) return false;
  return !notLists.some((rule) => ruleMatches(rule, path));
}

/** A rule is a path suffix, or \`=\` and a whole path. */
function ruleMatches(rule: string, path: string): boolean {
  return rule[0] === "=" ? path === rule.slice(1) : path.endsWith(rule);
}

function ${LAST_LITERAL_SOURCE}(path: string): string {
  return path.split("/").filter((segment) => segment && !segment.startsWith("{")).pop() ?? "";
}
`;
}

/** See \`notLists\` in the emitted file; checked against every GET here, so the rules cannot drift. */
function notListRules(entries: { method: string; path: string; listKey?: string }[], lists: string[]): string[] {
  const gets = entries.filter((e) => e.method === "get");
  const rules = new Set<string>();
  for (const e of gets) {
    if (e.listKey || e.path.endsWith("}")) continue;
    rules.add(shortestRule(e.path, (suffix) => lists.every((path) => !path.endsWith(suffix))));
  }
  const sorted = [...rules].sort(byLength);
  const matches = (path: string) =>
    !path.endsWith("}") && !sorted.some((r) => (r[0] === "=" ? path === r.slice(1) : path.endsWith(r)));
  const wrong = gets.find((e) => matches(e.path) !== Boolean(e.listKey));
  if (wrong) throw new Error(`list-keys: isListPath would misjudge GET ${wrong.path}`);
  return sorted;
}

/** The shortest suffix of `path` that `unambiguous` accepts, else `=` and the whole path. */
function shortestRule(path: string, unambiguous: (suffix: string) => boolean): string {
  const segments = path.split("/").slice(1);
  for (let n = 1; n <= segments.length; n++) {
    const suffix = `/${segments.slice(-n).join("/")}`;
    if (unambiguous(suffix)) return suffix;
  }
  return `=${path}`;
}

/** Longest rule first (a longer suffix is the more specific), then alphabetical: a stable order. */
function byLength(a: string, b: string): number {
  return b.length - a.length || (a < b ? -1 : 1);
}

const LAST_LITERAL_SOURCE = "lastLiteralSegment";

/**
 * `generated/responses.ts`: the operations whose success the spec gives no JSON body (a redirect, a file), other
 * than DELETE and HEAD (which never promise one): the client reads an empty success of these as `undefined`
 * rather than as a broken answer.
 */
export function emitResponses(doc: Doc, header: string): string {
  const bodiless = [...operations(doc)]
    .filter(({ method }) => method !== "delete" && method !== "head")
    .filter(({ op }) => !successSchema(doc, op))
    .map(({ method, path }) => `  "${method.toUpperCase()} ${path}",`);
  return `${header}
/** \`METHOD path\` of the operations whose success has no JSON body in the spec (DELETE and HEAD aside). */
export const noJsonSuccess: ReadonlySet<string> = new Set([
${bodiless.join("\n")}
]);
`;
}

function lastLiteral(path: string): string {
  return (
    path
      .split("/")
      .filter((segment) => segment && !segment.startsWith("{"))
      .pop() ?? ""
  );
}
