/**
 * The type of `budgea.api`: the openapi-fetch client, typed from tables the generator precomputes per
 * path (arguments, success data), so a call costs the user's compiler a lookup rather than openapi-fetch's
 * conditional types. Failures reject with a BudgeaError, so `data` is always there.
 */
import type { ApiClient, DeletePaths, GetPaths, PostPaths, PutPaths } from "../generated/operations.js";
import type { Middleware } from "./middleware/types.js";

export interface ApiResponse<T> {
  data: T;
  response: Response;
}

export interface BudgeaApi extends ApiClient {
  GET<P extends keyof GetPaths>(path: P, ...init: GetPaths[P]["args"]): Promise<ApiResponse<GetPaths[P]["data"]>>;
  POST<P extends keyof PostPaths>(path: P, ...init: PostPaths[P]["args"]): Promise<ApiResponse<PostPaths[P]["data"]>>;
  PUT<P extends keyof PutPaths>(path: P, ...init: PutPaths[P]["args"]): Promise<ApiResponse<PutPaths[P]["data"]>>;
  DELETE<P extends keyof DeletePaths>(
    path: P,
    ...init: DeletePaths[P]["args"]
  ): Promise<ApiResponse<DeletePaths[P]["data"]>>;
  /** Adds openapi-fetch middleware (runs after budgea's own). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
