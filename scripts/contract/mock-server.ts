/**
 * The contract's server: a loopback mock of the overlaid document that validates every request against it
 * and answers the operation's declared response. What Prism's mock mode did for us, without its 9,000-file
 * install (and its Node 24 requirement since 5.15):
 *
 * - routing by path template (literal segments win over parameters, as in Prism and the API), 404 otherwise;
 * - security: an operation that needs the bearer token without one is answered 401;
 * - path and query parameters validated by Ajv 8 (strings coerced to the declared types, as an HTTP server
 *   reads them), the body by its content type: JSON as sent, urlencoded and multipart read as forms (files as
 *   binary strings) and coerced; each violation is reported in the `x-contract-violations` header
 *   (`[{ location: ["request", "query", "limit"], message }]`) with a 422;
 * - the answer: the status asked with `Prefer: code=NNN` if declared, else the first 2xx; its JSON example when
 *   the spec has one (so an example that contradicts its schema is caught by the contract's response check),
 *   else a body sampled from the schema (required properties always, optional ones two levels deep, never a
 *   cycle).
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import ajvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { type Doc, type Operation, type Schema, deref, operations } from "../lib/oas.ts";

export const VIOLATIONS_HEADER = "x-contract-violations";

export interface MockServer {
  baseUrl: string;
  stop(): Promise<void>;
}

interface Route {
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
  literals: number;
  op: Operation;
}

interface Violation {
  location: string[];
  message: string;
}

const DOC_ID = "budgea-contract.json";

export async function startMockServer(doc: Doc): Promise<MockServer> {
  const routes = routeTable(doc);
  const validators = new Validators(doc);
  const server = createServer((req, res) => {
    handle(doc, routes, validators, req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "mockError", message: String((error as Error)?.message ?? error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(doc: Doc, routes: Route[], v: Validators, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://mock");
  const method = (req.method ?? "GET").toLowerCase();
  const found = match(routes, method, url.pathname);
  const body = await readBody(req);
  if (!found) return send(res, 404, { code: "notFound", message: `no ${method.toUpperCase()} ${url.pathname}` });
  const { route, params } = found;
  if (!authorized(doc, route.op, req.headers.authorization)) {
    return send(res, 401, { code: "authFailure", message: "a bearer token is required" });
  }
  const violations = [
    ...v.params(route, "path", params),
    ...v.params(route, "query", queryObject(url.searchParams)),
    ...(await v.body(route, req.headers["content-type"], body)),
  ];
  if (violations.length) {
    res.setHeader(VIOLATIONS_HEADER, JSON.stringify(violations));
    return send(res, 422, { code: "invalidValue", message: violations.map((x) => x.message).join("; ") });
  }
  const code = responseCode(route.op, String(req.headers.prefer ?? ""));
  const media = deref(doc, route.op.responses[code])?.content?.["application/json"];
  if (!media) return send(res, Number(code), undefined);
  send(res, Number(code), media.example !== undefined ? media.example : sample(doc, media.schema));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function routeTable(doc: Doc): Route[] {
  const routes = [...operations(doc)].map(({ path, method, op }) => {
    const names: string[] = [];
    const source = path
      .split("/")
      .map((segment) => {
        const param = /^\{(.+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        names.push(param[1]!);
        return "([^/]+)";
      })
      .join("/");
    return { method, path, pattern: new RegExp(`^${source}/?$`), names, literals: path.split("/").length - names.length, op };
  });
  return routes.sort((a, b) => b.literals - a.literals); // `/banks/categories/{id}` before `/banks/{id}/sources`
}

function match(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
  const path = pathname.replace(/^\/2\.0(?=\/)/, "");
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}

function authorized(doc: Doc, op: Operation, header: string | undefined): boolean {
  const requirements = op.security ?? doc.security ?? [];
  if (!requirements.length) return true;
  const bearer = /^Bearer \S+/.test(header ?? "");
  return requirements.some((r) => Object.keys(r).length === 0 || (bearer && Object.keys(r).every((k) => k === "bearer")));
}

function responseCode(op: Operation, prefer: string | undefined): string {
  const codes = Object.keys(op.responses);
  const asked = /code=(\d{3})/.exec(prefer ?? "")?.[1];
  if (asked && codes.includes(asked)) return asked;
  return codes.filter((c) => /^2\d\d$/.test(c)).sort()[0] ?? "200";
}

function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length > 1 ? values : values[0]!;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Ajv validators of each operation's parameters and bodies, compiled on first use. */
class Validators {
  readonly #strict: InstanceType<typeof ajvModule.default>;
  readonly #coercing: InstanceType<typeof ajvModule.default>;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Doc) {
    const Ajv = ajvModule.default;
    this.#strict = configure(new Ajv({ strict: false, allErrors: true }), doc);
    this.#coercing = configure(new Ajv({ strict: false, allErrors: true, coerceTypes: true }), doc);
  }

  params(route: Route, where: "path" | "query", values: Record<string, unknown>): Violation[] {
    const key = `${route.method} ${route.path} ${where}`;
    let validate = this.#cache.get(key);
    if (!validate) {
      const declared = (route.op.parameters ?? []).map((p) => deref(this.doc, p)!).filter((p) => p.in === where);
      validate = this.#coercing.compile({
        type: "object",
        properties: Object.fromEntries(declared.map((p) => [p.name, rebase(p.schema ?? {})])),
        required: declared.filter((p) => p.required || where === "path").map((p) => p.name),
      });
      this.#cache.set(key, validate);
    }
    const data = { ...values };
    return validate(data) ? [] : violations(validate.errors, ["request", where]);
  }

  async body(route: Route, contentType: string | undefined, bytes: Buffer): Promise<Violation[]> {
    const declared = deref(this.doc, route.op.requestBody);
    if (!bytes.length) {
      return declared?.required ? [{ location: ["request", "body"], message: "a request body is required" }] : [];
    }
    if (!declared) return [];
    const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const schema = declared.content?.[media]?.schema;
    if (!schema) {
      return [{ location: ["request", "body"], message: `${media || "no content type"} is not one of ${Object.keys(declared.content ?? {}).join(", ")}` }];
    }
    let data: unknown;
    try {
      data = await parseBody(media, contentType!, bytes);
    } catch (error) {
      return [{ location: ["request", "body"], message: `unreadable ${media} body: ${(error as Error).message}` }];
    }
    const key = `${route.method} ${route.path} body ${media}`;
    let validate = this.#cache.get(key);
    if (!validate) {
      validate = (media === "application/json" ? this.#strict : this.#coercing).compile(rebase(schema));
      this.#cache.set(key, validate);
    }
    return validate(data) ? [] : violations(validate.errors, ["request", "body"]);
  }
}

/** One Ajv over the whole document (schemas reach each other by `$ref`), with OpenAPI's formats. */
function configure(ajv: InstanceType<typeof ajvModule.default>, doc: Doc) {
  formatsModule.default(ajv, ["date", "email", "uri"]);
  for (const format of ["float", "double", "int32", "int64", "byte", "binary", "password"]) ajv.addFormat(format, true);
  ajv.addSchema({ components: doc.components }, DOC_ID);
  return ajv;
}

/** A schema of the document, its local `$ref`s pointed at the document Ajv knows. */
function rebase(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`));
}

async function parseBody(media: string, contentType: string, bytes: Buffer): Promise<unknown> {
  if (media === "application/json") return JSON.parse(bytes.toString("utf8"));
  if (media === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(bytes.toString("utf8")));
  if (media === "multipart/form-data") {
    const form = await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData();
    const out: Record<string, unknown> = {};
    for (const [key, value] of form) out[key] = typeof value === "string" ? value : "<binary>";
    return out;
  }
  return bytes.toString("utf8");
}

function violations(errors: ErrorObject[] | null | undefined, location: string[]): Violation[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === "required" ? [String(e.params.missingProperty)] : [];
    const at = [...location, ...e.instancePath.split("/").filter(Boolean), ...missing];
    return { location: at, message: `${e.instancePath || "/"} ${e.message ?? e.keyword}` };
  });
}

/**
 * A value of the schema: enums their first value, formats their shape, objects their required properties
 * and, two levels deep, their optional ones; a `$ref` already being sampled is left out (never a cycle).
 */
export function sample(doc: Doc, schema: Schema | undefined, seen: string[] = [], depth = 0): unknown {
  if (!schema || depth > 12) return {};
  if (typeof schema.$ref === "string") {
    return sample(doc, deref(doc, schema), [...seen, schema.$ref], depth);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part: Schema) => sample(doc, part, seen, depth));
    const objects = parts.every((p: unknown) => p !== null && typeof p === "object" && !Array.isArray(p));
    if (!objects) return parts[0];
    const own = schema.properties ? sample(doc, { ...schema, allOf: undefined }, seen, depth) : {};
    return Object.assign({}, ...parts, own);
  }
  const branches: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return sample(doc, branches[0], seen, depth);
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum.find((e: unknown) => e !== null) ?? null;
  switch (schema.type ?? (schema.properties ? "object" : undefined)) {
    case "string":
      if (schema.format === "date") return "2020-01-31";
      if (schema.format === "date-time") return "2020-01-31T12:30:00Z";
      if (schema["x-budgea-datetime"]) return "2020-01-31 12:30:00";
      return "string".padEnd(schema.minLength ?? 0, "x");
    case "integer":
      return typeof schema.minimum === "number" ? Math.ceil(schema.minimum) : 1;
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1.5;
    case "boolean":
      return true;
    case "array": {
      const ref = schema.items?.$ref;
      if (ref && seen.includes(ref)) return [];
      return [sample(doc, schema.items, seen, depth + 1)];
    }
    case "object": {
      const required = new Set<string>(schema.required ?? []);
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries<Schema>(schema.properties ?? {})) {
        const cyclic = typeof prop.$ref === "string" && seen.includes(prop.$ref);
        const refInside = JSON.stringify(prop).match(/"\$ref":"([^"]+)"/)?.[1];
        const deepCycle = refInside !== undefined && seen.includes(refInside);
        if (!required.has(name) && (depth >= 2 || cyclic || deepCycle)) continue;
        out[name] = sample(doc, prop, seen, depth + 1);
      }
      return out;
    }
    default:
      return "value";
  }
}
