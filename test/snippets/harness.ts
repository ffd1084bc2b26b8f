/**
 * Preloaded (`node --import tsx --import ./test/snippets/harness.ts docs/snippets/x.ts`) before a README
 * snippet runs as it is: the client's default host (`https://demo.biapi.pro/2.0`) is answered by the sandbox
 * at SNIPPET_SANDBOX_URL, and each function or value the snippet `declare`s is provided here. Every call to a
 * provided function is printed as a line `@@ {"call": name, "args": [...]}` for the test to assert on.
 */
import { renameSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import initSqlJs from "sql.js";
import { SqliteSyncStore } from "../../docs/snippets/sqlite-store.ts";

const sandboxUrl = process.env.SNIPPET_SANDBOX_URL!;
const values = JSON.parse(process.env.SNIPPET_VALUES ?? "{}") as Record<string, unknown>;
const DEMO = "https://demo.biapi.pro/2.0";

const realFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(DEMO)) return realFetch(input, init);
  const target = sandboxUrl + url.slice(DEMO.length);
  return realFetch(input instanceof Request ? new Request(target, input) : target, init);
}) as typeof fetch;

function record(call: string, ...args: unknown[]): void {
  process.stdout.write(`@@ ${JSON.stringify({ call, args })}\n`);
}

const SQL = await initSqlJs();
const session = new Map<string, string>();
const responses: Record<string, unknown>[] = [];
const routes: { path: string; handler: http.RequestListener }[] = [];

const provided: Record<string, unknown> = {
  ...values,
  // connections-web: what a web app answers the browser, and the browser's next request
  respond: (body: Record<string, unknown>) => {
    responses.push(body);
    record("respond", body);
  },
  nextRequest: async () => ({ connectionId: responses.at(-1)?.connectionId, answers: values.answers }),
  userToken: () => values.userToken,
  // token lifecycle, webview
  saveUserToken: async (idUser: number, token: string) => record("saveUserToken", idUser, typeof token),
  loadUserToken: async () => values.userToken,
  saveInSession: async (key: string, value: string) => void session.set(key, value),
  loadFromSession: async (key: string) => session.get(key),
  redirect: (url: string) => record("redirect", url),
  currentUrl: () => {
    const state = values.callbackState === "forged" ? "forged" : session.get("webview-state");
    return `https://app.example/budgea/callback?${values.callbackQuery}&state=${encodeURIComponent(state ?? "")}`;
  },
  show: (message: string) => record("show", message),
  // webhooks
  enqueueSync: async (...args: unknown[]) => record("enqueueSync", ...args),
  tokenOfUser: async (idUser: number) => (idUser === values.webhookUser ? values.webhookToken : undefined),
  removeTransaction: async (id: number) => record("removeTransaction", id),
  upsertTransaction: async (...args: unknown[]) => record("upsertTransaction", ...args),
  app: { post: (path: string, handler: http.RequestListener) => void routes.push({ path, handler }) },
  // sync, sync-queue
  usersToSync: async () => values.syncUsers,
  askUserToReconnect: async (...args: unknown[]) => record("askUserToReconnect", ...args),
  loadCursor: async () => values.cursor,
  saveCursor: async (idUser: number, cursor: string) => record("saveCursor", idUser, cursor.slice(0, 3)),
  tokenOf: async (userId: number) =>
    (values.syncUsers as { idUser: number; token: string }[]).find((u) => u.idUser === userId)?.token,
  allUserIds: async function* () {
    for (const user of values.syncUsers as { idUser: number }[]) yield user.idUser;
  },
  nextDelivery: async () => values.delivery,
  currentUserId: async () => (values.syncUsers as { idUser: number }[])[0]!.idUser,
  // README's SQL store, saved to SYNC_DB after each commit (the test reads it back)
  sharedStore: () => new SqliteSyncStore(new SQL.Database(), saveTo(process.env.SYNC_DB!)),
  whenIdle: async (queue: { getJobCounts(...types: string[]): Promise<Record<string, number>> }) => {
    for (let i = 0; i < 600; i++) {
      const counts = await queue.getJobCounts("wait", "active", "prioritized"); // the scheduler keeps a delayed job
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
};
Object.assign(globalThis, provided);

function saveTo(file: string) {
  return (db: { export(): Uint8Array }) => {
    writeFileSync(`${file}.tmp`, db.export());
    renameSync(`${file}.tmp`, file);
  };
}

/** Once the snippet is done: the Express-style routes it registered get real deliveries, as the API sends them. */
process.once("beforeExit", () => {
  if (routes.length) void deliver();
});

async function deliver(): Promise<void> {
  const server = http.createServer((req, res) => {
    const route = routes.find((r) => r.path === req.url);
    if (route) route.handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const delivery of values.deliveries as { path: string; body: unknown; secret?: string; token?: string }[]) {
    const body = JSON.stringify(delivery.body);
    const { Budgea } = await import("budgea");
    const headers: Record<string, string> = delivery.secret
      ? await new Budgea({ domain: "demo" }).webhooks.sign({ path: delivery.path, body, secret: delivery.secret })
      : { authorization: `Bearer ${delivery.token}` };
    const response = await realFetch(origin + delivery.path, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    record("delivered", delivery.path, response.status);
  }
  server.close();
}
