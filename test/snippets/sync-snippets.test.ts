/**
 * README's sync examples run as they are (like readme-snippets.test.ts): the one-process setup twice on the same
 * SQLite file (sql.js, saved after each commit; the second run reads only the changes), and the queue setup against a
 * real redis-server.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { signWebhook } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing/index.js";
import { type RedisServer, startRedis } from "../queue/redis.js";

jest.setTimeout(60_000);

let sb: Sandbox;
let redis: RedisServer;
let dir: string;
beforeAll(async () => {
  sb = await startSandbox({ startTime: Date.now() - 3_600_000 });
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), "budgea-snippets-"));
});
afterAll(async () => {
  await sb.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(snippet: string, env: Record<string, string>, values: Record<string, unknown>) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./test/snippets/harness.ts", `docs/snippets/${snippet}`],
    {
      env: { PATH: process.env.PATH, SNIPPET_SANDBOX_URL: sb.url, SNIPPET_VALUES: JSON.stringify(values), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<{ lines: string[]; calls: { call: string; args: any[] }[] }>((resolve, reject) =>
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${snippet} failed (${code}):\n${stderr}\n${stdout}`));
      const all = stdout.split("\n").filter(Boolean);
      resolve({
        lines: all.filter((l) => !l.startsWith("@@ ")),
        calls: all.filter((l) => l.startsWith("@@ ")).map((l) => JSON.parse(l.slice(3))),
      });
    }),
  );
}

test("sync.ts: a first run reads everything, the second only what a bank sync changed", async () => {
  const user = sb.createUser();
  const db = join(dir, "one-process.db");
  const values = { syncUsers: [{ idUser: user.idUser, token: user.token }] };
  const first = await run("sync.ts", { SYNC_DB: db }, values);
  expect(first.lines[0]).toMatch(new RegExp(`^user ${user.idUser}: \\d{3,} upserted, 0 deleted$`));
  sb.clock.advance(600_000);
  sb.simulateSync(user.connectionId, { added: 2, edited: 3 });
  sb.clock.advance(1000);
  const second = await run("sync.ts", { SYNC_DB: db }, values);
  // the connection and its 4 accounts synced, plus the 5 transactions
  expect(second.lines[0]).toBe(`user ${user.idUser}: 10 upserted, 0 deleted`);
  expect(second.calls).toContainEqual({ call: "saveCursor", args: [user.idUser, "s1."] });
});

test("sync-domain.ts: one run with the manage token fills every user's copy, each under its id", async () => {
  const users = [sb.createUser(), sb.createUser()];
  const db = join(dir, "domain.db");
  const result = await run("sync-domain.ts", { SYNC_DB: db, BUDGEA_MANAGE_TOKEN: sb.manageToken }, {});
  expect(result.lines[0]).toMatch(/^domain: \d{4,} upserted, 0 deleted, 0 left for the next run$/);
  const store = new (await initSqlJs()).Database(readFileSync(db));
  const ids = (userKey: string, resource: string) =>
    (
      store.exec("SELECT id FROM sync_item WHERE user_key = ? AND resource = ? AND deleted = 0 ORDER BY id", [
        userKey,
        resource,
      ])[0]?.values ?? []
    ).map(([id]) => id);
  for (const user of users) {
    expect(ids(String(user.idUser), "connection")).toEqual([user.connectionId]);
    expect(ids(String(user.idUser), "account")).toEqual([...user.accountIds].sort((a, b) => a - b));
    const answer = await fetch(`${sb.url}/users/me/transactions?min_date=1970-01-01&limit=1000`, {
      headers: { Authorization: `Bearer ${user.token}` },
    });
    const { transactions } = (await answer.json()) as { transactions: { id: number }[] };
    expect(ids(String(user.idUser), "transaction")).toEqual(transactions.map((tx) => tx.id).sort((a, b) => a - b));
  }
  expect(ids("domain", "transaction")).toEqual([]); // the domain's key holds its cursor, not items
  store.close();
});

test("sync-queue.ts: a delivery through the intake, a worker applies it and syncs its user", async () => {
  const user = sb.createUser();
  const db = join(dir, "queue.db");
  const body = JSON.stringify({
    connection: { id: user.connectionId, id_user: user.idUser, accounts: [] },
    id_webhook_data: 9,
  });
  const headers = await signWebhook({ path: "/hook", body, secret: "secret" });
  const values = {
    syncUsers: [{ idUser: user.idUser, token: user.token }],
    delivery: { method: "POST", path: "/hook", headers, rawBody: body },
  };
  const result = await run("sync-queue.ts", { SYNC_DB: db, REDIS_PORT: String(redis.port) }, values);
  expect(result.lines[0]).toBe("webhook-9 true");
  const store = new (await initSqlJs()).Database(readFileSync(db));
  const count = (resource: string) =>
    store.exec("SELECT count(*) FROM sync_item WHERE user_key = ? AND resource = ? AND deleted = 0", [
      String(user.idUser),
      resource,
    ])[0]!.values[0]![0];
  expect(count("connection")).toBe(1);
  expect(count("transaction")).toBeGreaterThan(100); // the sync the delivery asked for
  store.close();
});
