/**
 * A worker process's side of the queue: runs `sync`, `webhook` and `catch-up` jobs with `budgea.sync`.
 *
 * - Retried (BullMQ backoff): what may pass — the network, a timeout, a 5xx, an answer that was not JSON.
 * - A 429: the whole queue pauses for its `Retry-After` (BullMQ's `queue.rateLimit`, shared by every process
 *   through Redis) and the job goes back to wait without using an attempt.
 * - Not retried (`UnrecoverableError`, straight to the dead letters): what another try cannot fix — a token
 *   refused (401/403), a 400 or 404, a cursor this version cannot read.
 * - A connection in a state that needs its user (`wrongpass`, `SCARequired`, `actionNeeded`, …) is not an
 *   error: the sync still reads what the API has, the store records the connection with its state, and the
 *   job's result lists it. Nothing retries it: it needs the user, not another try.
 * Jobs only read (GET) and commit to your store in one transaction each: running one again is harmless.
 */
import { type Job, type Processor, type Queue, UnrecoverableError, Worker } from "bullmq";
import type { BudgeaClient } from "../client.js";
import { APIError, ConnectionError, InternalServerError, InvalidResponseError, RateLimitError } from "../errors.js";
import { Sync, type SyncOptions } from "../sync/sync.js";
import type { SyncStore } from "../sync/store.js";
import { type QueueConnection, type SyncJobData, createSyncQueue, enqueueSync, enqueueSyncs } from "./queue.js";

/** What a worker needs. */
export interface SyncWorkerOptions extends QueueConnection {
  /** A client with your domain's configuration (no token needed): each job derives the user's with `withToken`. */
  client: BudgeaClient;
  /** The user's permanent token, from your database (never stored in Redis). */
  tokenOf(userId: number): Promise<string> | string;
  /** Your store (shared by every process: a database, not memory). */
  store: SyncStore;
  /** Jobs run at once by this process (default 4). */
  concurrency?: number;
  /** At most `max` jobs every `duration` ms across every process (BullMQ's limiter, kept in Redis). */
  limiter?: { max: number; duration: number };
  /** Changes per commit (default 500). */
  batchSize?: number;
  /** After applying a delivery, also sync its user (default true): a delivery carries the new, not all that changed. */
  syncAfterWebhook?: boolean;
  /** The users a catch-up syncs (default: none): your user ids, e.g. from your database. */
  users?: () => AsyncIterable<number> | Iterable<number>;
  /** `new Sync(client, options)` options (overlap, page size). */
  sync?: Omit<SyncOptions, "idUser">;
  /** BullMQ worker settings for stalled jobs (a process that died mid-job): defaults 30 s / 30 s. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Seen by each run after each commit (progress, tests). */
  onCommit?: (userId: number, job: Job) => void;
}

/** What a `sync` job returns (BullMQ keeps it as the job's return value). */
export interface SyncJobResult {
  userId: number;
  upserts: number;
  deletes: number;
  resumed: boolean;
  /** Connections that need their user (a state other than none), recorded in the store, not retried. */
  needsUser: { id: number; state: string }[];
}

export function createSyncWorker(options: SyncWorkerOptions): {
  worker: Worker<SyncJobData>;
  queue: Queue<SyncJobData>;
  close(): Promise<void>;
} {
  const queue = createSyncQueue(options);
  const processor: Processor<SyncJobData> = async (job) => {
    try {
      if (job.name === "sync") return await syncJob(options, job);
      if (job.name === "webhook") return await webhookJob(options, queue, job);
      if (job.name === "catch-up") return { enqueued: await catchUp(options, queue) };
      throw new UnrecoverableError(`unknown job ${job.name}`);
    } catch (error) {
      throw await classify(error, queue);
    }
  };
  const worker = new Worker<SyncJobData>(options.name ?? queue.name, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 4,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  });
  return {
    worker,
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

async function syncJob(options: SyncWorkerOptions, job: Job<SyncJobData>): Promise<SyncJobResult> {
  const { userId } = job.data as { userId: number };
  const user = options.client.withToken(await options.tokenOf(userId));
  const sync = new Sync(user, options.sync);
  const store: SyncStore = options.onCommit
    ? {
        cursor: (key) => options.store.cursor(key),
        commit: async (key, batch) => {
          const applied = await options.store.commit(key, batch);
          options.onCommit!(userId, job);
          return applied;
        },
      }
    : options.store;
  const result = await sync.run({ store, key: userId, batchSize: options.batchSize });
  return {
    userId,
    upserts: result.upserts,
    deletes: result.deletes,
    resumed: result.resumed,
    needsUser: result.needsUser,
  };
}

async function webhookJob(options: SyncWorkerOptions, queue: Queue<SyncJobData>, job: Job<SyncJobData>) {
  const { userId, payload } = job.data as { userId: number | undefined; payload: Record<string, unknown> };
  const result = await new Sync(options.client, options.sync).applyWebhook(payload, {
    store: options.store,
    key: userId,
  });
  if ((options.syncAfterWebhook ?? true) && result.idUser !== undefined) await enqueueSync(queue, result.idUser);
  return result;
}

async function catchUp(options: SyncWorkerOptions, queue: Queue<SyncJobData>): Promise<number> {
  if (!options.users) return 0;
  let total = 0;
  let chunk: number[] = [];
  for await (const userId of options.users()) {
    chunk.push(userId);
    if (chunk.length === 1000) {
      total += await enqueueSyncs(queue, chunk);
      chunk = [];
    }
  }
  return total + (await enqueueSyncs(queue, chunk));
}

/** What BullMQ should do with a failure: retry it, pause the queue (429), or give up (dead letter). */
async function classify(error: unknown, queue: Queue<SyncJobData>): Promise<unknown> {
  if (error instanceof UnrecoverableError) return error;
  if (error instanceof RateLimitError) {
    await queue.rateLimit(error.retryAfterMs ?? 1000);
    return Worker.RateLimitError();
  }
  const retryable =
    error instanceof ConnectionError ||
    error instanceof InternalServerError ||
    error instanceof InvalidResponseError ||
    (error instanceof APIError && (error.status === 408 || error.status === 409));
  if (retryable) return error;
  // A token refused, a 400 or 404, a cursor this version cannot read, a bug: another try cannot fix it.
  return new UnrecoverableError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
