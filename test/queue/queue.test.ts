/**
 * budgea/queue over a real redis-server: three worker processes sync many users of the sandbox into one store
 * they all share (test/queue/redis-store.ts, on the same Redis); one dies in the middle of a batch (frozen in a
 * commit, then killed); a second round after a bank sync of every connection, with webhook deliveries coming in
 * through the intake (each twice). The store must end equal to the sandbox: nothing lost, and no change applied
 * twice by polling.
 */
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { createSyncQueue, createWebhookIntake, deadLetters, enqueueSyncs } from "../../src/queue/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { type TestServer, startServer } from "../helpers/server.js";
import { type RedisServer, startRedis } from "./redis.js";
import { RedisSyncStore } from "./redis-store.js";

jest.setTimeout(90_000);

const USERS = 24;
let redis: RedisServer;
let sb: Sandbox;
let receiver: TestServer | undefined;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  sb = await startSandbox({ transactionsPerAccount: 200, connectionStyle: "current" });
});

afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  await receiver?.close();
  await sb?.close();
  await redis?.stop();
});

/** Ends a worker process and waits until it has gone (its IPC channel with it). */
function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  return gone;
}

function startWorker(env: Record<string, string>): ChildProcess {
  const child = fork(join(__dirname, "worker-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  workers.push(child);
  return child;
}

async function drained(queue: ReturnType<typeof createSyncQueue>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const counts = await queue.getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children");
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the queue did not drain in 60 s");
}

test("several worker processes, one killed mid-run: the store ends equal to the sandbox, nothing twice", async () => {
  const users = Array.from({ length: USERS }, () => sb.createUser());
  for (const user of users) sb.simulateSync(user.connectionId, { added: 5 });
  const env = {
    REDIS_PORT: String(redis.port),
    SANDBOX_URL: sb.url,
    TOKENS: JSON.stringify(Object.fromEntries(users.map((u) => [u.idUser, u.token]))),
    QUEUE: "queue-test",
    BATCH: "60",
  };
  const victim = startWorker({ ...env, HANG_AT_COMMIT: "4" });
  let killedMidBatch = false;
  victim.on("message", (message: { hung?: string }) => {
    if (message.hung !== undefined) {
      killedMidBatch = true;
      victim.kill("SIGKILL");
    }
  });
  const ready = [victim, startWorker(env), startWorker(env)].map(
    (child) => new Promise<void>((resolve) => child.on("message", (m: { ready?: number }) => m.ready && resolve())),
  );
  await Promise.all(ready);
  const queue = createSyncQueue({ connection: { host: "127.0.0.1", port: redis.port }, name: "queue-test" });
  try {
    await enqueueSyncs(
      queue,
      users.map((u) => u.idUser),
    );
    await drained(queue);
    expect(killedMidBatch).toBe(true);

    // Round 2: every connection syncs at the bank (about 1 % changed); deliveries come through the intake, twice.
    const secret = "queue-test-secret";
    const intake = createWebhookIntake(queue, { hmacSecret: secret });
    receiver = await startServer(async (req, res, hit) => {
      const rawBody = hit.body;
      const results = [];
      for (let i = 0; i < 2; i++)
        results.push(await intake.receive({ method: "POST", path: req.url!, headers: req.headers, rawBody }));
      res.end(JSON.stringify(results));
    });
    sb.addWebhook({ url: `${receiver.url}/hook`, auth: "signature", secret });
    for (const user of users) sb.simulateSync(user.connectionId, { added: 2, edited: 4, deleted: 1 });
    await sb.flushWebhooks();
    expect(sb.webhookDeliveries.filter((d) => d.status === 200)).toHaveLength(USERS);
    await drained(queue);
    await enqueueSyncs(
      queue,
      users.map((u) => u.idUser),
    ); // the catch-up
    await drained(queue);
    expect(await deadLetters(queue)).toEqual([]);
  } finally {
    await queue.close();
  }

  const store = new RedisSyncStore({ port: redis.port });
  try {
    for (const user of users) {
      const answer = await fetch(`${sb.url}/users/me/transactions?min_date=1970-01-01&limit=1000000`, {
        headers: { Authorization: `Bearer ${user.token}` },
      });
      const api = ((await answer.json()) as { transactions: { id: number }[] }).transactions;
      const held = await store.items(String(user.idUser), "transaction");
      expect(held).toEqual([...api].sort((a, b) => a.id - b.id));
    }
    const polled = new Map<string, number>();
    for (const [owner, resource, id, lastUpdate, kind, source] of await store.log()) {
      if (resource !== "transaction" || source !== "poll") continue;
      const change = `${owner} ${kind} ${id}@${lastUpdate}`;
      polled.set(change, (polled.get(change) ?? 0) + 1);
    }
    expect(polled.size).toBeGreaterThan(USERS * 100); // the log holds the first syncs
    expect([...polled].filter(([, n]) => n > 1)).toEqual([]);
    expect(await store.deliveries()).toBe(USERS); // each delivery applied once, though received twice
  } finally {
    await store.close();
  }
});
