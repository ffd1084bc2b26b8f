/**
 * One call of `budgea.api`, start to end, in one place, with one explicit context per call (`Call`) passed to
 * each stage — never state attached to a Request, a module variable or a map keyed by object identity, so a
 * middleware that returns `new Request(request)` loses nothing:
 *
 *   options checked → token (expiry) → deadline (one controller, one timer) → attempt (attempt.ts: body
 *   encoded, request sent, answer read) → classified (2xx JSON read, or the typed APIError) → retry decision
 *
 * Retries re-run the whole attempt (the body is encoded again; middleware see each attempt), only for
 * idempotent requests, only on network errors, 429, 502, 503 and 504, within the call's deadline.
 */
import { isListPath, listKeyOf } from "../generated/list-keys.js";
import { noJsonSuccess } from "../generated/responses.js";
import { type AttemptInput, attempt } from "./attempt.js";
import {
  BudgeaError,
  ConnectionError,
  InvalidOptionsError,
  InvalidResponseError,
  type RequestInfo,
  type ResponseInfo,
  TimeoutError,
  TokenExpiredError,
  createAPIError,
} from "./errors.js";
import { mediaType } from "./body.js";
import type { Middleware } from "./middleware/types.js";
import { type ClientConfig, type Fetch, checkRetries, checkTimeout, checkToken, objectArg } from "./options.js";
import { querySecrets, redactUrl, safeHeaders, scrub, scrubForeignError } from "./redact.js";
import { type RetryPolicy, retryDelay } from "./retry.js";
import { Deadline, sleep } from "./timeout.js";

/** A bearer token and, for temporary ones (30 min), when it stops working. */
export interface TokenState {
  value: string;
  /** Known for temporary tokens: past it, calls fail fast instead of reaching the API. */
  expiresAt?: Date | undefined;
}

/** The middleware a client runs: those of the client it was derived from (live), then its own. */
export class MiddlewareChain {
  readonly own: Middleware[] = [];
  constructor(readonly parent?: MiddlewareChain) {}

  list(): Middleware[] {
    const inherited = this.parent?.list();
    return inherited?.length ? (this.own.length ? [...inherited, ...this.own] : inherited) : this.own;
  }
}

/** One client's side of every call: configuration, token, headers, middleware. */
export interface ClientState {
  config: ClientConfig;
  /** `budgea-ts/<version> <userAgent>`. */
  userAgent: string;
  token: TokenState | undefined;
  /** User-Agent and Authorization, as sent on every call of this client (never mutated). */
  baseHeaders: Record<string, string>;
  querySerializer: unknown;
  middleware: MiddlewareChain;
}

/** The options `budgea.api` takes beside openapi-fetch's own. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
  token?: string | null;
  signal?: AbortSignal | null;
  parseAs?: string;
  headers?: HeadersInit | Record<string, string | number | boolean | string[] | undefined | null>;
  fetch?: Fetch;
  bodySerializer?: (body: unknown, headers?: Headers) => unknown;
  querySerializer?: unknown;
  pathSerializer?: (path: string, params: Record<string, unknown>) => string;
  middleware?: Middleware[];
  params?: AttemptInput["params"];
  body?: unknown;
  baseUrl?: string;
  [key: string]: unknown;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const NO_BODY_EXPECTED = new Set(["DELETE", "HEAD"]);
const MAX_MESSAGE = 500;

/** The context of one call: what each stage needs, passed explicitly. */
export class Call {
  readonly request: RequestInfo;
  readonly state: ClientState;
  /** The token this call sends (the client's, or the call's own `token`). */
  readonly token: TokenState | undefined;
  readonly deadline: Deadline;
  /** Strings the body carried (credentials, codes): scrubbed from any error text. */
  bodySecrets: string[] = [];
  /** A token the caller put in its own Authorization header. */
  readonly headerSecrets: string[] = [];
  /** The values of secret query parameters (`code`, `token`, …). */
  querySecrets: string[] = [];
  /** The body authenticates the app itself (`client_secret`): a 401 is then about those credentials. */
  sendsClientSecret = false;
  /** The body can be sent again (not a stream). */
  replayable = true;
  /** The Content-Type the caller asked for (multipart is taken off the headers: fetch writes its boundary). */
  contentType: string | undefined;
  readonly debug: boolean;
  readonly #started = performance.now();

  constructor(state: ClientState, request: RequestInfo, token: TokenState | undefined, deadline: Deadline) {
    this.state = state;
    this.request = request;
    this.token = token;
    this.deadline = deadline;
    const logger = state.config.logger;
    this.debug = Boolean(logger?.debug) && (logger!.isLevelEnabled?.("debug") ?? true);
  }

  /** One log line: method, path template, the fields, elapsed ms; never headers or bodies. */
  log(level: "debug" | "warn", message: string, fields: Record<string, unknown>): void {
    const { method, path } = this.request;
    const ms = Math.round(performance.now() - this.#started);
    this.state.config.logger?.[level]?.({ method, path, ...fields, ms }, message);
  }

  redact(url: string): string {
    return scrub(redactUrl(url), this.secrets());
  }

  /** What a failed `fetch` becomes: the deadline's TimeoutError/AbortError, or a ConnectionError. */
  sendFailure(error: unknown): BudgeaError {
    if (this.deadline.signal.aborted) return this.deadline.reason(this.request);
    return this.networkError(error);
  }

  networkError(error: unknown): ConnectionError {
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const what = String(cause?.code ?? cause?.message ?? (error as Error)?.message ?? error);
    const hint = /ENOTFOUND|EAI_AGAIN/.test(what) ? ": check `domain` / `baseUrl` and your DNS" : "";
    return new ConnectionError(`network error (${scrub(what, this.secrets())})${hint}`, {
      cause: scrubForeignError(error, this.secrets()),
      request: this.request,
    });
  }

  /** Every secret this call could echo: its body's strings, its tokens, and the client's own credentials. */
  secrets(): string[] {
    const { token, config } = this.state;
    return [
      ...this.bodySecrets,
      ...this.headerSecrets,
      ...this.querySecrets,
      this.token?.value,
      token?.value,
      config.clientSecret,
    ].filter((s): s is string => typeof s === "string");
  }
}

/** `budgea.api.<METHOD>(path, init)`: `{ data, response }` on success; a typed BudgeaError otherwise. */
export async function callApi(
  state: ClientState,
  method: string,
  path: string,
  init: CallOptions | undefined,
): Promise<{ data: unknown; response: Response }> {
  const { config } = state;
  // the argument's name is built only for its error: this line runs on every call
  const options =
    typeof init === "object" && init !== null && !Array.isArray(init)
      ? init
      : objectArg(init, `api.${method}(path, init)`);
  const request: RequestInfo = { method, path, host: config.host };
  const { token, timeoutMs, maxRetries } = options;
  const auth = token === undefined ? state.token : callToken(token);
  if (auth?.expiresAt && Date.now() >= auth.expiresAt.getTime()) throw expired(auth.expiresAt, request);
  if (timeoutMs !== undefined) checkTimeout(timeoutMs);
  if (maxRetries !== undefined) checkRetries(maxRetries);
  checkPathParams(path, options.params?.path);
  if (options.params?.query) checkQuery(options.params.query);
  const call = new Call(state, request, auth, new Deadline(timeoutMs ?? config.timeoutMs, options.signal));
  if (options.params?.query) call.querySecrets = querySecrets(options.params.query);
  const ownParse = options.parseAs === undefined || options.parseAs === "json";
  let input: AttemptInput;
  try {
    input = attemptInput(call, method, path, options, ownParse ? "text" : options.parseAs!);
  } catch (error) {
    call.deadline.clear(); // a header refused before sending: its timer and the caller's signal let go
    throw error;
  }
  const policy = maxRetries === undefined ? config.retry : { ...config.retry, maxRetries };
  let streamed = false; // the caller reads the body after the call: its signal must still reach the fetch
  try {
    for (let retries = 0; ; retries++) {
      let failure: BudgeaError;
      try {
        const { data, error, response } = await attempt(call, input);
        if (response.ok) {
          if (call.debug) call.log("debug", "budgea: response", { status: response.status });
          streamed = options.parseAs === "stream";
          return { data: ownParse ? readJson(call, data, response) : data, response };
        }
        failure = apiError(call, error, response);
      } catch (error) {
        failure = classify(call, error);
      }
      const wait = retryWait(call, retries, failure, policy);
      if (wait === undefined) throw failure;
      if (config.logger?.warn)
        call.log("warn", "budgea: retrying", { after: describe(failure), retry: retries + 1, waitMs: wait });
      await sleep(wait, call.deadline.signal).catch(() => {
        throw call.deadline.reason(request);
      });
    }
  } catch (error) {
    const answered = typeof (error as { status?: unknown })?.status === "number"; // logged as an error response
    if (config.logger?.warn && !answered) call.log("warn", "budgea: request failed", { error: describe(error) });
    throw error;
  } finally {
    call.deadline.clear(streamed);
  }
}

function attemptInput(call: Call, method: string, path: string, options: CallOptions, parseAs: string): AttemptInput {
  const {
    timeoutMs: _t,
    maxRetries: _m,
    token,
    signal: _s,
    parseAs: _p,
    headers,
    fetch,
    bodySerializer,
    querySerializer,
    pathSerializer,
    middleware,
    params,
    body,
    baseUrl,
    ...init
  } = options;
  const chain = call.state.middleware.list();
  return {
    method,
    path,
    params,
    body,
    headers: callHeaders(call, headers, token),
    parseAs,
    fetch: fetch ?? call.state.config.fetch,
    middleware: middleware?.length ? [...chain, ...middleware] : chain,
    bodySerializer,
    querySerializer,
    pathSerializer,
    baseUrl,
    init,
  };
}

/** A call's own `token` (`null`: none), checked like the client's. */
function callToken(token: string | null): TokenState | undefined {
  if (token === null) return undefined;
  checkToken(token, "token");
  return { value: token };
}

function expired(expiresAt: Date, request: RequestInfo): TokenExpiredError {
  return new TokenExpiredError({
    ...request,
    status: 401,
    code: "tokenExpired",
    message: `the temporary token expired at ${expiresAt.toISOString()} (nothing was sent)`,
    hint: "get a new one (auth.init or auth.code)",
    headers: {},
    expiredAt: expiresAt,
  });
}

/**
 * The caller's headers, normalised: lower-case names, the call's own token (`null` removes the client's),
 * no explicit multipart Content-Type (fetch writes its boundary). A caller's own Authorization wins, and its
 * token is scrubbed from errors like ours.
 */
function callHeaders(
  call: Call,
  headers: CallOptions["headers"],
  token: string | null | undefined,
): Record<string, string | string[] | null> | undefined {
  if (headers === undefined && token === undefined) return undefined;
  const out: Record<string, string | string[] | null> = {};
  if (headers)
    for (const [name, value] of headerEntries(headers)) {
      if (value === undefined) continue;
      out[name.toLowerCase()] =
        value === null
          ? null
          : Array.isArray(value)
            ? value.map((v) => checkHeader(name, v))
            : checkHeader(name, value);
    }
  const type = out["content-type"];
  if (typeof type === "string") {
    call.contentType = type;
    if (mediaType(type) === "multipart/form-data") delete out["content-type"];
  }
  const own = out.authorization;
  if (typeof own === "string") call.headerSecrets.push(own.replace(/^bearer\s+/i, ""));
  if (token !== undefined && !("authorization" in out))
    out.authorization = call.token ? `Bearer ${call.token.value}` : null;
  return out;
}

function headerEntries(headers: NonNullable<CallOptions["headers"]>): Iterable<[string, unknown]> {
  if (headers instanceof Headers) {
    const entries: [string, string][] = [];
    headers.forEach((value, name) => entries.push([name, value]));
    return entries;
  }
  if (Array.isArray(headers)) return headers as [string, string][];
  return Object.entries(headers);
}

/** A header value a fetch would refuse (a line break…) fails here, named, before its value reaches an error. */
function checkHeader(name: string, value: unknown): string {
  const text = String(value);
  if (/[\r\n\0]/.test(text)) invalid("headers", `\`${name}\` holds a line break or NUL: a header value is one line`);
  return text;
}

/** `{id_user}` with no value would be sent as a literal `%7Bid_user%7D`: refuse it, named. */
function checkPathParams(path: string, values: Record<string, unknown> | undefined): void {
  if (!path.includes("{")) return;
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const value = values?.[name!];
    if (value === undefined || value === null || value === "")
      invalid("params.path", `\`${name}\` is required by ${path}`);
    // fetch resolves dot segments: `/users/../accounts` would be sent as `/accounts`, another endpoint
    if (value === "." || value === "..") invalid("params.path", `\`${name}\` cannot be \`${value}\` (a path segment)`);
  }
}

/** A Date (or a Map…) in the query would be sent as nothing at all: openapi-fetch writes only its own keys. */
function checkQuery(query: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(query)) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) continue;
    invalid(
      `params.query.${name}`,
      value instanceof Date
        ? "is a Date, which a query cannot carry: pass formatBudgeaDate(date) (a day) or formatBudgeaDateTime(date)"
        : "is an object a query cannot carry: pass its text",
    );
  }
}

function invalid(option: string, problem: string): never {
  throw new InvalidOptionsError(option, problem);
}

/**
 * A 2xx body read as JSON; no body is fine only where none is promised (DELETE, HEAD, and the operations whose
 * success the spec gives no JSON body: those hand back their text, if any).
 */
function readJson(call: Call, text: unknown, response: Response): unknown {
  const { method, path } = call.request;
  if (noJsonSuccess.has(`${method} ${path}`)) return typeof text === "string" && text ? text : undefined;
  if (typeof text !== "string" || !text.trim()) {
    if (NO_BODY_EXPECTED.has(method)) return undefined;
    throw new InvalidResponseError(
      response.status === 204 ? "no body (204) where the spec promises JSON" : "empty body where JSON was expected",
      responseInfo(call, response),
      { reason: "empty" },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const type = response.headers.get("content-type") ?? "no content-type";
    throw new InvalidResponseError(`body is not JSON (${type}, ${text.length} chars)`, responseInfo(call, response), {
      reason: "notJson",
    });
  }
  if (method === "GET" && isListPath(path)) checkEnvelope(call, data, response);
  return data;
}

/** A list's envelope must hold its item array (`data.banks`…), or the caller's first loop would crash on it. */
function checkEnvelope(call: Call, data: unknown, response: Response): void {
  const key = listKeyOf(call.request.path);
  const items = data !== null && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(items)) {
    const got = Array.isArray(data) ? "an array" : data === null ? "null" : typeof data;
    const what =
      got === "object" ? `no \`${key}\` array in the list's envelope` : `${got} where a list's envelope was expected`;
    throw new InvalidResponseError(what, responseInfo(call, response), { reason: "shape" });
  }
}

/** A non-2xx answer as its typed APIError: the API's `code` and message (scrubbed), and what to do. */
function apiError(call: Call, body: unknown, response: Response): BudgeaError {
  const fields = (body !== null && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const text = typeof fields.message === "string" ? fields.message : fields.description;
  const message = typeof text === "string" ? scrub(text, call.secrets()).slice(0, MAX_MESSAGE) : undefined;
  const noToken = response.status === 401 && !call.token && !call.headerSecrets.length && !call.sendsClientSecret;
  const error = createAPIError({
    ...responseInfo(call, response),
    code: typeof fields.code === "string" ? scrub(fields.code, call.secrets()) : undefined,
    message,
    hint: noToken ? "no token was sent: give the client a `token`, or use withToken()" : undefined,
  });
  if (call.state.config.logger?.warn) call.log("warn", "budgea: error response", { status: response.status });
  return error;
}

/** Whatever an attempt threw, as the BudgeaError the call ends with; a foreign error is scrubbed and rethrown. */
function classify(call: Call, error: unknown): BudgeaError {
  if (error instanceof BudgeaError) return error;
  if (call.deadline.signal.aborted) return call.deadline.reason(call.request);
  if (isNetworkFailure(error)) return call.networkError(error);
  if (error instanceof SyntaxError) {
    // the caller's own `parseAs: "json"` on a body that is not JSON
    return new InvalidResponseError(
      "body is not JSON",
      { ...call.request, status: 200, headers: {} },
      { reason: "notJson" },
    );
  }
  throw scrubForeignError(error, call.secrets());
}

/** undici's failures while reading a body (`terminated`, a socket error) are network errors too. */
function isNetworkFailure(error: unknown): boolean {
  // by name: fetch's errors may come from another realm (a test VM, an iframe), where instanceof fails
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (name !== "TypeError") return false;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  if (code?.startsWith("ERR_INVALID")) return false; // a URL or argument the platform refused: not the network
  return message === "terminated" || message === "fetch failed" || code !== undefined;
}

/** How long to wait before the next attempt, or undefined to end the call with `failure`. */
function retryWait(call: Call, retries: number, failure: BudgeaError, policy: RetryPolicy): number | undefined {
  if (!call.replayable || !IDEMPOTENT.has(call.request.method)) return undefined;
  let wait: number | undefined;
  if (failure instanceof ConnectionError) {
    if (!(failure instanceof TimeoutError))
      wait = retryDelay(call.request.method, retries, { networkError: true }, policy);
  } else if (failure instanceof Object && "status" in failure && "headers" in failure) {
    const { status, headers } = failure as { status: number; headers: Record<string, string> };
    wait = retryDelay(call.request.method, retries, { status, retryAfter: headers["retry-after"] }, policy);
  }
  return wait !== undefined && wait < call.deadline.remainingMs ? wait : undefined;
}

/** The response, for an error: headers without credentials, and none of the call's secrets in any value. */
function responseInfo(call: Call, response: Response): ResponseInfo {
  const headers = safeHeaders(response.headers);
  const secrets = call.secrets();
  for (const [name, value] of Object.entries(headers)) headers[name] = scrub(value, secrets);
  return { ...call.request, status: response.status, headers };
}

/** `InternalServerError 503`, `ConnectionError`: what a log line says of a failure. */
function describe(error: unknown): string {
  const status = (error as { status?: unknown })?.status;
  return `${(error as Error)?.name}${typeof status === "number" ? ` ${status}` : ""}`;
}
