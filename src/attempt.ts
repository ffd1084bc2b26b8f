/**
 * One attempt of a call: the HTTP request built with openapi-fetch's own serialisers (path, query) and its
 * header order, sent under the call's deadline, and its answer read as openapi-fetch reads it: `{ data }` on
 * 2xx (as text unless the caller chose `parseAs`), `{ error }` (the body, as JSON when it parses) otherwise.
 *
 * Without middleware the URL and init go straight to `fetch(url, init)`: one Request per call (fetch's own).
 * With middleware (`budgea.api.use`), a Request is built for them and they run under openapi-fetch's
 * middleware contract.
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { encodeBody } from "./body.js";
import type { Call } from "./call.js";
import { InvalidOptionsError } from "./errors.js";
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

export async function attempt(call: Call, input: AttemptInput): Promise<AttemptResult> {
  const { state } = call;
  const baseUrl = input.baseUrl === undefined ? state.config.baseUrl : input.baseUrl.replace(/\/$/, "");
  const url = createFinalURL(input.path, {
    baseUrl,
    params: input.params ?? {},
    querySerializer: querySerializerOf(call, input.querySerializer) as never,
    pathSerializer: input.pathSerializer ?? defaultPathSerializer,
  });
  const body = input.body === undefined ? undefined : serialize(call, input.body, input.bodySerializer);
  const init: RequestInit & { duplex?: string } = {
    redirect: "follow",
    ...input.init,
    method: input.method,
    headers: requestHeaders(call, input, body),
    body: body as BodyInit | undefined,
  };
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) init.duplex = "half";
  if (!input.middleware.length) return read(await send(call, url, init, input.fetch), input.method, input.parseAs);
  return throughMiddleware(call, input, new Request(url, init), baseUrl);
}

/**
 * openapi-fetch's middleware contract, run as it runs it: `onRequest` in order (a Request replaces the
 * request, a Response answers without sending), then `onError` (on a failed fetch) and `onResponse` in
 * reverse order.
 */
async function throughMiddleware(call: Call, input: AttemptInput, first: Request, baseUrl: string) {
  const list = input.middleware;
  const options = Object.freeze({ baseUrl, parseAs: input.parseAs, fetch: input.fetch });
  const about = {
    schemaPath: input.path,
    params: input.params ?? {},
    options,
    id: Math.random().toString(36).slice(2, 11),
  };
  let request = first;
  let response: Response | undefined;
  for (const m of list) {
    const result = await m.onRequest?.({ ...about, request });
    if (result instanceof Request) request = result;
    else if (result instanceof Response) {
      response = result;
      break;
    } else if (result !== undefined) misbehaved("onRequest", "a Request, a Response or nothing");
  }
  if (!response) {
    try {
      response = await send(call, request, undefined, input.fetch);
    } catch (error) {
      let failure: unknown = error;
      for (let i = list.length - 1; i >= 0 && failure !== undefined; i--) {
        const result = await list[i]!.onError?.({ ...about, request, error: failure });
        if (result instanceof Response) {
          response = result;
          failure = undefined;
        } else if (result instanceof Error) failure = result;
        else if (result !== undefined) misbehaved("onError", "a Response, an Error or nothing");
      }
      if (failure !== undefined) throw failure;
    }
    for (let i = list.length - 1; i >= 0; i--) {
      const result = await list[i]!.onResponse?.({ ...about, request, response: response! });
      if (result instanceof Response) response = result;
      else if (result !== undefined) misbehaved("onResponse", "a Response or nothing");
    }
  }
  return read(response!, request.method, input.parseAs);
}

function misbehaved(hook: string, allowed: string): never {
  throw new InvalidOptionsError("middleware", `${hook} must return ${allowed}`);
}

/** The `fetch` of one attempt: the call's deadline as its signal, and a network failure typed. */
async function send(call: Call, input: Request | string, init: RequestInit | undefined, fetch: Fetch) {
  if (call.debug)
    call.log("debug", "budgea: request", { url: call.redact(typeof input === "string" ? input : input.url) });
  try {
    if (init) {
      init.signal = call.deadline.signal;
      return checked(await fetch(input, init));
    }
    return checked(await fetch(input, { signal: call.deadline.signal }));
  } catch (error) {
    throw error instanceof InvalidOptionsError ? error : call.sendFailure(error);
  }
}

/** A custom `fetch` must resolve a Response (anything with `status`, `headers.get` and `text()`). */
function checked(response: Response): Response {
  const r = response as Partial<Response> | null | undefined;
  if (typeof r?.status !== "number" || typeof r.headers?.get !== "function" || typeof r.text !== "function")
    throw new InvalidOptionsError("fetch", "must resolve a Response (it resolved something else)");
  return response;
}

/** Our body encoder (or the caller's own), its secrets and replayability kept on the call. */
function serialize(call: Call, body: unknown, own: AttemptInput["bodySerializer"]): unknown {
  const encoded = encodeBody(body, call.contentType);
  call.bodySecrets = encoded.secrets;
  call.sendsClientSecret =
    body instanceof URLSearchParams
      ? body.has("client_secret")
      : typeof body === "object" && body !== null && "client_secret" in body;
  call.replayable = encoded.replayable;
  return own ? own(body, new Headers(call.contentType ? { "content-type": call.contentType } : {})) : encoded.body;
}

/**
 * openapi-fetch's header order, as a plain record: JSON Content-Type when there is a body (not FormData), then
 * the client's (User-Agent, Authorization), then the caller's, then the operation's header parameters.
 */
function requestHeaders(call: Call, input: AttemptInput, body: unknown): Record<string, string> {
  const base = call.state.baseHeaders;
  const extra = input.params?.header as Record<string, unknown> | undefined;
  if (body === undefined && !input.headers && !extra) return base;
  const out: Record<string, string> =
    body === undefined || body instanceof FormData ? {} : { "content-type": "application/json" };
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
