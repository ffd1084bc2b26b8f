/** The Node `http` adapter over real loopback HTTP: plain `http`, an Express-like raw body, a consumed body. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookPayloadError } from "../../src/errors.js";
import type { WebhookEvent } from "../../src/webhooks.js";
import { type NodeWebhookRequest, verifyNodeRequest, webhookHandler } from "../../src/webhooks-node.js";
import { gzipBomb, signatureOptions, signedDelivery } from "./helpers.js";

type Listener = (req: NodeWebhookRequest, res: http.ServerResponse) => unknown;

let server: http.Server;
let origin: string;
let listener: Listener;

beforeAll(async () => {
  server = http.createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Posts a delivery as the API does; the body may be replaced (tampered, oversize). */
async function post(delivery = signedDelivery(), body: BodyInit = delivery.rawBody as Uint8Array<ArrayBuffer>) {
  const response = await fetch(origin + delivery.path, { method: "POST", headers: delivery.headers, body });
  return { status: response.status, text: await response.text() };
}

describe("webhookHandler on node:http", () => {
  const events: WebhookEvent[] = [];
  beforeEach(() => {
    events.length = 0;
    listener = webhookHandler(signatureOptions, (event) => void events.push(event));
  });

  it("answers 200 to a genuine delivery, gzip included, and hands over the event", async () => {
    await expect(post()).resolves.toEqual({ status: 200, text: "ok" });
    await expect(post(signedDelivery({ gzip: true }))).resolves.toMatchObject({ status: 200 });
    expect(events.map((e) => [e.type, e.idWebhookData])).toEqual([
      ["CONNECTION_SYNCED", 4242],
      ["CONNECTION_SYNCED", 4242],
    ]);
  });

  it("answers 401 to a tampered body or a missing signature", async () => {
    const d = signedDelivery();
    await expect(post(d, d.body.replace("7481.01", "9999999"))).resolves.toMatchObject({ status: 401 });
    const unsigned = { ...d, headers: { "content-type": "application/json" } };
    await expect(post(unsigned)).resolves.toMatchObject({ status: 401 });
    expect(events).toEqual([]);
  });

  it("answers 413 to an oversize body, declared or streamed, and to a gzip bomb", async () => {
    listener = webhookHandler({ ...signatureOptions, maxBytes: 64 * 1024 }, (event) => void events.push(event));
    const big = new Uint8Array(1024 * 1024);
    await expect(post(signedDelivery(), big)).resolves.toMatchObject({ status: 413 });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(new Uint8Array(16 * 1024));
        controller.close();
      },
    });
    const chunked = await fetch(origin + "/hook", {
      method: "POST",
      headers: signedDelivery().headers,
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    await chunked.text();
    await expect(post(signedDelivery({ gzip: true }), gzipBomb(2))).resolves.toMatchObject({ status: 413 });
  });

  it("answers 500 when processing fails, so the API delivers again, and reports the error", async () => {
    const failures: unknown[] = [];
    const failure = new Error("queue full");
    listener = webhookHandler(
      signatureOptions,
      () => Promise.reject(failure),
      (error) => void failures.push(error),
    );
    await expect(post()).resolves.toEqual({ status: 500, text: "error" });
    expect(failures).toEqual([failure]);
  });
});

test("webhookHandler refuses options it could never verify with when it is made, not at each delivery", () => {
  const onEvent = () => undefined;
  // process.env.BUDGEA_HMAC_SECRET unset on this machine: every delivery would have been a 500
  expect(() => webhookHandler({ hmacSecret: undefined as unknown as string }, onEvent)).toThrow(
    "option `resolveToken` or `hmacSecret`: give exactly one",
  );
  expect(() => webhookHandler({ hmacSecret: "" }, onEvent)).toThrow("option `hmacSecret` must be a non-empty string");
  expect(() => webhookHandler({ hmacSecret: "s", now: 5 as never }, onEvent)).toThrow(
    "option `now` must be a function",
  );
  expect(() => webhookHandler({ hmacSecret: "s" }, undefined as never)).toThrow("option `onEvent` must be a function");
  expect(() => webhookHandler({ hmacSecret: "s" }, onEvent)).not.toThrow();
});

describe("verifyNodeRequest", () => {
  /** Runs `handle` in the server for one delivery and returns what it produced. */
  async function inServer<T>(handle: (req: NodeWebhookRequest) => Promise<T>, delivery = signedDelivery()) {
    const result = new Promise<T | Error>((resolve) => {
      listener = async (req, res) => {
        resolve(await handle(req).catch((e: Error) => e));
        res.end();
      };
    });
    await post(delivery);
    return result;
  }

  it("uses a body already read as bytes (express.raw()) and the original URL under a mounted router", async () => {
    const event = await inServer(async (req) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      req.body = Buffer.concat(chunks); // what express.raw() leaves
      req.originalUrl = req.url;
      req.url = "/"; // what a router mounted at the hook's path leaves
      return verifyNodeRequest(req, signatureOptions);
    });
    expect(event).toMatchObject({ type: "CONNECTION_SYNCED", idWebhookData: 4242 });
  });

  it("says which middleware to use when a body parser consumed the raw body", async () => {
    const error = await inServer(async (req) => {
      for await (const _ of req); // express.json() read and parsed it
      req.body = { parsed: true };
      return verifyNodeRequest(req, signatureOptions);
    });
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect((error as Error).message).toContain("express.raw");
  });

  it("verifies against `path` when a proxy rewrote the URL", async () => {
    const delivery = signedDelivery({ path: "/public/hook" });
    const event = await inServer((req) => verifyNodeRequest(req, { ...signatureOptions, path: "/public/hook" }), {
      ...delivery,
      path: "/internal/hook",
    });
    expect(event).toMatchObject({ idUser: 7 });
  });
});
