/**
 * Webhook intake: verify a delivery (token or BI-Signature, as `verifyWebhook`), then enqueue it as a job
 * whose id is its `id_webhook_data`, so a redelivery the API sends while the first is queued or done is not
 * enqueued again. Answer the API 200 once `receive` resolves (the work is queued, not done); a
 * WebhookVerificationError carries the status to answer.
 */
import type { Queue } from "bullmq";
import { type VerifyOptions, type WebhookRequest, verifyWebhook } from "../webhooks.js";
import type { SyncJobData } from "./queue.js";

/** What `receive` did. */
export interface Received {
  /** The job's id: `webhook-<id_webhook_data>`, or BullMQ's own for a delivery without one. */
  jobId: string | undefined;
  /** False when a job with this id already existed (a redelivery). */
  enqueued: boolean;
  /** The event's type (only CONNECTION_SYNCED is enqueued; others are verified and ignored). */
  type: string;
}

export interface WebhookIntake {
  receive(request: WebhookRequest): Promise<Received>;
}

/** `verify`: `{ hmacSecret }` or `{ resolveToken }`, for the URL registered for CONNECTION_SYNCED. */
export function createWebhookIntake(
  queue: Queue<SyncJobData>,
  verify: VerifyOptions<"CONNECTION_SYNCED">,
): WebhookIntake {
  const options = { ...verify, event: "CONNECTION_SYNCED" as const };
  return {
    async receive(request) {
      const event = await verifyWebhook(request, options);
      if (event.type !== "CONNECTION_SYNCED") return { jobId: undefined, enqueued: false, type: event.type };
      const jobId = event.idWebhookData === undefined ? undefined : `webhook-${event.idWebhookData}`;
      if (jobId && (await queue.getJob(jobId))) return { jobId, enqueued: false, type: event.type };
      const job = await queue.add(
        "webhook",
        { userId: event.idUser, idWebhookData: event.idWebhookData, payload: event.payload as Record<string, unknown> },
        { jobId, removeOnComplete: { age: 24 * 3600, count: 100_000 } }, // its id dedupes redeliveries for a day
      );
      return { jobId: job.id, enqueued: true, type: event.type };
    },
  };
}
