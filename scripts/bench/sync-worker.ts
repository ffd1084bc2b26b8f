/**
 * One worker process of bench row 7d: a budgea/queue worker syncing sandbox users into the store every process
 * shares (the queue test's, on the same Redis). Env: REDIS_PORT, SANDBOX_URL, TOKENS (JSON id → token), QUEUE,
 * CONCURRENCY.
 */
import { Budgea } from "../../src/index.ts";
import { createSyncWorker } from "../../src/queue/index.ts";
import { RedisSyncStore } from "../../test/queue/redis-store.ts";

const tokens = JSON.parse(process.env.TOKENS!) as Record<string, string>;
const port = Number(process.env.REDIS_PORT);
const store = new RedisSyncStore({ port, prefix: `${process.env.QUEUE}:` });
const { worker } = createSyncWorker({
  connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null },
  name: process.env.QUEUE,
  client: new Budgea({ baseUrl: process.env.SANDBOX_URL! }),
  tokenOf: (userId) => tokens[String(userId)]!,
  store,
  concurrency: Number(process.env.CONCURRENCY ?? 4),
});
worker.on("ready", () => process.send?.("ready"));
process.on("SIGTERM", () => void Promise.all([worker.close(), store.close()]).then(() => process.exit(0)));
