import { TokenExpiredError } from "../errors.js";
import type { Middleware } from "./types.js";

export interface TokenState {
  value: string;
  /** Known for temporary tokens (30 min): past it, requests fail fast instead of reaching the API. */
  expiresAt?: Date | undefined;
}

/**
 * `Authorization: Bearer <token>`. A request that sets its own Authorization keeps it; a request made with
 * `token: null` goes without (client-credential calls such as the token exchange).
 */
export function authMiddleware(token: TokenState | undefined): Middleware {
  return {
    onRequest({ request }) {
      const override = (request as Request & { token?: string | null }).token;
      const current = override === undefined ? token : override === null ? undefined : { value: override };
      if (!current || request.headers.has("authorization")) return;
      if (current.expiresAt && Date.now() >= current.expiresAt.getTime())
        throw new TokenExpiredError(current.expiresAt);
      request.headers.set("authorization", `Bearer ${current.value}`);
    },
  };
}
