/**
 * One worker process of the queue test (`node --import tsx test/queue/worker-process.ts`): a BullMQ worker
 * syncing sandbox users into the store every process shares (test/queue/redis-store.ts, on the same Redis).
 * Env: REDIS_PORT, SANDBOX_URL, TOKENS (JSON id → token), QUEUE, BATCH, HANG_AT_COMMIT (this process freezes
 * in that commit, its batch read from the API and not committed, and tells the parent, which kills it: a death
 * mid-batch).
 */
import { Budgea, type SyncBatch } from "../../src/index.js";
import { createSyncWorker } from "../../src/queue/index.js";
import { RedisSyncStore } from "./redis-store.js";

const tokens = JSON.parse(process.env.TOKENS!) as Record<string, string>;
const hangAt = Number(process.env.HANG_AT_COMMIT ?? 0);
const port = Number(process.env.REDIS_PORT);
const shared = new RedisSyncStore({ port });
let commits = 0;
const store = {
  cursor: (key: string) => shared.cursor(key),
  commit: (key: string, batch: SyncBatch) => {
    if (hangAt && ++commits >= hangAt && batch.cursor !== undefined) {
      process.send?.({ hung: key, pid: process.pid });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // frozen mid-batch until killed
    }
    return shared.commit(key, batch);
  },
};
const { worker } = createSyncWorker({
  connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null },
  name: process.env.QUEUE,
  client: new Budgea({ baseUrl: process.env.SANDBOX_URL! }),
  tokenOf: (userId) => tokens[String(userId)]!,
  store,
  concurrency: 2,
  batchSize: Number(process.env.BATCH ?? 50),
  lockDurationMs: 6000, // a frozen process loses its job after 6 s (BullMQ renews the lock every 3 s)
  stalledIntervalMs: 1000,
});
worker.on("ready", () => process.send?.({ ready: process.pid }));
process.on("SIGTERM", () => void Promise.all([worker.close(), shared.close()]).then(() => process.exit(0)));
