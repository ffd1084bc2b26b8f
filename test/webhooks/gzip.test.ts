import { deflateSync, gzipSync } from "node:zlib";
import { WebhookPayloadError, WebhookPayloadTooLargeError } from "../../src/errors.js";
import { verifyWebhook } from "../../src/webhooks.js";
import { gzipBomb, signatureOptions, signedDelivery } from "./helpers.js";

describe("gzip bodies", () => {
  it("inflates a gzip body and checks the signature over the JSON", async () => {
    const event = await verifyWebhook(signedDelivery({ gzip: true }), signatureOptions);
    expect(event).toMatchObject({ type: "CONNECTION_SYNCED", idWebhookData: 4242 });
  });

  it("also takes x-gzip and deflate", async () => {
    const d = signedDelivery();
    const xgzip = { ...d, headers: { ...d.headers, "content-encoding": "x-gzip" }, rawBody: gzipSync(d.body) };
    const deflate = { ...d, headers: { ...d.headers, "content-encoding": "deflate" }, rawBody: deflateSync(d.body) };
    await expect(verifyWebhook(xgzip, signatureOptions)).resolves.toBeDefined();
    await expect(verifyWebhook(deflate, signatureOptions)).resolves.toBeDefined();
  });

  it("cuts a gzip bomb off at maxBytes instead of inflating it", async () => {
    const bomb = gzipBomb(64); // ~1 MB on the wire, 1 GiB inflated
    const d = signedDelivery({ gzip: true });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const error = await verifyWebhook(
      { ...d, rawBody: bomb },
      { ...signatureOptions, maxBytes: 2 * 1024 * 1024 },
    ).catch((e) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(WebhookPayloadTooLargeError);
    expect(error.status).toBe(413);
    expect(elapsed).toBeLessThan(1000); // inflating the whole GiB takes seconds
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses a body over maxBytes inflated even when small on the wire", async () => {
    const d = signedDelivery({ body: JSON.stringify({ pad: "0".repeat(100_000) }), gzip: true });
    expect(d.rawBody.byteLength).toBeLessThan(1024);
    await expect(verifyWebhook(d, { ...signatureOptions, maxBytes: 10_000 })).rejects.toBeInstanceOf(
      WebhookPayloadTooLargeError,
    );
  });

  it("refuses bad, truncated or empty gzip, and unknown encodings, with 400", async () => {
    const d = signedDelivery({ gzip: true });
    const bodies = [Buffer.from("not gzip at all"), d.rawBody.subarray(0, d.rawBody.byteLength - 8), new Uint8Array(0)];
    for (const rawBody of bodies) {
      const error = await verifyWebhook({ ...d, rawBody }, signatureOptions).catch((e) => e);
      expect(error).toBeInstanceOf(WebhookPayloadError);
      expect(error.status).toBe(400);
    }
    const brotli = { ...d, headers: { ...d.headers, "content-encoding": "br" } };
    await expect(verifyWebhook(brotli, signatureOptions)).rejects.toBeInstanceOf(WebhookPayloadError);
  });
});
