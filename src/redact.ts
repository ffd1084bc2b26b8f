/** Keeping secrets out of what the client says: URLs in logs, API messages and foreign errors. */

/** Query parameters whose values are secrets (a temporary code, a token, a password, a client secret). */
const SECRET_PARAM = /^(code|token|access_token|auth_token|password|client_secret|secret)$/i;
const REDACTED = "[REDACTED]";
/** `Bearer <something token-like>`: a placeholder such as `Bearer <token>` is left as it is. */
const BEARER = /\b(bearer)\s+(?=[A-Za-z0-9\-._~+/]{8,}=*)[A-Za-z0-9\-._~+/]+=*/gi;

/** The URL with the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const secret = new Set<string>();
  params.forEach((_value, key) => SECRET_PARAM.test(key) && secret.add(key));
  for (const key of secret) params.set(key, REDACTED);
  return `${url.slice(0, q)}?${params}`;
}

/** The values of a query's secret parameters (`code`, `token`, `password`, …), to scrub like any secret. */
export function querySecrets(query: Record<string, unknown> | undefined): string[] {
  if (!query) return [];
  return Object.entries(query)
    .filter(([key, value]) => SECRET_PARAM.test(key) && typeof value === "string")
    .map(([, value]) => value as string);
}

/** The text with each known secret, and anything written as a bearer token, replaced. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(BEARER, `$1 ${REDACTED}`);
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * An error that is not ours (thrown by a middleware, a custom fetch, the platform) scrubbed in place: its
 * message, its stack and those of its causes. It keeps its class, so the caller can still recognise it.
 */
export function scrubForeignError(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  for (let e = error as Error | undefined, depth = 0; isErrorLike(e) && depth < 5; e = e.cause as Error, depth++) {
    for (const key of ["message", "stack"] as const) {
      const text = e[key];
      if (typeof text !== "string") continue;
      const clean = scrub(text, secrets);
      if (clean !== text) {
        try {
          Object.defineProperty(e, key, { value: clean, writable: true, configurable: true });
        } catch {
          // a frozen error: nothing more can be done
        }
      }
    }
  }
  return error;
}

/** An Error from any realm (a test VM, an iframe: `instanceof Error` fails there). */
function isErrorLike(value: unknown): value is Error {
  return value !== null && typeof value === "object" && typeof (value as Error).message === "string";
}

/** Response headers as a plain object, without the ones that carry credentials. */
export function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key !== "set-cookie" && key !== "authorization" && key !== "www-authenticate") out[key] = value;
  });
  return out;
}
