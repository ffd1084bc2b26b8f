/** The options of `new Budgea()`, checked once at construction: a bad option fails here, named. */
import { InvalidOptionsError } from "./errors.js";
import type { Logger } from "./logger.js";
import { type RetryPolicy, defaultRetryPolicy } from "./retry.js";

/**
 * Any WHATWG fetch, as `new Budgea({ fetch })` takes it. It is called with the URL and an init carrying the
 * call's `signal` (its deadline), or — when middleware are registered — with the Request they saw and
 * `{ signal }`.
 */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The options of `new Budgea()`: where the API is (`domain` or `baseUrl`), who calls it, and how. */
export interface BudgeaOptions {
  /** Your API domain: `demo` → `https://demo.biapi.pro/2.0`. Give this or `baseUrl`. */
  domain?: string;
  /** The API base URL, e.g. a sandbox's `http://127.0.0.1:4010/2.0`. */
  baseUrl?: string;
  /** A user's token (temporary or permanent), or your manage token. */
  token?: string;
  /** Your client application's id (webview URLs, token exchange, `/auth/init`). */
  clientId?: string | number;
  /** Your client secret: server side only (token exchange, renew, permanent tokens). */
  clientSecret?: string;
  /** Any WHATWG fetch (default: the global one). */
  fetch?: Fetch;
  /** Per call, retries and body read included. Default 60 000. */
  timeoutMs?: number;
  /** Retries of idempotent requests on network errors, 429, 502, 503, 504. Default 2. */
  maxRetries?: number;
  /** pino-compatible: `debug`, `info`, `warn`, `error`. Default: silent. */
  logger?: Logger;
  /** Appended to `budgea-ts/<version>` in the User-Agent. */
  userAgent?: string;
}

export interface ClientConfig {
  baseUrl: string;
  /** The base URL's host, named in error messages. */
  host: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  fetch: Fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger | undefined;
  userAgent: string | undefined;
}

const KNOWN = new Set([
  "domain",
  "baseUrl",
  "token",
  "clientId",
  "clientSecret",
  "fetch",
  "timeoutMs",
  "maxRetries",
  "logger",
  "userAgent",
]);

export function resolveOptions(options: BudgeaOptions): ClientConfig {
  if (options === null || typeof options !== "object") throw new InvalidOptionsError("options", "must be an object");
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new InvalidOptionsError(key, `is not an option (known: ${[...KNOWN].join(", ")})`);
  }
  const { clientId, clientSecret, token, timeoutMs = 60_000, maxRetries = defaultRetryPolicy.maxRetries } = options;
  if (token !== undefined) checkToken(token, "token");
  if (clientId !== undefined && !(typeof clientId === "number" || (typeof clientId === "string" && clientId)))
    fail("clientId", "must be a string or a number");
  if (clientSecret !== undefined && (typeof clientSecret !== "string" || !clientSecret))
    fail("clientSecret", "must be a non-empty string");
  if (clientSecret !== undefined && clientId === undefined) fail("clientSecret", "needs `clientId` too");
  checkTimeout(timeoutMs);
  checkRetries(maxRetries);
  const fetch =
    options.fetch ?? (typeof globalThis.fetch === "function" ? globalThis.fetch.bind(globalThis) : undefined);
  if (typeof fetch !== "function") fail("fetch", "must be a fetch function (none is global here)");
  if (options.logger !== undefined && (options.logger === null || typeof options.logger !== "object"))
    fail("logger", "must be an object with debug/info/warn/error methods");
  if (options.userAgent !== undefined && (typeof options.userAgent !== "string" || /[\r\n]/.test(options.userAgent)))
    fail("userAgent", "must be a single-line string");
  const baseUrl = baseUrlOf(options);
  return {
    baseUrl,
    host: new URL(baseUrl).host,
    clientId: clientId === undefined ? undefined : String(clientId),
    clientSecret,
    fetch: fetch as Fetch,
    timeoutMs,
    retry: { ...defaultRetryPolicy, maxRetries },
    logger: options.logger,
    userAgent: options.userAgent,
  };
}

function baseUrlOf({ domain, baseUrl }: BudgeaOptions): string {
  if (domain !== undefined && baseUrl !== undefined) fail("baseUrl", "and `domain` are exclusive: give one");
  if (domain !== undefined) {
    if (typeof domain !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(domain))
      fail(
        "domain",
        `must be your API domain name, e.g. "demo" for https://demo.biapi.pro/2.0 (got ${JSON.stringify(domain)})`,
      );
    return `https://${domain}.biapi.pro/2.0`;
  }
  if (baseUrl === undefined) fail("domain", 'is required (or `baseUrl`): e.g. { domain: "demo" }');
  let url: URL | undefined;
  try {
    url = new URL(String(baseUrl));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    fail("baseUrl", `must be an http(s) URL (got ${JSON.stringify(baseUrl)})`);
  if (url.search || url.hash) fail("baseUrl", "must not carry a query string or fragment");
  return url.href.replace(/\/+$/, "");
}

/**
 * A bearer token as it enters the client (`token`, `withToken()`, a call's `token`): a mistake here would
 * otherwise surface later as a platform TypeError quoting the whole header. Problems are named, never the value.
 */
export function checkToken(token: unknown, option: string): asserts token is string {
  if (typeof token !== "string" || !token) fail(option, "must be a non-empty string");
  if (/^bearer(\s|$)/i.test(token))
    fail(option, "starts with `Bearer `: pass the token alone (the client adds the scheme)");
  if (/[\u0000-\u001f\u007f]/.test(token))
    fail(option, "holds a control character (a line break from a file or a paste?)");
  if (/\s/.test(token)) fail(option, "holds a space: a token is one word");
  if (/[^\x21-\x7e]/.test(token)) fail(option, "holds a character an HTTP header cannot carry (outside visible ASCII)");
}

/** `timeoutMs`, of the client or of one call: a positive number of milliseconds a timer can hold. */
export function checkTimeout(timeoutMs: unknown): void {
  checkMs("timeoutMs", timeoutMs);
}

/** A positive number of milliseconds a timer can hold. */
function checkMs(option: string, ms: unknown): void {
  if (typeof ms !== "number" || !(ms > 0 && ms < 2 ** 31))
    fail(option, `must be a positive number of milliseconds (got ${shown(ms)})`);
}

/**
 * The options of a workflow's wait (`connect`, `wait`, `waitFor`): the whole `timeoutMs` and the first
 * `intervalMs`, positive numbers of milliseconds when given, and its callbacks functions when given.
 */
export function checkWait(options: object, callbacks: readonly string[] = []): void {
  const { timeoutMs, intervalMs } = options as { timeoutMs?: unknown; intervalMs?: unknown };
  if (timeoutMs !== undefined) checkMs("timeoutMs", timeoutMs);
  if (intervalMs !== undefined) checkMs("intervalMs", intervalMs);
  for (const name of callbacks) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== "function") fail(name, `must be a function (got ${typeof value})`);
  }
}

/**
 * A method's object argument (its options, or the field values it sends), checked before anything is sent: an
 * object, or (where nothing in it is required) `undefined`/`null` for none, then `{}`. A JavaScript caller's
 * slip becomes a named InvalidOptionsError, not a platform TypeError. `name` names the argument in the error,
 * e.g. `transfers.create(options)`.
 */
export function objectArg<T extends object>(value: T | null | undefined, name: string, required = false): T {
  if (value === undefined || value === null) {
    if (required) fail(name, "is required (an object)");
    return {} as T;
  }
  if (typeof value !== "object" || Array.isArray(value))
    fail(name, `must be an object (got ${Array.isArray(value) ? "an array" : typeof value})`);
  return value;
}

/** `maxRetries`, of the client or of one call. */
export function checkRetries(maxRetries: unknown): void {
  if (!Number.isInteger(maxRetries) || (maxRetries as number) < 0 || (maxRetries as number) > 10)
    fail("maxRetries", `must be an integer from 0 to 10 (got ${shown(maxRetries)})`);
}

/** A number-like option's wrong value as an error shows it: a string quoted (`"500"`, not `500`). */
export function shown(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function fail(option: string, problem: string): never {
  throw new InvalidOptionsError(option, problem);
}
