/**
 * The webhook receiver under load (issue 8 §5): 10,000 deliveries over loopback to a node:http receiver
 * built with `webhookHandler` and a bounded deduper — valid ones (a fifth of them redeliveries), tampered
 * bodies, stale dates, oversize bodies and gzip bombs. Every valid delivery is processed exactly once per
 * `id_webhook_data`, every bad one is refused with its status, and memory stays bounded.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { createDeliveryDeduper, signWebhook } from "../../src/index.js";
import { webhookHandler } from "../../src/webhooks-node.js";

const SECRET = "load-test-secret";
const PATH = "/hooks/budgea";
const MAX_BYTES = 64 * 1024;
const DELIVERIES = 10_000;
const CONCURRENCY = 32;

type Kind = "valid" | "redelivery" | "tampered" | "stale" | "oversize" | "bomb";
const EXPECTED_STATUS: Record<Kind, number> = { valid: 200, redelivery: 200, tampered: 401, stale: 401, oversize: 413, bomb: 413 };

test("10,000 deliveries: each valid one processed exactly once, each bad one refused, memory bounded", async () => {
  const processed = new Map<number, number>();
  const deduper = createDeliveryDeduper({ max: 2_000 });
  const server = http.createServer(
    webhookHandler({ hmacSecret: SECRET, maxBytes: MAX_BYTES, event: "CONNECTION_SYNCED" }, (event) => {
      if (!deduper.claim(event.idWebhookData)) return;
      processed.set(event.idWebhookData!, (processed.get(event.idWebhookData!) ?? 0) + 1);
    }),
  );
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)); // 50 MB of zeros in ~50 KB
  const heapBefore = retainedHeap();

  const kinds = Array.from({ length: DELIVERIES }, (_, i): Kind => {
    const r = i % 20;
    return r < 11 ? "valid" : r < 14 ? "redelivery" : r < 16 ? "tampered" : r < 18 ? "stale" : r < 19 ? "oversize" : "bomb";
  });
  const validIds = new Set<number>();
  const mismatches: string[] = [];
  let next = 0;
  let lastValid = 0;

  async function deliver(i: number): Promise<void> {
    const kind = kinds[i]!;
    const id = kind === "redelivery" && lastValid ? lastValid : i + 1;
    if (kind === "valid") {
      validIds.add(id);
      lastValid = id;
    }
    const body = JSON.stringify({ connections: [{ id: 1, id_user: 1, id_connector: 59, active: true, accounts: [] }], id_webhook_data: id });
    const date = kind === "stale" ? new Date(Date.now() - 3_600_000) : new Date();
    const headers: Record<string, string> = { "content-type": "application/json", ...(await signWebhook({ path: PATH, body, secret: SECRET, date })) };
    let payload: string | Uint8Array<ArrayBuffer> = body;
    if (kind === "tampered") payload = body.replace('"id_connector":59', '"id_connector":60');
    if (kind === "oversize") payload = JSON.stringify({ connections: [], id_webhook_data: id, padding: "x".repeat(MAX_BYTES) });
    if (kind === "bomb") {
      payload = new Uint8Array(bomb);
      headers["content-encoding"] = "gzip";
    }
    const response = await fetch(url, { method: "POST", headers, body: payload });
    await response.arrayBuffer();
    if (response.status !== EXPECTED_STATUS[kind]) mismatches.push(`${i} ${kind}: ${response.status}`);
  }

  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < DELIVERIES) await deliver(next++);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  expect(mismatches).toEqual([]);
  expect([...processed.values()].every((times) => times === 1)).toBe(true);
  expect(new Set(processed.keys())).toEqual(validIds);
  expect(deduper.size).toBeLessThanOrEqual(2_000);
  // Bounded: what the receiver keeps once the deliveries are done (the deduper's ids), not what V8 grew to.
  const growthMb = (retainedHeap() - heapBefore) / 1024 / 1024;
  expect(growthMb).toBeLessThan(20);
  process.stdout.write(
    `\nWebhook load: ${DELIVERIES} deliveries in ${seconds.toFixed(1)} s (${Math.round(DELIVERIES / seconds)}/s), ` +
      `${validIds.size} valid processed once each, ${DELIVERIES - validIds.size - kinds.filter((k) => k === "redelivery").length} bad refused, ` +
      `redeliveries skipped, heap retained ${growthMb.toFixed(1)} MB, deduper ${deduper.size} ids\n`,
  );
}, 120_000);

/** The heap in use after a full garbage collection. */
function retainedHeap(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}
