import { Budgea, type SyncStore } from "budgea";
import {
  createSyncQueue,
  createSyncWorker,
  createWebhookIntake,
  deadLetters,
  enqueueSync,
  scheduleCatchUp,
} from "budgea/queue";

const connection = { host: "127.0.0.1", port: Number(process.env.REDIS_PORT ?? 6379), maxRetriesPerRequest: null };

// Worker processes (as many as you like): one sync in flight per user, one rate limit for all of them.
const { close } = createSyncWorker({
  connection,
  client: new Budgea({ domain: "demo" }),
  tokenOf, // the user's permanent token, from your database: never stored in Redis
  store: sharedStore(), // your database, which every worker process shares (e.g. the SQL above, on Postgres)
  limiter: { max: 20, duration: 1000 }, // jobs per second across every process; a 429 pauses them all
  users: allUserIds, // whom a catch-up syncs
});

// The web process: deliveries verified, then queued once per id_webhook_data (answer 200 once queued).
const queue = createSyncQueue({ connection });
const intake = createWebhookIntake(queue, { hmacSecret: process.env.BUDGEA_WEBHOOK_SECRET ?? "secret" });
const received = await intake.receive(await nextDelivery()); // { method, path, headers, rawBody }
console.log(received.jobId, received.enqueued);

// A user's "refresh my accounts" button: one sync job for that user (asked again while it runs: once more after).
await enqueueSync(queue, await currentUserId());

// A catch-up of every user every 6 hours (BullMQ's scheduler: one, whatever the number of processes).
await scheduleCatchUp(queue, { everyMs: 6 * 3_600_000 });
await whenIdle(queue);
for (const dead of await deadLetters(queue)) console.log(`job ${dead.jobId} (user ${dead.userId}): ${dead.reason}`);
await queue.close();
await close();

declare function tokenOf(userId: number): Promise<string>;
declare function currentUserId(): Promise<number>;
declare function sharedStore(): SyncStore;
declare function allUserIds(): AsyncIterable<number>;
declare function nextDelivery(): Promise<{
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
}>;
declare function whenIdle(queue: ReturnType<typeof createSyncQueue>): Promise<void>;
