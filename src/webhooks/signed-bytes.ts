/**
 * The bytes a `BI-Signature` covers: `${METHOD}.${path}.${BI-Signature-Date}.` then the body as received (after
 * any gzip is undone). One builder for the signer and the verifier (stripe's `generateTestHeaderString` reuses
 * `constructEvent`'s function the same way), so the two cannot drift apart.
 */

const encoder = new TextEncoder();

/** What is signed: a delivery as the API sends it. */
export interface SignedParts {
  /** The HTTP method, any case (signed upper case). */
  method: string;
  /** The request target: pathname + search; a full URL is reduced to those. */
  path: string;
  /** `BI-Signature-Date`, exactly as sent. */
  date: string;
  /** The body before any gzip. */
  body: string | Uint8Array;
}

export function signedBytes({ method, path, date, body }: SignedParts): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${method.toUpperCase()}.${targetOf(path)}.${date}.`);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const out = new Uint8Array(prefix.byteLength + bytes.byteLength);
  out.set(prefix, 0);
  out.set(bytes, prefix.byteLength);
  return out;
}

/** A full URL keeps only its pathname + search. */
export function targetOf(path: unknown): string {
  if (typeof path !== "string") return "";
  if (!/^https?:\/\//i.test(path)) return path;
  try {
    const url = new URL(path);
    return url.pathname + url.search;
  } catch {
    return path;
  }
}

let lastKey: { secret: string; key: Promise<CryptoKey> } | undefined;

/** The HMAC-SHA256 key of a secret (the last one is kept: a receiver verifies with the same secret). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  if (lastKey?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    lastKey = { secret, key };
  }
  return lastKey.key;
}
