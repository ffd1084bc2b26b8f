/** The sandbox posts real webhooks over loopback; our Node receiver verifies them, both ways the API signs. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Budgea } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { type WebhookEvent, createDeliveryDeduper, syncedConnections } from "../../src/webhooks.js";
import { type NodeWebhookRequest, webhookHandler } from "../../src/webhooks-node.js";

let sb: Sandbox;
let receiver: http.Server;
let origin: string;
let listener: (req: NodeWebhookRequest, res: http.ServerResponse) => unknown = (_req, res) => res.end();

beforeAll(async () => {
  receiver = http.createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sb = await startSandbox({ seed: 11 });
});

afterAll(async () => {
  await sb.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => sb.reset());

test("signed, gzip-encoded deliveries verify; a failed one is redelivered and processed exactly once", async () => {
  const { secret } = sb.addWebhook({ url: `${origin}/hooks/budgea`, auth: "signature", gzip: true });
  const seen = createDeliveryDeduper();
  const processed: WebhookEvent[] = [];
  let busy = true; // the first delivery fails on our side: the API sends it again at the next sync
  listener = webhookHandler({ hmacSecret: secret!, event: "CONNECTION_SYNCED" }, (event) => {
    if (!seen.claim(event.idWebhookData)) return;
    if (busy) {
      busy = false;
      seen.release(event.idWebhookData);
      throw new Error("busy");
    }
    processed.push(event);
  });

  const user = sb.createUser();
  await sb.flushWebhooks();
  const api = new Budgea({ baseUrl: sb.url }).withToken(user.token);
  for (let sync = 0; sync < 2; sync++) {
    await api.connections.sync(user.connectionId); // the second finds the first one's `coming` transaction settled
    await sb.flushWebhooks();
  }

  const deliveries = sb.webhookDeliveries.map((d) => [d.id_webhook_data, d.status] as const);
  const [failedId] = deliveries[0]!;
  expect(deliveries.filter(([, status]) => status !== 200)).toEqual([[failedId, 500]]);
  expect(deliveries.filter(([id]) => id === failedId)).toEqual([
    [failedId, 500],
    [failedId, 200], // redelivered at the next sync
  ]);
  const ids = [...new Set(deliveries.map(([id]) => id))].sort();
  expect(processed.map((e) => e.idWebhookData).sort()).toEqual(ids); // each exactly once
  expect(processed.every((e) => e.type === "CONNECTION_SYNCED" && e.idUser === user.idUser)).toBe(true);
  const afterSync = processed.find((e) => e.idWebhookData === ids.at(-1))!;
  if (afterSync.type !== "CONNECTION_SYNCED") throw new Error("narrowing");
  const transactions = syncedConnections(afterSync.payload)
    .flatMap((c) => c.accounts ?? [])
    .flatMap((a) => a.transactions ?? []);
  expect(transactions.some((tx) => tx.deleted)).toBe(true); // removed, with `deleted` set

  // A replay of a delivery already processed, within the freshness window: verified, then recognised.
  const replayed = sb.webhookDeliveries.at(-1)!;
  const body = new Uint8Array(gzipSync(replayed.body));
  const response = await fetch(replayed.url, { method: "POST", headers: replayed.headers, body });
  expect(response.status).toBe(200);
  expect(processed).toHaveLength(ids.length);
});

test("bearer deliveries (2020) verify against the user's token, and another token is refused", async () => {
  sb.addWebhook({ url: `${origin}/callback`, auth: "bearer" });
  const tokens = new Map<number, string>();
  const events: WebhookEvent[] = [];
  listener = webhookHandler({ resolveToken: ({ idUser }) => tokens.get(idUser ?? -1) }, (e) => void events.push(e));

  const alice = sb.createUser();
  tokens.set(alice.idUser, alice.token);
  const bob = sb.createUser();
  tokens.set(bob.idUser, alice.token); // not bob's
  await sb.flushWebhooks();

  const statusByUser = sb.webhookDeliveries.map((d) => [JSON.parse(d.body).user.id, d.status]);
  expect(new Set(statusByUser.map(String))).toEqual(new Set([`${alice.idUser},200`, `${bob.idUser},401`]));
  expect(events.length).toBeGreaterThan(0);
  expect(events.every((e) => e.idUser === alice.idUser)).toBe(true);
});
