/**
 * The queue of sync work, on BullMQ over Redis. Three kinds of job, all small (ids, and a webhook's body;
 * never a token):
 * - `sync` `{ userId }`: one incremental run for a user, deduplicated per user (`sync-<userId>`): while one is
 *   waiting, more requests are that one; while one runs, the last request is kept and runs after it — one in
 *   flight per user, and nothing asked during a run is lost;
 * - `webhook` `{ userId, payload }`: a CONNECTION_SYNCED delivery, its job id `webhook-<id_webhook_data>` so a
 *   redelivery is not enqueued twice;
 * - `catch-up`: made by the scheduler, fans out a `sync` job per user.
 */
import { type ConnectionOptions, type JobsOptions, Queue } from "bullmq";

/** Where the queue lives: BullMQ's connection (ioredis options or instance), and its name. */
export interface QueueConnection {
  /** ioredis options (`{ host, port }`) or an ioredis instance. */
  connection: ConnectionOptions;
  /** The queue's name (default `budgea-sync`); every worker and intake of one deployment uses the same. */
  name?: string;
  /** Redis key prefix (BullMQ's, default `bull`). */
  prefix?: string;
}

/** A job's data. */
export type SyncJobData =
  | { userId: number }
  | { userId: number | undefined; idWebhookData: number | undefined; payload: Record<string, unknown> }
  | Record<string, never>;

export const DEFAULT_QUEUE = "budgea-sync";

/**
 * Retries: 6 attempts with exponential backoff from 2 s, for what may pass (network, 5xx, a 429's wait);
 * failures kept (the dead letters), successes dropped.
 */
const JOB_DEFAULTS: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: false,
};

/** The queue (for the intake, the scheduler and the dead-letter view); `close()` it when done. */
export function createSyncQueue(options: QueueConnection): Queue<SyncJobData> {
  return new Queue<SyncJobData>(options.name ?? DEFAULT_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: JOB_DEFAULTS,
  });
}

/** Asks for a sync of one user: at most one waiting and one running per user (see the module comment). */
export async function enqueueSync(queue: Queue<SyncJobData>, userId: number): Promise<void> {
  checkUserId(userId);
  await queue.add("sync", { userId }, { deduplication: { id: `sync-${userId}`, keepLastIfActive: true } });
}

/** Asks for a sync of many users at once (a catch-up), in bulk. */
export async function enqueueSyncs(queue: Queue<SyncJobData>, userIds: Iterable<number>): Promise<number> {
  const jobs = [...userIds].map((userId) => {
    checkUserId(userId);
    return {
      name: "sync",
      data: { userId },
      opts: { ...JOB_DEFAULTS, deduplication: { id: `sync-${userId}`, keepLastIfActive: true } },
    };
  });
  if (jobs.length) await queue.addBulk(jobs);
  return jobs.length;
}

/** A catch-up every `everyMs` (BullMQ's job scheduler: one per queue, whatever the number of processes). */
export async function scheduleCatchUp(queue: Queue<SyncJobData>, options: { everyMs: number }): Promise<void> {
  if (!(Number.isSafeInteger(options.everyMs) && options.everyMs >= 1000))
    throw new RangeError("everyMs must be at least 1000 ms");
  await queue.upsertJobScheduler("budgea-catch-up", { every: options.everyMs }, { name: "catch-up", data: {} });
}

/** A job that failed for good: what it was about, why, and how often it was tried. */
export interface DeadLetter {
  jobId: string | undefined;
  /** `sync`, `webhook` or `catch-up`. */
  name: string;
  userId: number | undefined;
  idWebhookData: number | undefined;
  /** The error's name and message (never a token: the client's errors carry none). */
  reason: string;
  attempts: number;
  failedAt: Date | undefined;
}

/** The jobs that failed for good, newest first (`start`/`end`: BullMQ's range, default the first 100). */
export async function deadLetters(
  queue: Queue<SyncJobData>,
  range: { start?: number; end?: number } = {},
): Promise<DeadLetter[]> {
  const jobs = await queue.getFailed(range.start ?? 0, range.end ?? 99);
  return jobs.map((job) => {
    const data = (job.data ?? {}) as { userId?: number; idWebhookData?: number };
    return {
      jobId: job.id,
      name: job.name,
      userId: data.userId,
      idWebhookData: data.idWebhookData,
      reason: job.failedReason,
      attempts: job.attemptsMade,
      failedAt: job.finishedOn ? new Date(job.finishedOn) : undefined,
    };
  });
}

function checkUserId(userId: number): void {
  if (!(Number.isSafeInteger(userId) && userId > 0)) throw new RangeError("userId must be a positive integer");
}
