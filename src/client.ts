/**
 * `new BudgeaClient(options)`: the workflow-free core — configuration checked once, `api` (every endpoint,
 * typed) and `withToken()`. It imports no workflow, so a page that needs only `auth` and the webview pays for
 * those (`new Auth(client)`, `new Webview(…)`); `Budgea` extends it with every workflow.
 */
import { createQuerySerializer } from "openapi-fetch";
import type { BudgeaApi } from "./api-types.js";
import { type ClientState, MiddlewareChain, type TokenState, callApi } from "./call.js";
import { InvalidOptionsError } from "./errors.js";
import type { Middleware } from "./middleware/types.js";
import { type BudgeaOptions, type ClientConfig, checkToken, resolveOptions } from "./options.js";
import { VERSION } from "./version.js";

/** What `withToken()` hands to the derived client's constructor. */
const DERIVED = Symbol("derived");
type Derived = { [DERIVED]: { parent: ClientState; token: TokenState; expiries: Map<string, Date> } };

/**
 * A Budgea API client without the workflows: `new BudgeaClient({ domain: "demo" })` (or `{ baseUrl }`), with
 * `token`, `clientId`, `clientSecret`, `fetch`, `timeoutMs`, `maxRetries`, `logger` and `userAgent`; options
 * are checked once, here (an InvalidOptionsError names the bad one). `Budgea` adds the workflows.
 */
export class BudgeaClient {
  /**
   * Every endpoint, typed from the spec (openapi-fetch's API: `GET`, `POST`, `PUT`, `DELETE`, `use`). A call
   * resolves `{ data, response }` and rejects with a BudgeaError; see README "budgea.api".
   */
  readonly api: BudgeaApi;
  readonly #state: ClientState;
  /** Expiry of the temporary tokens this family of clients obtained, so `withToken(token)` fails fast on them. */
  readonly #expiries: Map<string, Date>;

  constructor(options: BudgeaOptions) {
    if (options !== null && typeof options === "object" && DERIVED in options) {
      const { parent, token, expiries } = (options as unknown as Derived)[DERIVED];
      const middleware = new MiddlewareChain(parent.middleware);
      this.#state = clientState(parent.config, parent.userAgent, token, middleware, parent.querySerializer);
      this.#expiries = expiries;
    } else {
      const config = resolveOptions(options);
      const userAgent = `budgea-ts/${VERSION}${config.userAgent ? ` ${config.userAgent}` : ""}`;
      const token = options.token === undefined ? undefined : { value: options.token };
      this.#state = clientState(config, userAgent, token, new MiddlewareChain(), createQuerySerializer());
      this.#expiries = new Map();
    }
    this.api = apiOf(this.#state);
  }

  /**
   * A client with the same configuration and another bearer token (a user's, or a temporary code), sharing
   * everything else — fetch, options, the middleware added here (live) — cheap enough per incoming request.
   * `expiresAt` (temporary tokens) makes calls past it fail fast with TokenExpiredError.
   */
  withToken(token: string, options: { expiresAt?: Date } = {}): this {
    checkToken(token, "token");
    const expiresAt = options.expiresAt ?? this.#expiries.get(token);
    const derived: Derived = { [DERIVED]: { parent: this.#state, token: { value: token, expiresAt }, expiries: this.#expiries } };
    return new (this.constructor as new (options: Derived) => this)(derived);
  }

  /** The API's base URL, resolved from the `domain` or `baseUrl` option. */
  get baseUrl(): string {
    return this.#state.config.baseUrl;
  }

  /** @internal for the workflow modules: configuration, including the client credentials. */
  get config(): ClientConfig {
    return this.#state.config;
  }

  /** @internal the bearer token this client sends (the webview refuses it as a `code`). */
  get tokenValue(): string | undefined {
    return this.#state.token?.value;
  }

  /** @internal remembers a temporary token's expiry (pruning expired ones). */
  rememberExpiry(token: string, expiresAt: Date): void {
    const now = Date.now();
    for (const [t, at] of this.#expiries) if (at.getTime() <= now) this.#expiries.delete(t);
    this.#expiries.set(token, expiresAt);
  }
}

function clientState(
  config: ClientConfig,
  userAgent: string,
  token: TokenState | undefined,
  middleware: MiddlewareChain,
  querySerializer: unknown,
): ClientState {
  const baseHeaders: Record<string, string> = { "user-agent": userAgent };
  if (token) baseHeaders.authorization = `Bearer ${token.value}`;
  return { config, userAgent, token, baseHeaders, querySerializer, middleware };
}

function apiOf(state: ClientState): BudgeaApi {
  const call = (method: string) => (path: string, init?: object) => callApi(state, method, path, init as never);
  const api = {
    GET: call("GET"),
    POST: call("POST"),
    PUT: call("PUT"),
    DELETE: call("DELETE"),
    request: (method: string, path: string, init?: object) => callApi(state, method.toUpperCase(), path, init as never),
    use(...middleware: Middleware[]) {
      for (const m of middleware) {
        if (m === null || typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m))
          throw new InvalidOptionsError("middleware", "must be an object with onRequest, onResponse or onError");
        state.middleware.own.push(m);
      }
    },
    eject(...middleware: Middleware[]) {
      for (const m of middleware) {
        const i = state.middleware.own.indexOf(m);
        if (i !== -1) state.middleware.own.splice(i, 1);
      }
    },
  };
  return api as unknown as BudgeaApi;
}
