/**
 * The type of `budgea.api`: the openapi-fetch client, typed from tables the generator precomputes per
 * path (arguments, success data), so a call costs the user's compiler a lookup rather than openapi-fetch's
 * conditional types. Failures reject with a BudgeaError, so `data` is always there.
 */
import type {
  ApiClient,
  DeletePaths,
  DeletePathsRequiringInit,
  GetPaths,
  GetPathsRequiringInit,
  PostPaths,
  PostPathsRequiringInit,
  PutPaths,
  PutPathsRequiringInit,
} from "../generated/endpoints.js";
import type { Middleware } from "./middleware/types.js";

/**
 * The arguments of `budgea.api.GET(path, …)` after the path: `[init]` when the path requires it, else
 * `[init?]`, the form `BudgeaApi` uses (see there why); `paginate()` takes the same, then its options.
 */
export type GetArgs<P extends keyof GetPaths> = P extends unknown
  ? RequiresInit<P, GetPathsRequiringInit> extends true
    ? [init: GetPaths[P]["init"]]
    : [init?: GetPaths[P]["init"]]
  : never;

/**
 * `true` when the path `P` is one of `Required` (the paths whose `init` is required), else `false`.
 *
 * The signatures below ask `RequiresInit<P, …> extends true` rather than `P extends …RequiringInit`: in the
 * first branch of the latter the compiler narrows `P` to `…RequiringInit & P`, and checking `GetPaths[P]`
 * there relates each of the ~180 required paths to each of the ~200 keys. That check runs on our declarations
 * whenever a user compiles with `skipLibCheck: false` (0.5 s of TS 7's CPU for every build); this form asks
 * the same question without narrowing `P`. `P extends unknown` keeps the choice per path when `P` is a union.
 */
export type RequiresInit<P, Required> = P extends Required ? true : false;

/**
 * What `budgea.api` takes beside each operation's `params` and `body` and openapi-fetch's own options. The
 * generated operations know nothing of it: it joins their options through `ClientRequestOptions`, below.
 */
export interface BudgeaRequestOptions {
  /** This call's timeout in ms, retries and body read included (default: the client's `timeoutMs`). */
  timeoutMs?: number;
  /** This call's retry budget, idempotent requests only (default: the client's `maxRetries`). */
  maxRetries?: number;
  /** This call's bearer token instead of the client's; `null` sends none (client-credential calls). */
  token?: string | null;
}

/** What a `budgea.api` call resolves with (failures reject with a BudgeaError instead). */
export interface ApiResponse<T> {
  /** The success body, typed from the spec. */
  data: T;
  /** The fetch Response (status, headers; its body already read). */
  response: Response;
}

/**
 * The type of `budgea.api`: `GET`, `POST`, `PUT`, `DELETE` by path template, typed from the spec.
 *
 * A call's arguments after the path are `[init]` where the path requires it, else `[init?]`, written as a
 * choice between two tuples of the path's `init` (a named interface) rather than as the table's per-path
 * `args` tuple: checking a call's arity against a generic rest parameter makes the compiler build every
 * alternative, and 200 distinct tuples cost a user's first call 7,000 types where two cost next to nothing.
 */
export interface BudgeaApi extends ApiClient {
  /** GET a path template. `init`: `params` (`path`, `query`) and call options; required when a parameter is. */
  GET<P extends keyof GetPaths>(
    path: P,
    ...init: P extends unknown
      ? RequiresInit<P, GetPathsRequiringInit> extends true
        ? [init: GetPaths[P]["init"]]
        : [init?: GetPaths[P]["init"]]
      : never
  ): Promise<ApiResponse<GetPaths[P]["data"]>>;
  /** POST to a path template. `init`: `params`, `body` and call options. Never retried. */
  POST<P extends keyof PostPaths>(
    path: P,
    ...init: P extends unknown
      ? RequiresInit<P, PostPathsRequiringInit> extends true
        ? [init: PostPaths[P]["init"]]
        : [init?: PostPaths[P]["init"]]
      : never
  ): Promise<ApiResponse<PostPaths[P]["data"]>>;
  /** PUT to a path template. `init`: `params`, `body` and call options. */
  PUT<P extends keyof PutPaths>(
    path: P,
    ...init: P extends unknown
      ? RequiresInit<P, PutPathsRequiringInit> extends true
        ? [init: PutPaths[P]["init"]]
        : [init?: PutPaths[P]["init"]]
      : never
  ): Promise<ApiResponse<PutPaths[P]["data"]>>;
  /**
   * DELETE a path template. `init`: `params` and call options. `data` is `undefined` when the API answers
   * without a body (204, or an empty 200): a DELETE promises none.
   */
  DELETE<P extends keyof DeletePaths>(
    path: P,
    ...init: P extends unknown
      ? RequiresInit<P, DeletePathsRequiringInit> extends true
        ? [init: DeletePaths[P]["init"]]
        : [init?: DeletePaths[P]["init"]]
      : never
  ): Promise<ApiResponse<DeletePaths[P]["data"] | undefined>>;
  /**
   * Adds middleware (openapi-fetch's contract: `onRequest`, `onResponse`, `onError`). They see every attempt,
   * after the client's own headers are set; the clients `withToken()` derives from this one run them too.
   */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
}

declare module "../generated/endpoints.js" {
  /** budgea's own options, on every operation's `init` (see `BudgeaRequestOptions`). */
  interface ClientRequestOptions extends BudgeaRequestOptions {}
}
