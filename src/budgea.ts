/**
 * `new Budgea(options)`: the core client (`BudgeaClient`) with every workflow on it — tokens, connections
 * with 2FA/SCA, pagination, transfers, webview, webhooks, incremental sync. Each getter builds its workflow on the narrowest
 * seam it needs (most only `api`), so the same classes work on a bare `BudgeaClient` too.
 */
import type { ListItems } from "../generated/endpoints.js";
import { Auth } from "./auth.js";
import { BudgeaClient } from "./client.js";
import { Connections } from "./connections.js";
import { type ListPath, type PaginateArgs, type PaginateOptions, Paginator } from "./paginate.js";
import { Sync } from "./sync/sync.js";
import { Recipients, Transfers } from "./transfers.js";
import { Webhooks } from "./webhooks.js";
import { Webview } from "./webview.js";

/**
 * A Budgea API client with every workflow: `new Budgea({ domain: "demo" })` (or `{ baseUrl }`), with
 * `token`, `clientId`, `clientSecret`, `fetch`, `timeoutMs`, `maxRetries`, `logger` and `userAgent`.
 * `withToken()` derives a client for another user's token that shares everything else.
 */
export class Budgea extends BudgeaClient {
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
    return new Webview({ baseUrl: this.baseUrl, clientId: this.config.clientId, token: this.tokenValue });
  }

  /** Verifying the callbacks the API posts after a sync (bearer token or BI-Signature). */
  get webhooks(): Webhooks {
    return new Webhooks();
  }

  /**
   * Incremental sync of the user's connections, accounts and transactions into your store: `changes({ cursor })`,
   * `run({ store, key })`, `applyWebhook(event, { store })`. `new Sync(client, { idUser, overlapMs })` for options.
   */
  get sync(): Sync {
    return new Sync(this);
  }

  /**
   * Every item of a list GET, typed from the spec, one page at a time (offset/limit or cursor lists):
   * `for await (const tx of user.paginate(path, { params }))`, or `.pages()`.
   */
  paginate<P extends ListPath>(path: P, ...args: PaginateArgs<P>): Paginator<ListItems[P]> {
    const [init, options] = args as unknown as [object | undefined, PaginateOptions | undefined];
    return new Paginator<ListItems[P]>(this.api, this.baseUrl, path, init, options);
  }
}
