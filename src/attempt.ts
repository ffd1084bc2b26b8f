/**
 * One attempt of a call: the HTTP request built, sent under the call's deadline, and its answer read. Two
 * ways, one result:
 *
 * - no middleware (the common case): the URL and headers are built with openapi-fetch's own serialisers and
 *   handed straight to `fetch(url, init)` — one Request per call (fetch's), where going through openapi-fetch
 *   builds two;
 * - with middleware (`budgea.api.use`): through openapi-fetch, which builds the Request the middleware see,
 *   with our `send` as its fetch.
 *
 * Either way the answer comes back as openapi-fetch shapes it: `{ data }` on 2xx (read as text unless the
 * caller chose `parseAs`), `{ error }` (the body, as JSON when it parses) otherwise.
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { encodeBody } from "./body.js";
import { type Call, rawClientOf } from "./call.js";
import type { Middleware } from "./middleware/types.js";
import type { Fetch } from "./options.js";

/** What openapi-fetch (or our direct path) answers for one attempt. */
export interface AttemptResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The caller's request, as both paths take it. */
export interface AttemptInput {
  method: string;
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: object } | undefined;
  body: unknown;
  /** The caller's headers, normalised (lower-case names; `null` removes one of the client's). */
  headers: Record<string, string | string[] | null> | undefined;
  /** `text` (we read JSON ourselves) or the caller's own `parseAs`. */
  parseAs: string;
  fetch: Fetch;
  middleware: Middleware[];
  bodySerializer: ((body: unknown, headers?: Headers) => unknown) | undefined;
  querySerializer: unknown;
  pathSerializer: ((path: string, params: Record<string, unknown>) => string) | undefined;
  baseUrl: string | undefined;
  /** Other RequestInit members the caller gave (credentials, cache, keepalive, …). */
  init: Record<string, unknown>;
}

export function attempt(call: Call, input: AttemptInput): Promise<AttemptResult> {
  return input.middleware.length ? throughOpenapiFetch(call, input) : direct(call, input);
}

async function direct(call: Call, input: AttemptInput): Promise<AttemptResult> {
  const { state } = call;
  const url = createFinalURL(input.path, {
    baseUrl: input.baseUrl === undefined ? state.config.baseUrl : input.baseUrl.replace(/\/$/, ""),
    params: input.params ?? {},
    querySerializer: querySerializerOf(call, input.querySerializer) as never,
    pathSerializer: input.pathSerializer ?? defaultPathSerializer,
  });
  const body = input.body === undefined ? undefined : serialize(call, input.body, undefined, input.bodySerializer);
  const init: RequestInit & { duplex?: string } = {
    redirect: "follow",
    ...input.init,
    method: input.method,
    headers: directHeaders(call, input, body),
    body: body as BodyInit | undefined,
  };
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) init.duplex = "half";
  return read(await send(call, url, init, input.fetch), input.method, input.parseAs);
}

function throughOpenapiFetch(call: Call, input: AttemptInput): Promise<AttemptResult> {
  return rawClientOf(call.state).request(input.method, input.path, {
    ...input.init,
    params: input.params,
    body: input.body,
    headers: input.headers,
    parseAs: input.parseAs,
    baseUrl: input.baseUrl,
    querySerializer: input.querySerializer,
    pathSerializer: input.pathSerializer,
    middleware: input.middleware,
    fetch: (request: Request) => send(call, request, undefined, input.fetch),
    bodySerializer: (body: unknown, merged?: Headers) => serialize(call, body, merged, input.bodySerializer),
  });
}

/** The `fetch` of one attempt: the call's deadline as its signal, and a network failure typed. */
async function send(call: Call, input: Request | string, init: RequestInit | undefined, fetch: Fetch) {
  if (call.debug) call.log("debug", "budgea: request", { url: call.redact(typeof input === "string" ? input : input.url) });
  try {
    if (init) {
      init.signal = call.deadline.signal;
      return await fetch(input, init);
    }
    return await fetch(input, { signal: call.deadline.signal });
  } catch (error) {
    throw call.sendFailure(error);
  }
}

/** Our body encoder (or the caller's own), its secrets and replayability kept on the call. */
function serialize(
  call: Call,
  body: unknown,
  merged: Headers | undefined,
  own: AttemptInput["bodySerializer"],
): unknown {
  const encoded = encodeBody(body, call.contentType ?? merged?.get("content-type"));
  call.bodySecrets = encoded.secrets;
  call.replayable = encoded.replayable;
  return own ? own(body, merged) : encoded.body;
}

/**
 * openapi-fetch's header order, as a plain record: JSON Content-Type when there is a body (not FormData), then
 * the client's (User-Agent, Authorization), then the caller's, then the operation's header parameters.
 */
function directHeaders(call: Call, input: AttemptInput, body: unknown): Record<string, string> {
  const base = call.state.baseHeaders;
  const extra = input.params?.header as Record<string, unknown> | undefined;
  if (body === undefined && !input.headers && !extra) return base;
  const out: Record<string, string> = body === undefined || body instanceof FormData ? {} : { "content-type": "application/json" };
  Object.assign(out, base);
  for (const source of [input.headers, extra]) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      const key = name.toLowerCase();
      if (value === null) delete out[key];
      else if (value !== undefined) out[key] = Array.isArray(value) ? value.join(", ") : String(value);
    }
  }
  return out;
}

function querySerializerOf(call: Call, own: unknown): unknown {
  if (own === undefined) return call.state.querySerializer;
  return typeof own === "function" ? own : createQuerySerializer(own as never);
}

/** openapi-fetch's reading of an answer: no body for 204, HEAD or Content-Length 0; 2xx as `parseAs`. */
async function read(response: Response, method: string, parseAs: string): Promise<AttemptResult> {
  const length = response.headers.get("content-length");
  if (
    response.status === 204 ||
    method === "HEAD" ||
    (length === "0" && !response.headers.get("transfer-encoding")?.includes("chunked"))
  )
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  if (response.ok) {
    if (parseAs === "stream") return { data: response.body, response };
    if (parseAs === "json") {
      const text = await response.text();
      return { data: text ? JSON.parse(text) : undefined, response };
    }
    return { data: await (response as unknown as Record<string, () => Promise<unknown>>)[parseAs]!(), response };
  }
  const text = await response.text();
  try {
    return { error: JSON.parse(text), response };
  } catch {
    return { error: text, response };
  }
}
