import { InvalidOptionsError } from "../../src/errors.js";
import { createDeliveryDeduper, verifyWebhook } from "../../src/webhooks.js";
import { signatureOptions, signedDelivery, syncedPayload } from "./helpers.js";

describe("createDeliveryDeduper", () => {
  it("accepts a delivery once and recognises its redelivery", async () => {
    const deduper = createDeliveryDeduper();
    const delivery = signedDelivery();
    const processed: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const event = await verifyWebhook(delivery, signatureOptions);
      if (deduper.claim(event.idWebhookData)) processed.push(event.idWebhookData!);
    }
    expect(processed).toEqual([4242]);
  });

  it("lets a redelivery through after release (processing failed, the API sends it again)", () => {
    const deduper = createDeliveryDeduper();
    expect(deduper.claim(1)).toBe(true);
    deduper.release(1);
    expect(deduper.has(1)).toBe(false);
    expect(deduper.claim(1)).toBe(true);
    expect(deduper.claim("1")).toBe(false); // ids from a header or a JSON string compare the same
  });

  it("always accepts a delivery without an id (nothing to recognise it by)", () => {
    const deduper = createDeliveryDeduper();
    expect([deduper.claim(undefined), deduper.claim(undefined)]).toEqual([true, true]);
    expect(deduper.size).toBe(0);
  });

  it("keeps at most `max` ids, forgetting the least recently seen first", () => {
    const deduper = createDeliveryDeduper({ max: 3 });
    for (const id of [1, 2, 3]) deduper.claim(id);
    expect(deduper.claim(1)).toBe(false); // 1 is now the most recent
    deduper.claim(4); // forgets 2
    expect([deduper.has(1), deduper.has(2), deduper.has(3), deduper.has(4)]).toEqual([true, false, true, true]);
    expect(deduper.size).toBe(3);
  });

  it("takes 10,000 deliveries with redeliveries mixed in: each id processed once, memory bounded", async () => {
    const deduper = createDeliveryDeduper({ max: 1000 });
    const processed = new Map<number, number>();
    let delivered = 0;
    for (let id = 1; delivered < 10_000; id++) {
      // the API redelivers some payloads a few deliveries later (at the user's next sync)
      for (const candidate of id % 5 === 0 ? [id, id - 3, id] : [id]) {
        delivered++;
        const body = JSON.stringify(syncedPayload(candidate));
        const event = await verifyWebhook(signedDelivery({ body }), signatureOptions);
        if (deduper.claim(event.idWebhookData)) processed.set(candidate, (processed.get(candidate) ?? 0) + 1);
      }
    }
    expect([...processed.values()].every((count) => count === 1)).toBe(true);
    expect(processed.size).toBeGreaterThan(7000);
    expect(deduper.size).toBe(1000);
  });

  it("refuses a max that is not a positive integer", () => {
    expect(() => createDeliveryDeduper({ max: 0 })).toThrow(InvalidOptionsError);
  });
});
