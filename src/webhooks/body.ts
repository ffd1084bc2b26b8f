/** A delivery's body: raw bytes, inflated with a size limit, then parsed as a JSON object. */
import { WebhookPayloadError, WebhookPayloadTooLargeError, WebhookVerificationError } from "../errors.js";
import type { WebhookPayload } from "./events.js";

const encoder = new TextEncoder();

/** The body's bytes after any gzip/deflate is undone, at most `maxBytes` before and after. */
export async function bodyOf(raw: unknown, encoding: string | undefined, maxBytes: number): Promise<Uint8Array> {
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
export async function readLimited(
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

export function parsePayload(body: Uint8Array): WebhookPayload {
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

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
