/**
 * `budgea/node`: Node-only webhook adapters, `http.IncomingMessage` → verified event.
 *
 * - plain `node:http`: `verifyNodeRequest(req, options)` reads the body itself, up to `maxBytes`;
 * - Express: mount `express.raw({ type: "*\/*" })` on the route (or no body parser at all) and pass `req`;
 *   the signed path is `req.originalUrl`, the target as received even under a mounted router;
 * - Fastify: parse the body as a buffer (`addContentTypeParser("application/json", { parseAs: "buffer" }, …)`)
 *   and call `verifyWebhook({ method, path: request.url, headers: request.headers, rawBody: request.body })`.
 *
 * @module budgea/node
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  InvalidOptionsError,
  WebhookPayloadError,
  WebhookPayloadTooLargeError,
  WebhookVerificationError,
} from "./errors.js";
import { checkOptions } from "./webhooks/verify.js";
import { type VerifyOptions, type WebhookEventOf, verifyWebhook } from "./webhooks.js";

/** An `IncomingMessage`, as Express or a raw-body plugin may have left it. */
export type NodeWebhookRequest = IncomingMessage & {
  /** Express: the request target as received, even under a mounted router (the signed path). */
  originalUrl?: string;
  /** The body a parser left: used when it is raw (a Buffer or a string, as `express.raw()` leaves it). */
  body?: unknown;
  /** A raw-body plugin's copy of the body, preferred to `body`. */
  rawBody?: unknown;
};

/** `verifyWebhook`'s options (`{ resolveToken }` or `{ hmacSecret }`), plus the signed path when a proxy rewrote it. */
export type NodeVerifyOptions<E extends string> = VerifyOptions<E> & {
  /** The signed path, when a proxy rewrote the one this server sees. */
  path?: string;
};

/** Reads the body (or takes the one `express.raw()` left), then `verifyWebhook` with `req.originalUrl ?? req.url`. */
export async function verifyNodeRequest<E extends string = never>(
  req: NodeWebhookRequest,
  options: NodeVerifyOptions<E>,
): Promise<WebhookEventOf<E>> {
  const rawBody = await rawBodyOf(req, options.maxBytes ?? 10 * 1024 * 1024);
  const path = options.path ?? req.originalUrl ?? req.url ?? "";
  return verifyWebhook({ method: req.method ?? "", path, headers: req.headers, rawBody }, options);
}

/**
 * A `(req, res)` handler: answers 200 once `onEvent` resolves, the error's status (401, 413, 400) when
 * verification fails, and 500 when `onEvent` throws (the API then redelivers); `onError` sees every failure.
 */
export function webhookHandler<E extends string = never>(
  options: NodeVerifyOptions<E>,
  onEvent: (event: WebhookEventOf<E>, req: NodeWebhookRequest) => unknown,
  onError?: (error: unknown, req: NodeWebhookRequest) => void,
): (req: NodeWebhookRequest, res: ServerResponse) => Promise<void> {
  // A handler that could never verify anything (no secret configured…) fails where it is made, not with a 500 a delivery.
  checkOptions(options as VerifyOptions<string>);
  if (typeof onEvent !== "function") throw new InvalidOptionsError("onEvent", "must be a function");
  if (onError !== undefined && typeof onError !== "function")
    throw new InvalidOptionsError("onError", "must be a function");
  return async (req, res) => {
    let status = 200;
    try {
      await onEvent(await verifyNodeRequest(req, options), req);
    } catch (error) {
      status = error instanceof WebhookVerificationError ? error.status : 500;
      onError?.(error, req);
    }
    if (!res.headersSent) res.writeHead(status, { "content-type": "text/plain" });
    res.end(status === 200 ? "ok" : status === 500 ? "error" : "rejected");
  };
}

async function rawBodyOf(req: NodeWebhookRequest, maxBytes: number): Promise<Uint8Array | string> {
  const given = req.rawBody ?? req.body;
  if (given instanceof Uint8Array || typeof given === "string") return given; // express.raw(), raw-body plugins
  if (req.readableEnded)
    throw new WebhookPayloadError(
      'webhook: a body parser consumed the body: use express.raw({ type: "*/*" }) on this route',
    );
  return readBody(req, maxBytes);
}

/** Reads at most `maxBytes`; past that, the rest is drained unread so the server can still answer 413. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (error) {
        req.resume();
        reject(error);
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) stop(new WebhookPayloadTooLargeError(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = () => stop(new WebhookPayloadError("webhook: the request body could not be read"));
    const onClose = () => stop(new WebhookPayloadError("webhook: the request ended before its body"));
    if (Number(req.headers["content-length"]) > maxBytes) return stop(new WebhookPayloadTooLargeError(maxBytes));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}
