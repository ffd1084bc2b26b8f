/**
 * How request bodies are encoded (openapi-fetch's `bodySerializer`). Budgea takes JSON wherever the spec
 * says formData ("application/json (suggested)"), so plain objects are sent as JSON and the dynamic bank
 * credential fields travel as they are; a body holding a Blob (a document, a logo) goes as multipart.
 */
import { toFormData } from "../generated/runtime.js";

/** Streams we were given as bodies: such a request cannot be replayed, so it is never retried. */
export const streamBodies = new WeakSet<object>();

/**
 * The string values of the body just serialized: bank credentials, passwords, codes, client secrets.
 * openapi-fetch calls the first middleware's onRequest synchronously after serializing, so that middleware
 * takes them (see middleware/secrets.ts) and error text can be scrubbed of them if the API echoes one.
 */
let lastBodySecrets: string[] = [];

export function takeBodySecrets(): string[] {
  const secrets = lastBodySecrets;
  lastBodySecrets = [];
  return secrets;
}

export function serializeBody(body: unknown): BodyInit | undefined {
  lastBodySecrets = [];
  if (body === undefined || body === null) return undefined;
  if (typeof body === "object" && !isRaw(body) && !isStream(body)) {
    lastBodySecrets = Object.values(body).filter((v): v is string => typeof v === "string" && v.length >= 4);
  }
  if (isStream(body)) {
    streamBodies.add(body);
    return body;
  }
  if (isRaw(body)) return body;
  if (typeof body === "object" && Object.values(body).some((v) => v instanceof Blob)) return toFormData(body);
  return JSON.stringify(body);
}

function isStream(body: unknown): body is ReadableStream {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}

function isRaw(body: unknown): body is BodyInit {
  return (
    typeof body === "string" ||
    body instanceof FormData ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}
