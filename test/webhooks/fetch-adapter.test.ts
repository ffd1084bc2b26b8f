/** `verifyRequest` with a fetch `Request`, as Next.js route handlers, Hono, Bun, Deno and workers hand it over. */
import { WebhookPayloadError, WebhookPayloadTooLargeError, WebhookSignatureError } from "../../src/errors.js";
import { Webhooks, syncedConnections, verifyWebhookRequest } from "../../src/webhooks.js";
import { gzipBomb, signatureOptions, signedDelivery } from "./helpers.js";

const webhooks = new Webhooks();

function requestOf(delivery = signedDelivery(), body: BodyInit = delivery.rawBody as Uint8Array<ArrayBuffer>) {
  return new Request(`https://receiver.example${delivery.path}`, { method: "POST", headers: delivery.headers, body });
}

describe("verifyRequest (fetch Request)", () => {
  it("verifies a genuine delivery, signed over the URL's path and query", async () => {
    const event = await webhooks.verifyRequest(requestOf(), { ...signatureOptions, event: "CONNECTION_SYNCED" });
    expect(event.type).toBe("CONNECTION_SYNCED");
    expect(syncedConnections(event.payload)[0]?.id).toBe(7); // typed by the `event` option: either body form
  });

  it("inflates gzip and cuts a bomb off", async () => {
    await expect(
      verifyWebhookRequest(requestOf(signedDelivery({ gzip: true })), signatureOptions),
    ).resolves.toBeDefined();
    const bomb = requestOf(signedDelivery({ gzip: true }), gzipBomb(8));
    await expect(verifyWebhookRequest(bomb, { ...signatureOptions, maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(
      WebhookPayloadTooLargeError,
    );
  });

  it("refuses a tampered body", async () => {
    const d = signedDelivery();
    await expect(verifyWebhookRequest(requestOf(d, `${d.body}\n`), signatureOptions)).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });

  it("stops reading a streamed body past maxBytes, and refuses an oversize Content-Length unread", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = new Request("https://receiver.example/hook", {
      method: "POST",
      headers: signedDelivery().headers,
      body: endless,
      duplex: "half",
    } as RequestInit);
    await expect(verifyWebhookRequest(streamed, { ...signatureOptions, maxBytes: 256 * 1024 })).rejects.toBeInstanceOf(
      WebhookPayloadTooLargeError,
    );
    expect(pulled).toBeLessThan(10);
    const declared = requestOf(signedDelivery());
    declared.headers.set("content-length", String(10 ** 12));
    await expect(verifyWebhookRequest(declared, signatureOptions)).rejects.toBeInstanceOf(WebhookPayloadTooLargeError);
  });

  it("says so when the body was already read", async () => {
    const request = requestOf();
    await request.text();
    const error = await verifyWebhookRequest(request, signatureOptions).catch((e) => e);
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.message).toContain("already read");
  });

  it("verifies against `path` when a proxy rewrote the URL", async () => {
    const d = signedDelivery({ path: "/public/hook?x=1" });
    const rewritten = new Request("http://internal:8080/hook", { method: "POST", headers: d.headers, body: d.body });
    await expect(
      verifyWebhookRequest(rewritten, { ...signatureOptions, path: "/public/hook?x=1" }),
    ).resolves.toBeDefined();
  });
});
