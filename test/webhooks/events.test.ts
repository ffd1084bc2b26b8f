/**
 * The events: one `as const` list gives the type and the run-time check; CONNECTION_SYNCED is recognised in
 * both of its body forms without the `event` option; signing and verifying (and the sandbox's signer) share
 * one signed-bytes builder.
 */
import {
  WEBHOOK_EVENT_NAMES,
  type WebhookEventName,
  isWebhookEventName,
  signWebhook,
  syncedConnections,
  verifyWebhook,
} from "../../src/index.js";
import { signWebhook as sandboxSignWebhook, webhookSignature } from "../../src/testing/index.js";
import { signedBytes } from "../../src/webhooks/signed-bytes.js";
import { connectionSynced2020, connectionSyncedToday } from "../fixtures/today/index.js";
import { NOW, SECRET, signatureOptions, signedDelivery } from "./helpers.js";

const deliver = (payload: object) => signedDelivery({ body: JSON.stringify(payload) });

test("the event names: one list, the type and the check come from it", () => {
  const names: readonly WebhookEventName[] = WEBHOOK_EVENT_NAMES;
  expect(names).toContain("CONNECTION_SYNCED");
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) expect(isWebhookEventName(name)).toBe(true);
  for (const other of ["connection_synced", "CONNECTION_SYNCED ", "", undefined, 42]) {
    expect(isWebhookEventName(other)).toBe(false);
  }
});

describe("CONNECTION_SYNCED without the `event` option", () => {
  it("is recognised in today's body (one `connection` and its `user`) and in the 2020 one", async () => {
    for (const payload of [connectionSyncedToday, connectionSynced2020]) {
      const event = await verifyWebhook(deliver(payload), signatureOptions);
      expect([event.type, event.idUser, event.idWebhookData]).toEqual([
        "CONNECTION_SYNCED",
        1,
        payload.id_webhook_data,
      ]);
      if (event.type !== "CONNECTION_SYNCED") throw new Error("narrowing");
      expect(syncedConnections(event.payload).map((c) => c.id)).toEqual([7]);
    }
  });

  it("is not guessed from a lone `connection` (CONNECTION_DELETED may carry one): that stays unknown", async () => {
    const event = await verifyWebhook(deliver({ connection: { id: 7 } }), signatureOptions);
    expect(event).toMatchObject({ type: "unknown", name: undefined });
  });

  it("a handler reading either form through syncedConnections never throws, whatever arrives", () => {
    const odd = [{ connection: null }, { connections: "7" }, {}, { connection: [] }];
    for (const payload of odd) expect(syncedConnections(payload as never)).toEqual([]);
  });
});

describe("one signed-bytes builder", () => {
  const date = new Date(NOW).toUTCString();
  const body = JSON.stringify(connectionSyncedToday);

  it("signWebhook, the sandbox's signer and the verifier agree on the same bytes", async () => {
    const headers = await signWebhook({ path: "https://app.example/hook?a=1", body, secret: SECRET, date });
    expect(webhookSignature(SECRET, "post", "/hook?a=1", date, body)).toBe(headers["BI-Signature"]);
    const event = await verifyWebhook({ method: "POST", path: "/hook?a=1", headers, rawBody: body }, signatureOptions);
    expect(event.type).toBe("CONNECTION_SYNCED");
  });

  it("is METHOD.path.date. then the body, a full URL reduced to its path and query", () => {
    const bytes = signedBytes({ method: "post", path: "https://app.example/hook?a=1", date: "D", body: "{}" });
    expect(new TextDecoder().decode(bytes)).toBe("POST./hook?a=1.D.{}");
  });

  it("budgea/testing keeps the old name of its signer working", () => {
    expect(sandboxSignWebhook).toBe(webhookSignature);
  });
});
