import type { Middleware } from "./types.js";

/** `User-Agent: budgea-ts/<version>` (plus the configured suffix), unless the caller set one. */
export function userAgentMiddleware(userAgent: string): Middleware {
  return {
    onRequest({ request }) {
      if (!request.headers.has("user-agent")) request.headers.set("user-agent", userAgent);
    },
  };
}
