import type { ClientRequest } from "node:http";
import type { ConnectionSyncedEvent } from "../models.js";
import { gzipSync } from "node:zlib";
import { webhookTokenOf } from "../auth/tokens.js";
import { httpDate } from "../core/dates.js";
import type { ConnectionRecord, WebhookRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { post } from "./deliver.js";
import { connectionSyncedEvent } from "./payload.js";
import { webhookSignature } from "./sign.js";

/** One POST of a webhook, as recorded in `sb.webhookDeliveries`. */
export interface WebhookDelivery {
  /** The payload's delivery id: the same on every attempt. */
  id_webhook_data: number;
  /** The webhook it was posted for. */
  webhookId: number;
  /** Where it was posted. */
  url: string;
  /** The event posted (the sandbox posts this one). */
  event: "CONNECTION_SYNCED";
  /** 1 for the first try; a payload the receiver did not take with a 200 is sent again at the user's next sync. */
  attempt: number;
  /** The receiver's HTTP status; undefined when it could not be reached (`error` says why). */
  status: number | undefined;
  /** Why the receiver could not be reached, when it could not. */
  error?: string;
  /** The headers sent (`Authorization` carries the user's token in bearer mode). */
  headers: Record<string, string>;
  /** The JSON sent, before any gzip. */
  body: string;
  /** Sandbox time of the POST. */
  at: number;
}

interface Pending {
  /** Which `reset()` generation queued it: a payload from before a reset is dropped. */
  generation: number;
  webhookId: number;
  idUser: number;
  idWebhookData: number;
  body: string;
  attempt: number;
}

export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private failed: Pending[] = [];
  private generation = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly requests = new Set<ClientRequest>();

  constructor(private readonly world: World) {}

  /** After a sync: resend what the user's receivers refused before, then post the new payload. */
  connectionSynced(connection: ConnectionRecord): void {
    const hooks = [...this.world.store.webhooks.values()].filter((h) => h.event === "CONNECTION_SYNCED");
    if (hooks.length === 0) return;
    const retries = this.failed.filter((p) => p.idUser === connection.idUser);
    this.failed = this.failed.filter((p) => p.idUser !== connection.idUser);
    for (const retry of retries) this.send({ ...retry, attempt: retry.attempt + 1 });
    const event = connectionSyncedEvent(this.world, connection);
    for (const hook of hooks) {
      const idWebhookData = this.world.store.nextId("webhookData");
      const body = JSON.stringify({ ...event, id_webhook_data: idWebhookData } satisfies ConnectionSyncedEvent);
      this.send({
        generation: this.generation,
        webhookId: hook.id,
        idUser: connection.idUser,
        idWebhookData,
        body,
        attempt: 1,
      });
    }
  }

  /** Resolves when every webhook POST under way has been answered (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  reset(): void {
    this.generation++;
    this.failed = [];
    this.deliveries.length = 0;
  }

  close(): void {
    for (const request of this.requests) request.destroy();
  }

  private send(pending: Pending): void {
    const hook = this.world.store.webhooks.get(pending.webhookId);
    if (!hook) return;
    const url = new URL(hook.url);
    const headers = this.headersFor(hook, url, pending);
    const raw = Buffer.from(pending.body, "utf8");
    const wire = hook.gzip ? gzipSync(raw) : raw;
    headers["Content-Length"] = String(wire.length);
    const delivery: WebhookDelivery = {
      id_webhook_data: pending.idWebhookData,
      webhookId: hook.id,
      url: hook.url,
      event: "CONNECTION_SYNCED",
      attempt: pending.attempt,
      status: undefined,
      headers,
      body: pending.body,
      at: this.world.clock.now(),
    };
    this.deliveries.push(delivery);
    const { request, status } = post(url, headers, wire);
    this.requests.add(request);
    const done = status
      .then((code) => {
        delivery.status = code;
        if (code !== 200) this.keepForRetry(pending);
      })
      .catch((error: Error) => {
        delivery.error = error.message;
        this.keepForRetry(pending);
        this.world.log(`webhook ${hook.id} to ${url.origin}${url.pathname} failed: ${error.message}`);
      })
      .finally(() => {
        this.requests.delete(request);
        this.inFlight.delete(done);
      });
    this.inFlight.add(done);
  }

  private keepForRetry(pending: Pending): void {
    if (pending.generation === this.generation) this.failed.push(pending);
  }

  private headersFor(hook: WebhookRecord, url: URL, pending: Pending): Record<string, string> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Budgea API/2.0",
      Accept: "*/*",
      Connection: "close",
    };
    if (hook.gzip) headers["Content-Encoding"] = "gzip";
    const auth = hook.idAuth === undefined ? undefined : this.world.store.authProviders.get(hook.idAuth);
    if (auth) {
      const date = httpDate(this.world.clock.now());
      headers["BI-Signature-Date"] = date;
      headers["BI-Signature"] = webhookSignature(auth.secret, "POST", url.pathname + url.search, date, pending.body);
    } else {
      const token = webhookTokenOf(this.world, pending.idUser);
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    return headers;
  }
}
