/** openapi-fetch's middleware contract, declared here so our published types never load openapi-fetch's. */
export interface MiddlewareOptions {
  /** The client's base URL. */
  readonly baseUrl: string;
  /** How the body will be parsed (`json`, `text`, …). */
  readonly parseAs: string;
}

/** What each middleware hook is given about the call. */
export interface MiddlewareRequestParams {
  /** The request about to be sent; `onRequest` may return a replacement. */
  request: Request;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  readonly schemaPath: string;
  /** The call's `params` (`path`, `query`). */
  readonly params: object;
  /** The client's options. */
  readonly options: MiddlewareOptions;
  /** Unique per call: ties `onResponse`/`onError` to their `onRequest`. */
  readonly id: string;
}

/** Hooks around every `budgea.api` call (`budgea.api.use(middleware)`); they run after budgea's own. */
export interface Middleware {
  /** Before sending: return a Request to send instead, or a Response to answer without sending. */
  onRequest?(
    context: MiddlewareRequestParams,
  ): void | Request | Response | undefined | Promise<void | Request | Response | undefined>;
  /** After the response: return a Response to replace it. */
  onResponse?(
    context: MiddlewareRequestParams & { response: Response },
  ): void | Response | undefined | Promise<void | Response | undefined>;
  /** When the call failed: return a Response to recover, or an Error to throw instead. */
  onError?(
    context: MiddlewareRequestParams & { error: unknown },
  ): void | Response | Error | Promise<void | Response | Error>;
}
