/**
 * One worker process of the queue test (`node --import tsx test/queue/worker-process.ts`): a BullMQ worker
 * with the README's SQLite store, against the sandbox. Env: REDIS_PORT, SANDBOX_URL, TOKENS (JSON id → token),
 * DB (the SQLite file), HANG_AFTER_COMMITS (this process stops working after that many commits and tells the
 * parent, which kills it: a death mid-run), QUEUE.
 */
import Database from "better-sqlite3";
import { Budgea } from "../../src/index.js";
import { createSyncWorker } from "../../src/queue/index.js";
import { SqliteSyncStore } from "../../docs/snippets/sqlite-store.js";

const tokens = JSON.parse(process.env.TOKENS!) as Record<string, string>;
const hangAfter = Number(process.env.HANG_AFTER_COMMITS ?? 0);
let commits = 0;
/** The README's store, plus a log of what each commit applied, in the same transaction (to find doubles). */
class LoggingStore extends SqliteSyncStore {
  override commit(key: string, batch: Parameters<SqliteSyncStore["commit"]>[1]): boolean {
    return this.db.transaction(() => {
      const applied = super.commit(key, batch);
      if (!applied) return false;
      const log = this.db.prepare("INSERT INTO applied VALUES (?, ?, ?, ?, ?, ?)");
      const source = batch.idWebhookData === undefined ? "poll" : "webhook";
      for (const c of batch.changes) log.run(key, c.resource, c.item.id, c.item.last_update ?? null, c.kind, source);
      return true;
    })();
  }
}
const db = new Database(process.env.DB!);
db.exec("CREATE TABLE IF NOT EXISTS applied (user_key, resource, id, last_update, kind, source)");
const store = new LoggingStore(db);
const { worker } = createSyncWorker({
  connection: { host: "127.0.0.1", port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null },
  name: process.env.QUEUE,
  client: new Budgea({ baseUrl: process.env.SANDBOX_URL! }),
  tokenOf: (userId) => tokens[String(userId)]!,
  store,
  concurrency: 2,
  batchSize: Number(process.env.BATCH ?? 50),
  lockDurationMs: 6000, // a frozen process loses its job after 6 s (BullMQ renews the lock every 3 s)
  stalledIntervalMs: 1000,
  onCommit: (userId) => {
    commits++;
    process.send?.({ commit: userId, pid: process.pid });
    if (hangAfter && commits === hangAfter) {
      process.send?.({ hung: userId, pid: process.pid });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // frozen mid-run until killed
    }
  },
});
worker.on("ready", () => process.send?.({ ready: process.pid }));
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
