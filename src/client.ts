/**
 * `new Budgea(options)`: configuration checked once, the openapi-fetch client with budgea's transport and
 * middleware, and the workflows on top. `withToken()` makes a client for another user's token sharing
 * everything else (no re-validation, same fetch and connection pool): cheap enough per incoming request.
 */
import createClient from "openapi-fetch";
import { InvalidOptionsError } from "./errors.js";
import type { ListItems } from "../generated/endpoints.js";
import type { BudgeaApi } from "./api-types.js";
import { Auth } from "./auth.js";
import { Connections } from "./connections.js";
import { type ListPath, type PaginateArgs, type PaginateOptions, Paginator } from "./paginate.js";
import { Recipients, Transfers } from "./transfers.js";
import { Webhooks } from "./webhooks.js";
import { Webview } from "./webview.js";
import { serializeBody } from "./body.js";
import { authMiddleware, type TokenState } from "./middleware/auth.js";
import { errorsMiddleware } from "./middleware/errors.js";
import { loggingMiddleware } from "./middleware/logging.js";
import type { Middleware } from "./middleware/types.js";
import { secretsMiddleware } from "./middleware/secrets.js";
import { userAgentMiddleware } from "./middleware/user-agent.js";
import { type BudgeaOptions, type ClientConfig, resolveOptions } from "./options.js";
import { type Fetch, createTransport } from "./transport.js";
import { VERSION } from "./version.js";

/** What every client made from one `new Budgea()` shares. */
interface Shared {
  config: ClientConfig;
  transport: Fetch;
  middleware: Middleware[];
  /** Expiry of the temporary tokens this client obtained, so `withToken(token)` can fail fast on them. */
  expiries: Map<string, Date>;
}

const SHARED = Symbol("shared");

/**
 * A Budgea API client: `new Budgea({ domain: "demo" })` (or `{ baseUrl }`), with `token`, `clientId`,
 * `clientSecret`, `fetch`, `timeoutMs`, `maxRetries`, `logger` and `userAgent`; options are checked once, here.
 * `withToken()` derives a client for another user's token that shares everything else.
 */
export class Budgea {
  /** The openapi-fetch client, typed by the spec. Failures reject with a BudgeaError. */
  readonly api: BudgeaApi;
  readonly #shared: Shared;
  readonly #token: TokenState | undefined;

  constructor(options: BudgeaOptions);
  /** @internal */
  constructor(options: { [SHARED]: Shared; token: TokenState | undefined });
  constructor(options: BudgeaOptions | { [SHARED]: Shared; token: TokenState | undefined }) {
    if (SHARED in options) {
      this.#shared = options[SHARED];
      this.#token = options.token;
    } else {
      this.#shared = share(resolveOptions(options));
      this.#token = options.token === undefined ? undefined : { value: options.token };
    }
    const { config, transport, middleware } = this.#shared;
    const client = createClient({ baseUrl: config.baseUrl, fetch: transport, bodySerializer: serializeBody });
    this.api = client as unknown as BudgeaApi;
    this.api.use(...middleware.slice(0, 2), authMiddleware(this.#token), ...middleware.slice(2));
  }

  /** A client with the same configuration and another bearer token (a user's, or a temporary code). */
  withToken(token: string, options: { expiresAt?: Date } = {}): Budgea {
    if (typeof token !== "string" || !token)
      throw new InvalidOptionsError("token", "of withToken() must be a non-empty string");
    const expiresAt = options.expiresAt ?? this.#shared.expiries.get(token);
    return new Budgea({ [SHARED]: this.#shared, token: { value: token, expiresAt } });
  }

  /** Token lifecycle: init → code → exchange (→ renew, revoke). */
  get auth(): Auth {
    return new Auth(this);
  }

  /** Bank connections and their 2FA/SCA steps. */
  get connections(): Connections {
    return new Connections(this);
  }

  /** Transfers: create → validate → pending → done. Never retried automatically. */
  get transfers(): Transfers {
    return new Transfers(this);
  }

  /** Transfer recipients: create → answer the SMS field → enabled. */
  get recipients(): Recipients {
    return new Recipients(this);
  }

  /** Webview URLs (connect, reconnect, manage, transfer) and their callbacks. */
  get webview(): Webview {
    const { baseUrl, clientId } = this.#shared.config;
    return new Webview({ baseUrl, clientId, token: this.#token?.value });
  }

  /** Verifying the callbacks the API posts after a sync (bearer token or BI-Signature). */
  get webhooks(): Webhooks {
    return new Webhooks();
  }

  /**
   * Every item of a list GET, typed from the spec, one page at a time (offset/limit or cursor lists):
   * `for await (const tx of user.paginate(path, { params }))`, or `.pages()`.
   */
  paginate<P extends ListPath>(path: P, ...args: PaginateArgs<P>): Paginator<ListItems[P]> {
    const [init, options] = args as unknown as [object | undefined, PaginateOptions | undefined];
    return new Paginator<ListItems[P]>(this.api, this.#shared.config.baseUrl, path, init, options);
  }

  /** The API's base URL, resolved from the `domain` or `baseUrl` option. */
  get baseUrl(): string {
    return this.#shared.config.baseUrl;
  }

  /** @internal for the workflow modules: configuration, including the client credentials. */
  get config(): ClientConfig {
    return this.#shared.config;
  }

  /** @internal remembers a temporary token's expiry (pruning expired ones). */
  rememberExpiry(token: string, expiresAt: Date): void {
    const now = Date.now();
    for (const [t, at] of this.#shared.expiries) if (at.getTime() <= now) this.#shared.expiries.delete(t);
    this.#shared.expiries.set(token, expiresAt);
  }
}

function share(config: ClientConfig): Shared {
  const userAgent = `budgea-ts/${VERSION}${config.userAgent ? ` ${config.userAgent}` : ""}`;
  const middleware: Middleware[] = [secretsMiddleware(), userAgentMiddleware(userAgent), errorsMiddleware()];
  if (config.logger) middleware.push(loggingMiddleware(config.logger));
  return {
    config,
    transport: createTransport({
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      retry: config.retry,
      logger: config.logger,
    }),
    middleware,
    expiries: new Map(),
  };
}
