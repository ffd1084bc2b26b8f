/** openapi-fetch's middleware contract, declared here so our published types never load openapi-fetch's. */
export interface MiddlewareOptions {
  readonly baseUrl: string;
  readonly parseAs: string;
}

export interface MiddlewareRequestParams {
  request: Request;
  /** The path template, e.g. `/users/{id_user}/connections`. */
  readonly schemaPath: string;
  readonly params: object;
  readonly options: MiddlewareOptions;
  readonly id: string;
}

export interface Middleware {
  onRequest?(
    context: MiddlewareRequestParams,
  ): void | Request | Response | undefined | Promise<void | Request | Response | undefined>;
  onResponse?(
    context: MiddlewareRequestParams & { response: Response },
  ): void | Response | undefined | Promise<void | Response | undefined>;
  onError?(
    context: MiddlewareRequestParams & { error: unknown },
  ): void | Response | Error | Promise<void | Response | Error>;
}
