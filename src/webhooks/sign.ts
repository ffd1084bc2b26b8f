/** Signing a delivery the way the API does, to test a receiver (Web Crypto: every runtime). */
import { InvalidOptionsError } from "../errors.js";
import { objectArg } from "../options.js";
import { hmacKey, signedBytes } from "./signed-bytes.js";

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

/** The signature headers of a delivery (a plain object: spread it into any headers). */
export type SignatureHeaders = {
  /** base64 HMAC-SHA256 of `METHOD.path.date.body`. */
  "BI-Signature": string;
  /** The date signed: an HTTP date, or `date` as given when it is a string. */
  "BI-Signature-Date": string;
};

/** The signature headers of a delivery: `BI-Signature` and `BI-Signature-Date` (an HTTP date). */
export async function signWebhook(input: SignInput): Promise<SignatureHeaders> {
  const { method = "POST", path, body, secret, date = new Date() } = objectArg(input, "signWebhook(input)", true);
  if (typeof secret !== "string" || !secret) throw new InvalidOptionsError("secret", "must be a non-empty string");
  if (typeof method !== "string" || !method) throw new InvalidOptionsError("method", "must be an HTTP method");
  if (typeof path !== "string" || !path) throw new InvalidOptionsError("path", "must be the request target (`/hook`)");
  if (typeof body !== "string" && !(body instanceof Uint8Array))
    throw new InvalidOptionsError("body", "must be the raw body, a string or a Uint8Array");
  if (typeof date !== "string" && !(date instanceof Date && !Number.isNaN(date.getTime())))
    throw new InvalidOptionsError("date", "must be a valid Date or the header's text");
  const dateText = typeof date === "string" ? date : date.toUTCString();
  const data = signedBytes({ method, path, date: dateText, body });
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), data));
  return { "BI-Signature": btoa(String.fromCharCode(...mac)), "BI-Signature-Date": dateText };
}
