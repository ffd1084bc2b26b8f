import { createHmac } from "node:crypto";

/**
 * The current API's webhook signature: base64 HMAC-SHA256, keyed by the secret from `POST /webhooks/auth`,
 * of `METHOD.path.BI-Signature-Date.rawBody`, where `path` is the request target the receiver sees (path and query)
 * and `rawBody` the JSON before any gzip encoding.
 */
export function signWebhook(
  secret: string,
  method: string,
  path: string,
  date: string,
  rawBody: string | Uint8Array,
): string {
  return createHmac("sha256", secret)
    .update(`${method.toUpperCase()}.${path}.${date}.`)
    .update(rawBody)
    .digest("base64");
}
