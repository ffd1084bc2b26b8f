/**
 * Verifying a delivery. The API authenticates it one of two ways:
 * - 2020: `Authorization: Bearer <the user's token>`; `resolveToken` says which token that user has;
 * - current: `BI-Signature` = base64(HMAC-SHA256(secret, `${METHOD}.${path}.${BI-Signature-Date}.${body}`)),
 *   `path` the request target as received (pathname + search), `body` the bytes after any gzip is undone,
 *   `BI-Signature-Date` an HTTP date (ISO 8601 with an offset accepted too), fresh within `toleranceSeconds`.
 * A header the check relies on must come once (`WebhookHeaderDuplicateError` otherwise).
 */
import {
  InvalidOptionsError,
  WebhookPayloadError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookTokenError,
} from "../errors.js";
import { bodyOf, parsePayload, readLimited } from "./body.js";
import {
  type WebhookEventOf,
  type WebhookPayload,
  idUserOf,
  inferEventName,
  integerOf,
  isWebhookEventName,
} from "./events.js";
import { type HeaderReader, type WebhookHeaders, headerReader, requiredHeader } from "./headers.js";
import { hmacKey, signedBytes } from "./signed-bytes.js";

/** A delivery as any server framework receives it: `verifyWebhook` needs the body raw, as sent. */
export interface WebhookRequest {
  /** The HTTP method (the API posts). */
  method: string;
  /** The request target as received: pathname + search (Node's `req.url`, Express's `req.originalUrl`). */
  path: string;
  /** The request headers as received. */
  headers: WebhookHeaders;
  /** The body exactly as received (still gzip-encoded if it was sent so). */
  rawBody: Uint8Array | ArrayBuffer | string;
}

/** What `resolveToken` is given to find the user's token. */
export interface TokenContext {
  /** From the payload (`user.id`, `id_user`, or its connection's `id_user`). */
  idUser: number | undefined;
  /** The `event` option, or the one inferred from the payload. */
  name: string | undefined;
  /** The parsed JSON body (not yet trusted: the token is what is being checked). */
  payload: WebhookPayload;
}

interface CommonVerifyOptions<E extends string> {
  /** The event this URL is registered for: types the result. Without it, CONNECTION_SYNCED is recognised. */
  event?: E;
  /** Largest body accepted, before and after inflating. Default 10 MiB. */
  maxBytes?: number;
  /** Clock for the freshness window (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/** 2020: the user's token as bearer. `resolveToken` errors are not caught (answer 5xx: the API retries). */
export interface TokenVerifyOptions<E extends string = string> extends CommonVerifyOptions<E> {
  /** The token the payload's user has, from your store; `null`/`undefined` when unknown (the delivery is refused). */
  resolveToken(context: TokenContext): string | null | undefined | Promise<string | null | undefined>;
  /** Not with `resolveToken`. */
  hmacSecret?: undefined;
}

/** Current API: `BI-Signature` with the secret of `POST /webhooks/auth`. */
export interface SignatureVerifyOptions<E extends string = string> extends CommonVerifyOptions<E> {
  /** The secret `POST /webhooks/auth` returned for this webhook's auth process. */
  hmacSecret: string;
  /** Accepted distance of `BI-Signature-Date` from now, both ways. Default 300. */
  toleranceSeconds?: number;
  /** Not with `hmacSecret`. */
  resolveToken?: undefined;
}

/** `{ resolveToken }` (2020 API) or `{ hmacSecret }` (current API): exactly one. */
export type VerifyOptions<E extends string = string> = TokenVerifyOptions<E> | SignatureVerifyOptions<E>;

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

/** Verifies a delivery (raw body, headers as received) and returns its typed event; see the module comment. */
export async function verifyWebhook<E extends string = never>(
  request: WebhookRequest,
  options: VerifyOptions<E>,
): Promise<WebhookEventOf<E>> {
  const { maxBytes, now } = checkOptions(options);
  if (request === null || typeof request !== "object") throw new WebhookPayloadError("webhook: not a request");
  const header = headerReader(request.headers);
  const secret = options.hmacSecret;
  const signed = secret === undefined ? undefined : readSignature(header, now(), options.toleranceSeconds ?? 300);
  const bearer = secret === undefined ? readBearer(header) : undefined;
  const body = await bodyOf(request.rawBody, header("content-encoding"), maxBytes);
  if (signed && secret !== undefined) {
    const method = typeof request.method === "string" ? request.method : "";
    const data = signedBytes({
      method,
      path: typeof request.path === "string" ? request.path : "",
      date: signed.date,
      body,
    });
    if (!(await hmacVerify(secret, signed.signature, data)))
      throw new WebhookSignatureError("webhook: BI-Signature does not match the request");
  }
  const payload = parsePayload(body);
  const name = options.event ?? inferEventName(payload);
  const idUser = idUserOf(payload);
  if (bearer !== undefined && options.resolveToken) {
    const expected = await options.resolveToken({ idUser, name, payload });
    if (typeof expected !== "string" || !expected || !(await sameSecret(bearer, expected)))
      throw new WebhookTokenError("webhook: the bearer token is not this user's");
  }
  const base = { idWebhookData: integerOf(payload.id_webhook_data), idUser, signedAt: signed && new Date(signed.at) };
  const event = isWebhookEventName(name)
    ? { ...base, type: name, payload }
    : { ...base, type: "unknown", name, payload };
  return event as WebhookEventOf<E>;
}

/** `verifyWebhook` for a fetch `Request`: reads its body up to `maxBytes`; `path` overrides the URL's. */
export async function verifyWebhookRequest<E extends string = never>(
  request: Request,
  options: VerifyOptions<E> & { path?: string },
): Promise<WebhookEventOf<E>> {
  const { maxBytes } = checkOptions(options);
  if (request.bodyUsed)
    throw new WebhookPayloadError("webhook: the request body was already read: verify needs it raw");
  const url = new URL(request.url);
  const rawBody = await readLimited(request.body, request.headers.get("content-length"), maxBytes);
  const path = options.path ?? url.pathname + url.search;
  return verifyWebhook({ method: request.method, path, headers: request.headers, rawBody }, options);
}

/** The verify options, checked whole (a handler checks them once, when it is made). */
export function checkOptions(options: VerifyOptions<string>): { maxBytes: number; now: () => number } {
  if (options === null || typeof options !== "object")
    throw new InvalidOptionsError("options", "must be { resolveToken } or { hmacSecret }");
  const { resolveToken, hmacSecret, maxBytes = DEFAULT_MAX_BYTES, now = Date.now } = options;
  if ((typeof resolveToken === "function") === (hmacSecret !== undefined))
    throw new InvalidOptionsError("resolveToken", "or `hmacSecret`: give exactly one");
  if (hmacSecret !== undefined && (typeof hmacSecret !== "string" || !hmacSecret))
    throw new InvalidOptionsError("hmacSecret", "must be a non-empty string");
  const tolerance = (options as SignatureVerifyOptions).toleranceSeconds;
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0))
    throw new InvalidOptionsError("toleranceSeconds", "must be a number of seconds, 0 or more");
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new InvalidOptionsError("maxBytes", "must be a positive integer");
  if (typeof now !== "function") throw new InvalidOptionsError("now", "must be a function returning epoch ms");
  return { maxBytes, now };
}

function readSignature(header: HeaderReader, now: number, toleranceSeconds: number) {
  const signatureText = requiredHeader(header, "BI-Signature");
  const date = requiredHeader(header, "BI-Signature-Date");
  const at = HTTP_DATE.test(date) || ISO_DATE.test(date) ? Date.parse(date) : NaN;
  if (Number.isNaN(at)) throw new WebhookTimestampError("unreadable");
  const skew = (now - at) / 1000;
  if (Math.abs(skew) > toleranceSeconds)
    throw new WebhookTimestampError(skew > 0 ? "stale" : "future", Math.round(Math.abs(skew)));
  if (!BASE64.test(signatureText)) throw new WebhookSignatureError("webhook: BI-Signature is not base64");
  const signature = Uint8Array.from(atob(signatureText), (c) => c.charCodeAt(0));
  return { signature, date, at };
}

function readBearer(header: HeaderReader): string {
  const match = /^Bearer +(\S+)$/i.exec(requiredHeader(header, "Authorization"));
  if (!match?.[1]) throw new WebhookTokenError("webhook: Authorization is not a bearer token");
  return match[1];
}

/** Web Crypto's verify compares in constant time. */
async function hmacVerify(secret: string, signature: Uint8Array, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return crypto.subtle.verify("HMAC", await hmacKey(secret), signature as Uint8Array<ArrayBuffer>, data);
}

/** Compares digests, so neither the contents nor the length of the expected token leak through timing. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all(
    [a, b].map(async (s) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(s)))),
  );
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= (x?.[i] ?? 0) ^ (y?.[i] ?? 0);
  return diff === 0;
}
