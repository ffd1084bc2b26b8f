import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "./errors.js";

/** A request's fields: a JSON object, or the string values of a urlencoded or multipart form. */
export type Fields = Record<string, unknown>;

const MAX_BODY_BYTES = 1024 * 1024;

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, "requestTooLarge", "The request body exceeds 1 MB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a body the way the API takes it: JSON (suggested), urlencoded or multipart (`curl -F`). */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<Fields> {
  if (raw.length === 0) return {};
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return parseJsonObject(raw);
  if (type === "application/x-www-form-urlencoded")
    return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  if (type === "multipart/form-data") return parseMultipart(raw, contentType!);
  const text = raw.toString("utf8").trim();
  return text.startsWith("{") ? parseJsonObject(raw) : Object.fromEntries(new URLSearchParams(text));
}

function parseJsonObject(raw: Buffer): Fields {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw badRequest("Malformed JSON body");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badRequest("The JSON body must be an object");
  }
  return value as Fields;
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<Fields> {
  try {
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    const fields: Fields = {};
    for (const [key, value] of form.entries()) fields[key] = typeof value === "string" ? value : "";
    return fields;
  } catch {
    throw badRequest("Malformed multipart body");
  }
}
