/**
 * One worker process of bench row 6c: a budgea/queue worker syncing sandbox users into a shared SQLite file.
 * Env: REDIS_PORT, SANDBOX_URL, TOKENS (JSON id → token), DB, QUEUE, CONCURRENCY.
 */
import Database from "better-sqlite3";
import { Budgea } from "../../src/index.ts";
import { createSyncWorker } from "../../src/queue/index.ts";
import { SqliteSyncStore } from "../../docs/snippets/sqlite-store.ts";

const tokens = JSON.parse(process.env.TOKENS!) as Record<string, string>;
const { worker } = createSyncWorker({
  connection: { host: "127.0.0.1", port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null },
  name: process.env.QUEUE,
  client: new Budgea({ baseUrl: process.env.SANDBOX_URL! }),
  tokenOf: (userId) => tokens[String(userId)]!,
  store: new SqliteSyncStore(new Database(process.env.DB!)),
  concurrency: Number(process.env.CONCURRENCY ?? 4),
});
worker.on("ready", () => process.send?.("ready"));
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
