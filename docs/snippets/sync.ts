import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import initSqlJs from "sql.js";
import { Budgea } from "budgea";
import { SqliteSyncStore } from "./sqlite-store.js"; // the SyncStore below

const budgea = new Budgea({ domain: "demo" });
// SQLite in WebAssembly (sql.js: nothing to compile), loaded from its file and saved after each commit.
const file = process.env.SYNC_DB ?? "budgea-sync.db";
const { Database } = await initSqlJs();
const store = new SqliteSyncStore(new Database(existsSync(file) ? readFileSync(file) : undefined), (db) => {
  writeFileSync(`${file}.tmp`, db.export());
  renameSync(`${file}.tmp`, file); // the file is the old commit or the new one, never half of one
});

// From a cron or a loop: the first run reads everything, each later run only what changed since the cursor the
// store holds; a run that stops half-way (crash, deploy, error) resumes from its last commit.
for (const { idUser, token } of await usersToSync()) {
  const result = await budgea.withToken(token).sync.run({ store, key: idUser });
  console.log(`user ${idUser}: ${result.upserts} upserted, ${result.deletes} deleted`);
  for (const { id, state } of result.needsUser) await askUserToReconnect(idUser, id, state); // wrongpass, SCARequired…
}

// Webhooks feed the same store through the same path, once per id_webhook_data (either CONNECTION_SYNCED form).
export async function POST(request: Request): Promise<Response> {
  const event = await budgea.webhooks.verifyRequest(request, { hmacSecret: process.env.BUDGEA_WEBHOOK_SECRET! });
  if (event.type === "CONNECTION_SYNCED") await budgea.sync.applyWebhook(event, { store });
  return new Response("ok");
}

// Or the changes themselves, to feed something else (a search index, an event bus) with your own cursor.
const [first] = await usersToSync();
const run = budgea.withToken(first!.token).sync.changes({ cursor: await loadCursor(first!.idUser) });
for await (const change of run) {
  if (change.resource === "transaction") console.log(change.kind, change.item.id, change.item.last_update);
}
await saveCursor(first!.idUser, run.cursor!); // an opaque string

declare function usersToSync(): Promise<{ idUser: number; token: string }[]>;
declare function askUserToReconnect(idUser: number, connectionId: number, state: string): Promise<void>;
declare function loadCursor(idUser: number): Promise<string | undefined>;
declare function saveCursor(idUser: number, cursor: string): Promise<void>;
