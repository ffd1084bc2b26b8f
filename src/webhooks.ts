/**
 * Webhook receivers, on WHATWG APIs only (Web Crypto, DecompressionStream): Node, Deno, Bun, workers.
 *
 * The API authenticates a delivery one of two ways:
 * - 2020: `Authorization: Bearer <the user's token>`; `resolveToken` says which token that user has;
 * - current: `BI-Signature` = base64(HMAC-SHA256(secret, `${METHOD}.${path}.${BI-Signature-Date}.${body}`)),
 *   `path` the request target as received (pathname + search), `body` the bytes after any gzip is undone,
 *   `BI-Signature-Date` an HTTP date (ISO 8601 with an offset accepted too), fresh within `toleranceSeconds`.
 *
 * The API does not name the event in a delivery: each event is posted to the URL registered for it. So the
 * event type is the `event` option (the one this URL is registered for); without it a payload with a
 * `connections` array is CONNECTION_SYNCED, anything else `type: "unknown"`. Redeliveries carry the same
 * `id_webhook_data`: `createDeliveryDeduper()` recognises them.
 */
import type { Account, ConnectionSyncedEvent } from "../generated/models.js";
import {
  InvalidOptionsError,
  WebhookHeaderMissingError,
  WebhookPayloadError,
  WebhookPayloadTooLargeError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookTokenError,
  WebhookVerificationError,
} from "./errors.js";

/** Event names of the webhooks the API offers (`GET /webhooks_events` lists your domain's). */
export type WebhookEventName =
  | "USER_CREATED"
  | "USER_DELETED"
  | "USER_SYNCED"
  | "CONNECTION_SYNCED"
  | "CONNECTION_DELETED"
  | "ACCOUNTS_FETCHED"
  | "ACCOUNT_SYNCED"
  | "ACCOUNT_FOUND"
  | "ACCOUNT_ENABLED"
  | "ACCOUNT_DISABLED"
  | "ACCOUNT_CATEGORIZED"
  | "ACCOUNT_OWNERSHIPS_FOUND"
  | "SUBSCRIPTION_FOUND"
  | "SUBSCRIPTION_SYNCED"
  | "PAYMENT_STATE_UPDATED";

const EVENT_NAMES = new Set(
  "USER_CREATED USER_DELETED USER_SYNCED CONNECTION_SYNCED CONNECTION_DELETED ACCOUNTS_FETCHED ACCOUNT_SYNCED ACCOUNT_FOUND ACCOUNT_ENABLED ACCOUNT_DISABLED ACCOUNT_CATEGORIZED ACCOUNT_OWNERSHIPS_FOUND SUBSCRIPTION_FOUND SUBSCRIPTION_SYNCED PAYMENT_STATE_UPDATED".split(
    " ",
  ),
);

/** A payload whose shape the spec does not give: a JSON object. */
export interface WebhookPayload {
  [key: string]: unknown;
  /** The delivery's id: a redelivery carries the same one. */
  id_webhook_data?: number;
}

/** Payload types from the spec. Removed transactions come with `deleted` set (`Transaction["deleted"]`). */
export interface WebhookPayloads {
  /** A sync ended: the connections synced, and their user. */
  CONNECTION_SYNCED: ConnectionSyncedEvent;
  /** An account synced: the account. */
  ACCOUNT_SYNCED: Account & {
    /** The delivery's id: a redelivery carries the same one. */
    id_webhook_data?: number;
  };
}

/** The payload type of event `K`: from WebhookPayloads when the spec gives it, else a JSON object. */
export type PayloadOf<K extends string> = K extends keyof WebhookPayloads ? WebhookPayloads[K] : WebhookPayload;

/** What every event has, whatever its type. */
export interface WebhookEventBase {
  /** The delivery's id (`id_webhook_data`): a redelivery carries the same one. */
  idWebhookData: number | undefined;
  /** The user the payload is about, when it says. */
  idUser: number | undefined;
  /** `BI-Signature-Date`, for signed deliveries. */
  signedAt: Date | undefined;
}

/** An event with a known name; the payload is typed where the spec gives its shape. */
export type KnownWebhookEvent = {
  [K in WebhookEventName]: WebhookEventBase & {
    /** The event's name: narrow on it. */
    type: K;
    /** The JSON body. */
    payload: PayloadOf<K>;
  };
}[WebhookEventName];

/** An event this version does not know (or could not tell): `name` is the `event` option, if any. */
export interface UnknownWebhookEvent extends WebhookEventBase {
  /** Always `unknown`: narrow on it. */
  type: "unknown";
  /** The `event` option, when one was given. */
  name: string | undefined;
  /** The JSON body. */
  payload: WebhookPayload;
}

/** What `verify` returns: narrow on `type`. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** The event `verify` returns for the `event` option `E` (all events when none is given). */
export type WebhookEventOf<E extends string> = [E] extends [never]
  ? WebhookEvent
  : E extends WebhookEventName
    ? Extract<
        KnownWebhookEvent,
        {
          /** The event's name. */
          type: E;
        }
      >
    : UnknownWebhookEvent;

/** A fetch `Headers`, or a Node-style record (any case; arrays joined). */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

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
  /** The event this URL is registered for: types the result. */
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

/** What `signWebhook` signs: a delivery as the API would send it. */
export interface SignInput {
  /** Default `POST`. */
  method?: string;
  /** The request target the receiver will see: pathname + search. */
  path: string;
  /** The body before any gzip. */
  body: string | Uint8Array;
  /** The HMAC secret (the one the receiver verifies with). */
  secret: string;
  /** Default: now. A string is used as is. */
  date?: Date | string;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();

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
  sign(input: SignInput): Promise<{
    /** base64 HMAC-SHA256 of `METHOD.path.date.body`. */
    "BI-Signature": string;
    /** The date signed: an HTTP date, or `date` as given when it is a string. */
    "BI-Signature-Date": string;
  }> {
    return signWebhook(input);
  }
}

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
    const method = typeof request.method === "string" ? request.method.toUpperCase() : "";
    const prefix = `${method}.${targetOf(request.path)}.${signed.date}.`;
    if (!(await hmacVerify(secret, signed.signature, concat([encoder.encode(prefix), body]))))
      throw new WebhookSignatureError("webhook: BI-Signature does not match the request");
  }
  const payload = parsePayload(body);
  const name = options.event ?? (Array.isArray(payload.connections) ? "CONNECTION_SYNCED" : undefined);
  const idUser = idUserOf(payload);
  if (bearer !== undefined && options.resolveToken) {
    const expected = await options.resolveToken({ idUser, name, payload });
    if (typeof expected !== "string" || !expected || !(await sameSecret(bearer, expected)))
      throw new WebhookTokenError("webhook: the bearer token is not this user's");
  }
  const base = { idWebhookData: integerOf(payload.id_webhook_data), idUser, signedAt: signed && new Date(signed.at) };
  const event =
    name !== undefined && EVENT_NAMES.has(name)
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

/** The signature headers of a delivery: `BI-Signature` and `BI-Signature-Date` (an HTTP date). */
export async function signWebhook({ method = "POST", path, body, secret, date = new Date() }: SignInput) {
  if (typeof secret !== "string" || !secret) throw new InvalidOptionsError("secret", "must be a non-empty string");
  const dateText = typeof date === "string" ? date : date.toUTCString();
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const data = concat([encoder.encode(`${method.toUpperCase()}.${path}.${dateText}.`), bytes]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), data));
  return {
    /** base64 HMAC-SHA256 of `METHOD.path.date.body`. */
    "BI-Signature": btoa(String.fromCharCode(...mac)),
    /** The date signed: an HTTP date, or `date` as given when it is a string. */
    "BI-Signature-Date": dateText,
  };
}

/** Recognises redeliveries by `id_webhook_data` (`createDeliveryDeduper()`): claim before processing. */
export interface DeliveryDeduper {
  /** True the first time an id is claimed (process it), false for a redelivery. Undefined ids always pass. */
  claim(idWebhookData: number | string | undefined): boolean;
  /** Forget an id whose processing failed, so the API's redelivery is processed. */
  release(idWebhookData: number | string | undefined): void;
  /** Whether an id is remembered, without claiming it. */
  has(idWebhookData: number | string): boolean;
  /** How many ids are remembered (at most `max`). */
  readonly size: number;
}

/** Remembers the last `max` delivery ids (least recently seen forgotten first): bounded memory. */
export function createDeliveryDeduper({ max = 10_000 }: { max?: number } = {}): DeliveryDeduper {
  if (!Number.isSafeInteger(max) || max < 1) throw new InvalidOptionsError("max", "must be a positive integer");
  const seen = new Map<string, true>();
  return {
    claim(id) {
      if (id === undefined) return true;
      const key = String(id);
      const known = seen.delete(key);
      seen.set(key, true);
      if (seen.size > max) seen.delete(seen.keys().next().value as string);
      return !known;
    },
    release: (id) => void (id !== undefined && seen.delete(String(id))),
    has: (id) => seen.has(String(id)),
    get size() {
      return seen.size;
    },
  };
}

function checkOptions(options: VerifyOptions<string>): { maxBytes: number; now: () => number } {
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
  return { maxBytes, now };
}

type HeaderReader = (name: string) => string | undefined;

function headerReader(headers: unknown): HeaderReader {
  if (headers === null || typeof headers !== "object") throw new WebhookPayloadError("webhook: headers are missing");
  const get = (headers as { get?: unknown }).get;
  if (typeof get === "function") return (name) => (get.call(headers, name) as string | null) ?? undefined;
  const byName = new Map<string, string>();
  for (const [key, value] of Object.entries(headers)) {
    const text =
      typeof value === "string"
        ? value
        : Array.isArray(value)
          ? value.filter((v) => typeof v === "string").join(", ")
          : undefined;
    if (text !== undefined) byName.set(key.toLowerCase(), text);
  }
  return (name) => byName.get(name);
}

function required(header: HeaderReader, name: string): string {
  const value = header(name.toLowerCase())?.trim();
  if (!value) throw new WebhookHeaderMissingError(name);
  return value;
}

function readSignature(header: HeaderReader, now: number, toleranceSeconds: number) {
  const signatureText = required(header, "BI-Signature");
  const date = required(header, "BI-Signature-Date");
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
  const match = /^Bearer +(\S+)$/i.exec(required(header, "Authorization"));
  if (!match?.[1]) throw new WebhookTokenError("webhook: Authorization is not a bearer token");
  return match[1];
}

/** A full URL keeps only its pathname + search. */
function targetOf(path: unknown): string {
  if (typeof path !== "string") return "";
  if (!/^https?:\/\//i.test(path)) return path;
  try {
    const url = new URL(path);
    return url.pathname + url.search;
  } catch {
    return path;
  }
}

async function bodyOf(raw: unknown, encoding: string | undefined, maxBytes: number): Promise<Uint8Array> {
  const bytes =
    typeof raw === "string"
      ? encoder.encode(raw)
      : Object.prototype.toString.call(raw) === "[object ArrayBuffer]"
        ? new Uint8Array(raw as ArrayBuffer)
        : ArrayBuffer.isView(raw)
          ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
          : undefined;
  if (!bytes) throw new WebhookPayloadError("webhook: rawBody must be a Uint8Array, an ArrayBuffer or a string");
  if (bytes.byteLength > maxBytes) throw new WebhookPayloadTooLargeError(maxBytes);
  const coding = (encoding ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return bytes;
  if (coding !== "gzip" && coding !== "x-gzip" && coding !== "deflate")
    throw new WebhookPayloadError("webhook: unsupported Content-Encoding (gzip, deflate or none)");
  if (typeof DecompressionStream !== "function")
    throw new WebhookPayloadError("webhook: no DecompressionStream here to inflate the body");
  const inflated = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream(coding === "deflate" ? "deflate" : "gzip"));
  try {
    return await readLimited(inflated, null, maxBytes);
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw error;
    throw new WebhookPayloadError(`webhook: the body is not valid ${coding}`);
  }
}

/** Reads a stream, giving up (and cancelling it) as soon as it exceeds `maxBytes`: a gzip bomb is cut off. */
async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  declared: string | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  if (declared !== null && Number(declared) > maxBytes) {
    void stream.cancel().catch(() => {});
    throw new WebhookPayloadTooLargeError(maxBytes);
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw new WebhookPayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
}

function parsePayload(body: Uint8Array): WebhookPayload {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new WebhookPayloadError("webhook: the body is not JSON (or not UTF-8)"); // the parser's message quotes the body
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new WebhookPayloadError("webhook: the body is not a JSON object");
  return value as WebhookPayload;
}

function idUserOf(payload: WebhookPayload): number | undefined {
  const connection = first(payload.connections) ?? payload.connection;
  return integerOf(payload.id_user) ?? integerOf(field(payload.user, "id")) ?? integerOf(field(connection, "id_user"));
}

function first(list: unknown): unknown {
  return Array.isArray(list) ? list[0] : undefined;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

function integerOf(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
}

let lastKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (lastKey?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    lastKey = { secret, key };
  }
  return lastKey.key;
}

/** Web Crypto's verify compares in constant time. */
async function hmacVerify(secret: string, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    signature as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
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

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
