/**
 * `budgea/queue`: incremental sync at scale on BullMQ over Redis (BullMQ is an optional peer dependency:
 * `npm install bullmq`). Webhook intake deduplicated by `id_webhook_data`, a per-user sync job (one in flight
 * per user), retries with backoff for what may pass, one limiter shared by every process, a scheduler for
 * periodic catch-ups, and a dead-letter view. Node only (BullMQ's Redis client).
 *
 * @module budgea/queue
 */
export {
  DEFAULT_QUEUE,
  createSyncQueue,
  deadLetters,
  enqueueSync,
  enqueueSyncs,
  scheduleCatchUp,
  type DeadLetter,
  type QueueConnection,
  type SyncJobData,
} from "./queue.js";
export { createWebhookIntake, type Received, type WebhookIntake } from "./intake.js";
export { createSyncWorker, type SyncJobResult, type SyncWorkerOptions } from "./worker.js";
