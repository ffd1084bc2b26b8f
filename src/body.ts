/**
 * How request bodies are encoded. Budgea takes JSON wherever the spec says formData ("application/json
 * (suggested)"), so plain objects go as JSON and the dynamic bank credential fields travel as they are. An
 * explicit Content-Type is honoured (`application/x-www-form-urlencoded`, `multipart/form-data`), and a body
 * holding a Blob (a document, a logo) goes as multipart.
 */
import { toFormData } from "../generated/runtime.js";

/** What one call's body became, and what the call must know about it. */
export interface EncodedBody {
  body: BodyInit | undefined;
  /** The body's string values (bank credentials, passwords, codes, client secrets), to scrub from error text. */
  secrets: string[];
  /** False for a stream: it can be sent once only, so the call is never retried. */
  replayable: boolean;
}

/** Encodes `body` for the Content-Type the caller set (none: JSON, or multipart when it holds a Blob). */
export function encodeBody(body: unknown, contentType: string | null | undefined): EncodedBody {
  if (body === undefined || body === null) return { body: undefined, secrets: [], replayable: true };
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream)
    return { body, secrets: [], replayable: false };
  if (isRaw(body)) return { body, secrets: rawSecrets(body), replayable: true };
  const secrets: string[] = [];
  collectStrings(body, secrets, 0);
  const type = mediaType(contentType);
  if (type === "application/x-www-form-urlencoded") return { body: toSearchParams(body), secrets, replayable: true };
  if (type === "multipart/form-data" || (type === undefined && holdsBlob(body)))
    return { body: toFormData(body), secrets, replayable: true };
  return { body: JSON.stringify(body), secrets, replayable: true };
}

/** `multipart/form-data; boundary=…` → `multipart/form-data`. */
export function mediaType(contentType: string | null | undefined): string | undefined {
  return contentType ? contentType.split(";", 1)[0]!.trim().toLowerCase() : undefined;
}

function toSearchParams(body: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      params.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return params;
}

/** A raw body's strings: the whole text, or each value of a form. */
function rawSecrets(body: BodyInit): string[] {
  const out: string[] = [];
  if (typeof body === "string") collectStrings(body, out, 0);
  if (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams)
    body.forEach((value) => collectStrings(value, out, 0));
  if (body instanceof FormData) body.forEach((value) => collectStrings(value, out, 0));
  if (typeof body === "string" && body.includes("=")) new URLSearchParams(body).forEach((v) => collectStrings(v, out, 0));
  return out;
}

function holdsBlob(body: object): boolean {
  return Object.values(body).some((value) => value instanceof Blob);
}

/** String values at any depth (a credential may sit in a nested object), up to a sane depth. */
function collectStrings(value: unknown, out: string[], depth: number): void {
  if (typeof value === "string") {
    if (value.length >= 4) out.push(value);
  } else if (value !== null && typeof value === "object" && depth < 8 && !(value instanceof Blob)) {
    for (const item of Object.values(value)) collectStrings(item, out, depth + 1);
  }
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
