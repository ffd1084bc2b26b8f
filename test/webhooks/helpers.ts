/** Deliveries as the API sends them, signed with node:crypto: an oracle independent of the code under test. */
import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ConnectionSyncedPush } from "../../generated/models.js";

export const SECRET = "whsec-canary-4f1d2e";
export const USER_TOKEN = "user-token-canary-9a8b7c";
export const NOW = Date.parse("2025-03-30T01:30:00Z");

/** A CONNECTION_SYNCED payload of the 2020 docs: one account, a new transaction and a removed one. */
export function syncedPayload(idWebhookData = 4242, idUser = 7): ConnectionSyncedPush {
  const tx = {
    id: 309,
    id_account: 17,
    date: "2015-06-18",
    rdate: "2015-06-17",
    value: -16.22,
    nature: "card",
    type: "card",
    original_wording: "FACTURE CB HALL'S BEER",
    simplified_wording: "HALL'S BEER",
    stemmed_wording: "HALL'S BEER",
    state: "parsed",
    date_scraped: "2015-07-04 15:17:30",
    coming: false,
    active: true,
    deleted: null,
  };
  return {
    connections: [
      {
        id: 7,
        id_user: idUser,
        id_connector: 41,
        active: true,
        last_update: "2015-07-04 15:17:31",
        accounts: [
          {
            id: 17,
            id_connection: 7,
            original_name: "Compte chèque",
            balance: 7481.01,
            coming: 0,
            display: true,
            bookmarked: false,
            transactions: [tx, { ...tx, id: 310, deleted: "2015-07-04 15:17:30" }],
          },
        ],
      },
    ],
    total: 1,
    user: { id: idUser, signin: "2015-07-04 15:17:29", platform: "sharedAccess" },
    id_webhook_data: idWebhookData,
  };
}

export function hmac(secret: string, method: string, path: string, date: string, body: string | Uint8Array): string {
  return createHmac("sha256", secret).update(`${method}.${path}.${date}.`).update(body).digest("base64");
}

export interface Delivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: Uint8Array;
  body: string;
}

/** A signed delivery (`BI-Signature`), optionally gzip-encoded on the wire. */
export function signedDelivery(
  options: { body?: string; path?: string; secret?: string; date?: string; gzip?: boolean } = {},
): Delivery {
  const body = options.body ?? JSON.stringify(syncedPayload());
  const path = options.path ?? "/webhooks/budgea?tenant=acme";
  const date = options.date ?? new Date(NOW).toUTCString();
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "bi-signature-date": date,
    "bi-signature": hmac(options.secret ?? SECRET, "POST", path, date, body),
  };
  if (options.gzip) headers["content-encoding"] = "gzip";
  const rawBody = options.gzip ? gzipSync(body) : Buffer.from(body);
  return { method: "POST", path, headers, rawBody, body };
}

/** A 2020 delivery: the user's token as bearer. */
export function bearerDelivery(options: { body?: string; token?: string } = {}): Delivery {
  const body = options.body ?? JSON.stringify(syncedPayload());
  return {
    method: "POST",
    path: "/callback",
    headers: {
      "content-type": "application/json; charset=utf-8",
      authorization: `Bearer ${options.token ?? USER_TOKEN}`,
    },
    rawBody: Buffer.from(body),
    body,
  };
}

/** `copies` gzip members of 16 MiB of zeros each: about 16 KB a member on the wire. */
export function gzipBomb(copies: number): Uint8Array<ArrayBuffer> {
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  return new Uint8Array(Buffer.concat(Array.from({ length: copies }, () => member)));
}

export const signatureOptions = { hmacSecret: SECRET, now: () => NOW };
