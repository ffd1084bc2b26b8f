/** Arbitrary requests: verify resolves or rejects with a WebhookVerificationError, never anything else. */
import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { WebhookVerificationError } from "../../src/errors.js";
import { type VerifyOptions, type WebhookRequest, verifyWebhook } from "../../src/webhooks.js";
import { NOW, SECRET, USER_TOKEN, hmac, signatureOptions, syncedPayload } from "./helpers.js";

fc.configureGlobal({ seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 100) });

const headerNames = fc.constantFrom(
  "BI-Signature",
  "bi-signature-date",
  "Authorization",
  "content-encoding",
  "Content-Length",
  "x-anything",
);
const headerValue = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("gzip", "deflate", "br", `Bearer ${USER_TOKEN}`, "Bearer ", new Date(NOW).toUTCString(), "=="),
  fc.array(fc.string(), { maxLength: 3 }),
);
const headers = fc.dictionary(headerNames, headerValue, { maxKeys: 6 });
const jsonText = fc.oneof(
  fc.json(),
  fc.constant(JSON.stringify(syncedPayload())),
  fc.jsonValue().map((v) => JSON.stringify({ connections: v, user: v, id_user: v, id_webhook_data: v })),
);
const rawBody = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.uint8Array({ maxLength: 512 }),
  jsonText,
  jsonText.map((text) => gzipSync(text)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => gzipSync(bytes).subarray(0, 12)),
);
const request = fc.record({ method: fc.string(), path: fc.string(), headers, rawBody });

/** Signed for real half of the time, so the paths past the signature check are reached too. */
const signedRequest = fc.tuple(request, fc.boolean(), fc.integer({ min: -1000, max: 1000 })).map(([r, sign, skew]) => {
  if (!sign) return r;
  const date = new Date(NOW + skew * 1000).toUTCString();
  return {
    ...r,
    headers: {
      ...r.headers,
      "bi-signature-date": date,
      "bi-signature": hmac(SECRET, r.method.toUpperCase(), r.path, date, r.rawBody),
    },
  };
});

async function onlyTypedErrors(req: WebhookRequest, options: VerifyOptions): Promise<void> {
  try {
    await verifyWebhook(req, options);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
  }
}

describe("verify under arbitrary input", () => {
  it("signature mode: only WebhookVerificationErrors", async () => {
    await fc.assert(
      fc.asyncProperty(signedRequest, (req) => onlyTypedErrors(req, { ...signatureOptions, maxBytes: 4096 })),
    );
  });

  it("bearer mode: only WebhookVerificationErrors", async () => {
    const resolveToken = ({ idUser }: { idUser: number | undefined }) => (idUser === 7 ? USER_TOKEN : undefined);
    await fc.assert(fc.asyncProperty(request, (req) => onlyTypedErrors(req, { resolveToken, maxBytes: 4096 })));
  });

  it("malformed requests: only WebhookVerificationErrors", async () => {
    const junk = fc.anything();
    const req = fc.record({ method: junk, path: junk, headers: junk, rawBody: junk }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(req, junk), (r) => onlyTypedErrors(r as WebhookRequest, signatureOptions)),
    );
  });
});
