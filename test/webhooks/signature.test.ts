import { inspect } from "node:util";
import {
  InvalidOptionsError,
  WebhookHeaderMissingError,
  WebhookPayloadError,
  WebhookPayloadTooLargeError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookVerificationError,
} from "../../src/errors.js";
import { Webhooks, signWebhook, syncedConnections, verifyWebhook } from "../../src/webhooks.js";
import { NOW, SECRET, hmac, signatureOptions, signedDelivery, syncedPayload } from "./helpers.js";

const webhooks = new Webhooks();

describe("BI-Signature verification", () => {
  it("returns the typed CONNECTION_SYNCED event of a genuine delivery", async () => {
    const event = await webhooks.verify(signedDelivery(), signatureOptions);
    expect(event.type).toBe("CONNECTION_SYNCED");
    if (event.type !== "CONNECTION_SYNCED") throw new Error("narrowing");
    expect(event.payload).toEqual(syncedPayload());
    expect(event.idWebhookData).toBe(4242);
    expect(event.idUser).toBe(7);
    expect(event.signedAt).toEqual(new Date(Math.floor(NOW / 1000) * 1000));
    // removed transactions are visible in the types and the data
    const deleted: string | null | undefined =
      syncedConnections(event.payload)[0]?.accounts?.[0]?.transactions?.[1]?.deleted;
    expect(deleted).toBe("2015-07-04 15:17:30");
  });

  it("signs the request target as received: pathname and query string", async () => {
    const delivery = signedDelivery({ path: "/hooks/budgea?tenant=a%20b&x=1" });
    await expect(verifyWebhook(delivery, signatureOptions)).resolves.toMatchObject({ type: "CONNECTION_SYNCED" });
    const withoutQuery = { ...delivery, path: "/hooks/budgea" };
    await expect(verifyWebhook(withoutQuery, signatureOptions)).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it("takes a full URL as path, keeping its pathname and query", async () => {
    const delivery = signedDelivery({ path: "/hook?a=1" });
    const event = verifyWebhook({ ...delivery, path: "https://app.example/hook?a=1" }, signatureOptions);
    await expect(event).resolves.toMatchObject({ idWebhookData: 4242 });
  });

  it("accepts Headers, Node-style records in any case, and every raw body type", async () => {
    const d = signedDelivery();
    const mixedCase = {
      "BI-Signature": d.headers["bi-signature"],
      "Bi-Signature-Date": d.headers["bi-signature-date"],
    };
    const bodies = [d.rawBody, d.body, new Uint8Array(d.rawBody).buffer, Buffer.from(d.body)];
    for (const headers of [new Headers(d.headers), d.headers, mixedCase]) {
      for (const rawBody of bodies) {
        await expect(verifyWebhook({ ...d, headers, rawBody }, signatureOptions)).resolves.toMatchObject({ idUser: 7 });
      }
    }
  });

  it("refuses a tampered body, a wrong secret and another method", async () => {
    const d = signedDelivery();
    const tampered = { ...d, rawBody: Buffer.from(d.body.replace("-16.22", "-1622")) };
    await expect(verifyWebhook(tampered, signatureOptions)).rejects.toBeInstanceOf(WebhookSignatureError);
    const wrongSecret = signedDelivery({ secret: "another-secret" });
    await expect(verifyWebhook(wrongSecret, signatureOptions)).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(verifyWebhook({ ...d, method: "PUT" }, signatureOptions)).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
    const garbled = { ...d, headers: { ...d.headers, "bi-signature": "%%not base64%%" } };
    await expect(verifyWebhook(garbled, signatureOptions)).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it("accepts a date within the window, both ways, and refuses stale or future ones", async () => {
    const at = (offsetSeconds: number) => signedDelivery({ date: new Date(NOW + offsetSeconds * 1000).toUTCString() });
    await expect(verifyWebhook(at(-299), signatureOptions)).resolves.toBeDefined();
    await expect(verifyWebhook(at(299), signatureOptions)).resolves.toBeDefined();
    const stale = await verifyWebhook(at(-301), signatureOptions).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WebhookTimestampError);
    expect(stale).toMatchObject({ reason: "stale", skewSeconds: 301, status: 401 });
    const future = await verifyWebhook(at(301), signatureOptions).catch((e: unknown) => e);
    expect(future).toMatchObject({ reason: "future", skewSeconds: 301 });
    await expect(verifyWebhook(at(-30), { ...signatureOptions, toleranceSeconds: 10 })).rejects.toBeInstanceOf(
      WebhookTimestampError,
    );
  });

  it("checks freshness against the real clock by default (a replay of an old delivery)", async () => {
    await expect(verifyWebhook(signedDelivery(), { hmacSecret: SECRET })).rejects.toMatchObject({ reason: "stale" });
  });

  it("accepts an ISO 8601 date with an offset and refuses an unreadable one", async () => {
    const iso = signedDelivery({ date: "2025-03-30T03:30:00+02:00" });
    await expect(verifyWebhook(iso, signatureOptions)).resolves.toBeDefined();
    const naive = signedDelivery({ date: "2025-03-30 03:30:00" });
    await expect(verifyWebhook(naive, signatureOptions)).rejects.toMatchObject({ reason: "unreadable" });
  });

  it("names the missing header", async () => {
    const d = signedDelivery();
    for (const name of ["BI-Signature", "BI-Signature-Date"]) {
      const headers = { ...d.headers, [name.toLowerCase()]: undefined };
      const error = await verifyWebhook({ ...d, headers }, signatureOptions).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookHeaderMissingError);
      expect(error).toMatchObject({ header: name, message: `webhook: the ${name} header is missing` });
    }
  });

  it("refuses an oversize body with 413 before looking at it", async () => {
    const body = JSON.stringify({ ...syncedPayload(), padding: "x".repeat(2048) });
    const error = await verifyWebhook(signedDelivery({ body }), { ...signatureOptions, maxBytes: 1024 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(WebhookPayloadTooLargeError);
    expect(error).toMatchObject({ status: 413, maxBytes: 1024 });
  });

  it("refuses a signed body that is not a JSON object with 400", async () => {
    for (const body of ["not json", "[1,2]", "null", '"text"']) {
      const error = await verifyWebhook(signedDelivery({ body }), signatureOptions).catch((e) => e);
      expect(error).toBeInstanceOf(WebhookPayloadError);
      expect(error.status).toBe(400);
    }
    const d = signedDelivery();
    const invalidUtf8 = Buffer.from([0x7b, 0xff, 0x7d]);
    const date = d.headers["bi-signature-date"]!;
    const headers = { ...d.headers, "bi-signature": hmac(SECRET, "POST", d.path, date, invalidUtf8) };
    await expect(verifyWebhook({ ...d, headers, rawBody: invalidUtf8 }, signatureOptions)).rejects.toBeInstanceOf(
      WebhookPayloadError,
    );
  });

  it("never shows the secret or the signature in an error", async () => {
    const d = signedDelivery();
    const errors = await Promise.all([
      verifyWebhook({ ...d, rawBody: Buffer.from(`${d.body} `) }, signatureOptions).catch((e: Error) => e),
      verifyWebhook(signedDelivery({ date: "Sun, 30 Mar 2025 00:00:00 GMT" }), signatureOptions).catch((e: Error) => e),
    ]);
    for (const error of errors) {
      if (!(error instanceof WebhookVerificationError)) throw new Error("expected a WebhookVerificationError");
      const shown = [error.message, String(error), JSON.stringify(error), inspect(error)].join("\n");
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(d.headers["bi-signature"]);
    }
  });

  it("refuses options that are neither or both ways", async () => {
    const d = signedDelivery();
    const both = { hmacSecret: SECRET, resolveToken: () => "t" } as never;
    await expect(verifyWebhook(d, both)).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(verifyWebhook(d, {} as never)).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(verifyWebhook(d, { hmacSecret: "" })).rejects.toBeInstanceOf(InvalidOptionsError);
  });
});

describe("event types", () => {
  const deliver = (payload: object) => signedDelivery({ body: JSON.stringify(payload) });

  it("types the event from the `event` option", async () => {
    const account = syncedPayload().connections[0]!.accounts![0]!;
    const event = await verifyWebhook(deliver({ ...account, id_webhook_data: 9 }), {
      ...signatureOptions,
      event: "ACCOUNT_SYNCED",
    });
    expect(event.type).toBe("ACCOUNT_SYNCED");
    const balance: number | null | undefined = event.payload.balance; // typed as the spec's Account
    expect(balance).toBe(7481.01);
    expect(event.idWebhookData).toBe(9);
  });

  it("keeps an event name it does not know, generic", async () => {
    const event = await verifyWebhook(deliver({ id_user: 3, whatever: true }), {
      ...signatureOptions,
      event: "NEW_EVENT_2030",
    });
    expect(event).toMatchObject({ type: "unknown", name: "NEW_EVENT_2030", idUser: 3, payload: { whatever: true } });
  });

  it("without the option, tells CONNECTION_SYNCED by its shape and leaves the rest unknown", async () => {
    await expect(verifyWebhook(deliver(syncedPayload()), signatureOptions)).resolves.toMatchObject({
      type: "CONNECTION_SYNCED",
    });
    const other = await verifyWebhook(deliver({ id: 5 }), signatureOptions);
    expect(other).toMatchObject({ type: "unknown", name: undefined, idWebhookData: undefined, idUser: undefined });
  });
});

describe("sign()", () => {
  it("produces what the API sends: verify accepts it and node:crypto agrees", async () => {
    const body = JSON.stringify(syncedPayload());
    const date = new Date(NOW);
    const headers = await signWebhook({ path: "/hook?a=1", body, secret: SECRET, date });
    expect(headers["BI-Signature-Date"]).toBe("Sun, 30 Mar 2025 01:30:00 GMT");
    expect(headers["BI-Signature"]).toBe(hmac(SECRET, "POST", "/hook?a=1", headers["BI-Signature-Date"], body));
    const event = await webhooks.verify(
      { method: "POST", path: "/hook?a=1", headers, rawBody: body },
      signatureOptions,
    );
    expect(event.idWebhookData).toBe(4242);
  });
});
