/** Reading a delivery's headers strictly: each header the verifier relies on must come exactly once. */
import { WebhookHeaderDuplicateError, WebhookHeaderMissingError, WebhookPayloadError } from "../errors.js";

/** A fetch `Headers`, or a Node-style record (any case; a header given twice is refused). */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

/** One header's value (trimmed), undefined when absent; throws when it was given twice. */
export type HeaderReader = (name: string) => string | undefined;

/**
 * How to tell, in a value a server or `Headers` joined with `, `, that a single-valued header came twice: a
 * base64 signature and a bearer token never hold a comma; an HTTP date holds one (after the weekday), ISO 8601 none.
 */
const DOUBLED: Record<string, (value: string) => boolean> = {
  "bi-signature": (value) => value.includes(","),
  "bi-signature-date": (value) => (value.match(/,/g)?.length ?? 0) > (/^[A-Za-z]{3},/.test(value) ? 1 : 0),
  authorization: (value) => value.includes(","),
};

export function headerReader(headers: unknown): HeaderReader {
  if (headers === null || typeof headers !== "object") throw new WebhookPayloadError("webhook: headers are missing");
  const get = (headers as { get?: unknown }).get;
  const raw: (name: string) => string | undefined =
    typeof get === "function"
      ? (name) => (get.call(headers, name) as string | null) ?? undefined
      : recordReader(headers);
  return (name) => {
    const key = name.toLowerCase();
    const value = raw(key)?.trim();
    if (value !== undefined && DOUBLED[key]?.(value)) throw new WebhookHeaderDuplicateError(canonical(key));
    return value;
  };
}

/** The value of a header that must be there. */
export function requiredHeader(header: HeaderReader, name: string): string {
  const value = header(name);
  if (!value) throw new WebhookHeaderMissingError(name);
  return value;
}

function recordReader(headers: object): (name: string) => string | undefined {
  const byName = new Map<string, unknown>();
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase();
    if (byName.has(name) && value !== undefined) byName.set(name, [byName.get(name), value].flat());
    else if (value !== undefined) byName.set(name, value);
  }
  return (name) => {
    const value = byName.get(name);
    if (typeof value === "string") return value;
    if (!Array.isArray(value)) return undefined;
    const texts = value.filter((v): v is string => typeof v === "string");
    if (texts.length > 1) throw new WebhookHeaderDuplicateError(canonical(name));
    return texts[0];
  };
}

const CANONICAL: Record<string, string> = {
  "bi-signature": "BI-Signature",
  "bi-signature-date": "BI-Signature-Date",
  authorization: "Authorization",
  "content-encoding": "Content-Encoding",
};

function canonical(name: string): string {
  return CANONICAL[name] ?? name;
}
