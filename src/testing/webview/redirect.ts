/**
 * Redirect URIs: a URI is accepted when it matches a registered one (scheme, host, path); a registered
 * loopback URI without a port accepts any port (RFC 8252 §7.3), so a test app on an OS-given port fits.
 */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function isRegisteredRedirect(registered: readonly string[], candidate: string): boolean {
  const uri = parseHttpUrl(candidate);
  if (!uri) return false;
  return registered.some((entry) => {
    const allowed = parseHttpUrl(entry);
    if (
      !allowed ||
      allowed.protocol !== uri.protocol ||
      allowed.hostname !== uri.hostname ||
      allowed.pathname !== uri.pathname
    ) {
      return false;
    }
    return allowed.port === uri.port || (allowed.port === "" && LOOPBACK.has(allowed.hostname));
  });
}

/** Appends callback parameters, percent-encoded (`state` comes back exactly as it was sent). */
export function callbackUrl(redirectUri: string, params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  if (pairs.length === 0) return redirectUri;
  const [base, fragment] = splitFragment(redirectUri);
  return `${base}${base.includes("?") ? "&" : "?"}${pairs.join("&")}${fragment}`;
}

function splitFragment(uri: string): [string, string] {
  const hash = uri.indexOf("#");
  return hash < 0 ? [uri, ""] : [uri.slice(0, hash), uri.slice(hash)];
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}
