/** Keeping secrets out of what the client says: URLs in logs, API messages in errors. */

/** Query parameters whose values are secrets (a temporary code, a token, a password, a client secret). */
const SECRET_PARAM = /^(code|token|access_token|auth_token|password|client_secret|secret)$/i;
const REDACTED = "[REDACTED]";

/** The URL with the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_PARAM.test(key)) params.set(key, REDACTED);
  return `${url.slice(0, q)}?${params}`;
}

/** The text with each known secret, and anything written as a bearer token, replaced. */
export function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text.replace(/\b(bearer)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`);
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** Response headers as a plain object, without the ones that carry credentials. */
export function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key !== "set-cookie" && key !== "authorization" && key !== "www-authenticate") out[key] = value;
  });
  return out;
}

/** The bearer token a request carries, so error text can be scrubbed of it. */
export function bearerOf(request: Request): string | undefined {
  return request.headers.get("authorization")?.replace(/^bearer\s+/i, "");
}
