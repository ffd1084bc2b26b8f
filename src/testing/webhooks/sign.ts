import { createHmac } from "node:crypto";
import { signedBytes } from "../../webhooks/signed-bytes.js";

/**
 * The current API's webhook signature, synchronously (node:crypto): base64 HMAC-SHA256, keyed by the secret from
 * `POST /webhooks/auth`, of `METHOD.path.BI-Signature-Date.rawBody`, where `path` is the request target the
 * receiver sees (path and query) and `rawBody` the JSON before any gzip encoding. The signed bytes come from the
 * builder `verifyWebhook` checks with. `budgea`'s `signWebhook({ path, body, secret })` gives both headers, async.
 */
export function webhookSignature(
  secret: string,
  method: string,
  path: string,
  date: string,
  rawBody: string | Uint8Array,
): string {
  return createHmac("sha256", secret)
    .update(signedBytes({ method, path, date, body: rawBody }))
    .digest("base64");
}

/** @deprecated The old name of `webhookSignature` (it clashed with `budgea`'s async `signWebhook`). */
export const signWebhook = webhookSignature;
