import { takeBodySecrets } from "../body.js";
import type { Middleware } from "./types.js";

/** The secrets each request carries (its bearer token, its body's values), for scrubbing error text. */
export const requestSecrets = new WeakMap<Request, string[]>();

/** Must run first: it takes what the body serializer saw for this very request. */
export function secretsMiddleware(): Middleware {
  return {
    onRequest({ request }) {
      const secrets = takeBodySecrets();
      if (secrets.length) requestSecrets.set(request, secrets);
    },
  };
}
