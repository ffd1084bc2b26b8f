/**
 * Webhook receivers, on WHATWG APIs only (Web Crypto, DecompressionStream): Node, Deno, Bun, workers. One file
 * per job under `webhooks/`: the events and their payloads (`events.ts`), the strict header reader
 * (`headers.ts`), the body (`body.ts`), the signed bytes shared by signing and verifying (`signed-bytes.ts`),
 * verification (`verify.ts`), test signing (`sign.ts`), redelivery recognition (`dedupe.ts`); the Node adapter
 * is `budgea/node`.
 *
 * The API does not name the event in a delivery: each event is posted to the URL registered for it. So the
 * event type is the `event` option (the one this URL is registered for); without it a CONNECTION_SYNCED body
 * (either form: today's one `connection` and `user`, or 2020's `connections` array) is recognised, anything
 * else is `type: "unknown"`. Redeliveries carry the same `id_webhook_data`: `createDeliveryDeduper()`
 * recognises them.
 */
import { type SignInput, type SignatureHeaders, signWebhook } from "./webhooks/sign.js";
import { type VerifyOptions, type WebhookRequest, verifyWebhook, verifyWebhookRequest } from "./webhooks/verify.js";
import type { WebhookEventOf } from "./webhooks/events.js";

export {
  WEBHOOK_EVENT_NAMES,
  isWebhookEventName,
  syncedConnections,
  type KnownWebhookEvent,
  type PayloadOf,
  type UnknownWebhookEvent,
  type WebhookEvent,
  type WebhookEventBase,
  type WebhookEventName,
  type WebhookEventOf,
  type WebhookPayload,
  type WebhookPayloads,
} from "./webhooks/events.js";
export type { WebhookHeaders } from "./webhooks/headers.js";
export {
  verifyWebhook,
  verifyWebhookRequest,
  type SignatureVerifyOptions,
  type TokenContext,
  type TokenVerifyOptions,
  type VerifyOptions,
  type WebhookRequest,
} from "./webhooks/verify.js";
export { signWebhook, type SignInput, type SignatureHeaders } from "./webhooks/sign.js";
export { createDeliveryDeduper, type DeliveryDeduper } from "./webhooks/dedupe.js";

/** `budgea.webhooks`: needs no configuration (`new Webhooks()`). */
export class Webhooks {
  /** Verifies a delivery and returns its typed event, or rejects with a `WebhookVerificationError`. */
  verify<E extends string = never>(request: WebhookRequest, options: VerifyOptions<E>): Promise<WebhookEventOf<E>> {
    return verifyWebhook(request, options);
  }

  /** `verify` for a fetch `Request` (Next.js, Hono, Bun, Deno, workers); `path` overrides the URL's. */
  verifyRequest<E extends string = never>(
    request: Request,
    options: VerifyOptions<E> & { path?: string },
  ): Promise<WebhookEventOf<E>> {
    return verifyWebhookRequest(request, options);
  }

  /** The headers the API would send, to test your receiver. */
  sign(input: SignInput): Promise<SignatureHeaders> {
    return signWebhook(input);
  }
}
