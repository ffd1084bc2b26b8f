/**
 * npm run demo — the whole aggregation workflow, end to end, offline:
 * init a user → list banks with fields → add a connection that asks for an OTP (answered here) → activate
 * the accounts → exchange a code for a permanent token → page through every transaction → receive the
 * webhook → a short summary. Against a sandbox on loopback by default; read-only against your own domain
 * when BUDGEA_DOMAIN and BUDGEA_TOKEN (a user's permanent token) are set.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Budgea, MemorySyncStore, type Account, type Transaction, type WebhookEvent, syncedConnections } from "../src/index.js";
import { startSandbox } from "../src/testing/index.js";
import { webhookHandler } from "../src/webhooks-node.js";

const OTP_BANK = 60; // the sandbox's "OTP Bank": asks an SMS code once
const out = (line = "") => process.stdout.write(`${line}\n`);
const step = (n: number, what: string) => out(`\n${n}. ${what}`);

async function main(): Promise<void> {
  const domain = process.env.BUDGEA_DOMAIN;
  const token = process.env.BUDGEA_TOKEN;
  if (domain && token) return realDomain(new Budgea({ domain, token }));
  return sandboxDemo();
}

async function sandboxDemo(): Promise<void> {
  const started = performance.now();
  const receiver = await webhookReceiver();
  const sb = await startSandbox({
    transactionsPerAccount: 4_000,
    connectionStyle: "current", // today's API: 200 + the connection's state, today's shapes and webhook body
    webhook: { url: receiver.url, auth: "signature" },
  });
  receiver.secret = sb.webhookSecret;
  out(`budgea demo — against a sandbox at ${sb.url} (set BUDGEA_DOMAIN and BUDGEA_TOKEN to use your own domain)`);
  try {
    const browser = new Budgea({ baseUrl: sb.url }); // the front end: no secret
    const server = new Budgea({ baseUrl: sb.url, clientId: sb.clientId, clientSecret: sb.clientSecret });

    step(1, "A new user: POST /auth/init");
    const grant = await browser.auth.init();
    out(`   user #${grant.idUser}, ${grant.type} token, expires ${grant.expiresAt?.toISOString()}`);
    const user = browser.withToken(grant.token);

    step(2, "Banks and the fields they ask: GET /banks?expand=fields");
    const { data } = await user.api.GET("/banks", { params: { query: { expand: "fields" } } });
    for (const bank of data.banks.slice(0, 4))
      out(`   ${bank.id} ${bank.name}: ${bank.fields?.map((f) => `${f.name} (${f.type})`).join(", ")}`);
    out(`   … ${data.total} banks`);

    step(3, "A connection to a bank that asks for an SMS code");
    const bank = data.banks.find((b) => b.id === OTP_BANK)!;
    const connection = await user.connections.connect({
      connectorId: bank.id,
      fields: { login: "12345678", password: "123456" },
      fieldDefinitions: bank.fields ?? [],
      prompt(fields) {
        out(`   the bank asks: ${fields.map((f) => `"${f.label}"`).join(", ")} → the demo answers 123456`);
        return Object.fromEntries(fields.map((f) => [f.name, "123456"]));
      },
    });
    out(`   connected: connection #${connection.id}`);

    step(4, "Activate the accounts: PUT /users/me/accounts/{id} disabled=false");
    const { data: all } = await user.api.GET("/users/{id_user}/accounts", {
      params: { path: { id_user: "me" }, query: { all: true } },
    });
    for (const account of all.accounts) {
      await user.api.PUT("/users/{id_user}/accounts/{id_account}", {
        params: { path: { id_user: "me", id_account: account.id } },
        body: { disabled: false },
      });
    }
    out(`   ${all.accounts.length} accounts activated`);

    step(5, "Server side: a temporary code exchanged for a permanent token");
    const { code } = await user.auth.code();
    const permanent = await server.auth.exchange({ code });
    out(`   permanent token for user #${permanent.idUser} (the code is single-use and expires in 30 minutes)`);
    const owner = server.withToken(permanent.token);

    step(6, "Every transaction of every account, page by page (offset/limit, pages fetched ahead)");
    const { data: mine } = await owner.api.GET("/users/{id_user}/accounts", { params: { path: { id_user: "me" } } });
    const perMonth = new Map<string, number>();
    let count = 0;
    for (const account of mine.accounts) {
      const pages = owner.paginate(
        "/users/{id_user}/accounts/{id_account}/transactions",
        { params: { path: { id_user: "me", id_account: account.id }, query: { min_date: "2000-01-01" } } },
        { pageSize: 1_000 },
      );
      for await (const tx of pages) {
        count++;
        tally(perMonth, tx);
        if (count % 1_000 === 0) progress(`   ${account.name}: ${count} transactions`, pages.total);
      }
    }
    process.stdout.write(`\r   ${count} transactions read${" ".repeat(30)}\n`);

    step(7, "The webhook the API posts after a sync (BI-Signature checked)");
    await sb.flushWebhooks();
    const earlier = receiver.events.splice(0).length; // the first sync and each activation posted one too
    await owner.connections.sync(connection.id);
    await sb.flushWebhooks();
    out(`   (${earlier} earlier deliveries: the connection's first sync and each account's activation)`);
    for (const event of receiver.events) {
      const connections = event.type === "CONNECTION_SYNCED" ? syncedConnections(event.payload).length : 0;
      out(`   ${event.type}: ${connections} connection(s), delivery #${event.idWebhookData ?? "?"}`);
    }

    step(8, "Incremental sync: a copy kept up to date, each later run reading only the changes");
    const store = new MemorySyncStore();
    sb.clock.advance(10 * 60_000); // the first read is older than the sync's overlap (5 minutes)
    const before = sb.requests();
    const first = await owner.sync.run({ store, key: permanent.idUser ?? "me" });
    out(`   first run: ${first.upserts} changes in ${sb.requests() - before} requests (everything)`);
    sb.clock.advance(10 * 60_000);
    const changed = sb.simulateSync(connection.id, { added: 3, edited: 5, deleted: 1 });
    sb.clock.advance(1000);
    const middle = sb.requests();
    const second = await owner.sync.run({ store, key: permanent.idUser ?? "me" });
    out(
      `   the bank synced (${changed.added.length} new, ${changed.edited.length} edited, ${changed.deleted.length} deleted): ` +
        `second run, ${second.upserts} upserts + ${second.deletes} deletes in ${sb.requests() - middle} requests`,
    );
    out(
      `   store: ${store.snapshot(String(permanent.idUser ?? "me")).transaction.length} transactions, cursor ${second.cursor.slice(0, 12)}…`,
    );

    summary(mine.accounts, perMonth);
    out(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s, nothing left the machine`);
  } finally {
    await sb.close();
    await receiver.close();
  }
}

/** Read-only against a real domain: the same reading steps, none that needs bank credentials. */
async function realDomain(user: Budgea): Promise<void> {
  out(`budgea demo — against ${user.baseUrl} (read-only: connections need real bank credentials)`);
  step(1, "Banks: GET /banks");
  const { data: banks } = await user.api.GET("/banks");
  out(`   ${banks.total ?? banks.banks.length} banks`);
  step(2, "Your accounts and their transactions of the last 3 months");
  const { data } = await user.api.GET("/users/{id_user}/accounts", { params: { path: { id_user: "me" } } });
  const perMonth = new Map<string, number>();
  const since = new Date(Date.now() - 92 * 86_400_000).toISOString().slice(0, 10);
  let count = 0;
  for (const account of data.accounts) {
    const pages = user.paginate("/users/{id_user}/accounts/{id_account}/transactions", {
      params: { path: { id_user: "me", id_account: account.id }, query: { min_date: since } },
    });
    for await (const tx of pages) {
      count++;
      tally(perMonth, tx);
    }
  }
  out(`   ${count} transactions`);
  summary(data.accounts, perMonth);
}

function tally(perMonth: Map<string, number>, tx: Transaction): void {
  const month = tx.date.slice(0, 7);
  perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
}

function progress(line: string, total: number | undefined): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${total ? ` (of ${total} in this account)` : ""}   `);
}

function summary(accounts: Account[], perMonth: Map<string, number>): void {
  out("\nSummary");
  for (const a of accounts) {
    const currency = a.currency?.symbol ?? a.currency?.id ?? "";
    out(`   ${(a.name ?? a.original_name).padEnd(24)} ${String(a.type ?? "").padEnd(10)} ${(a.balance === null || a.balance === undefined ? "—" : a.balance.toFixed(2)).padStart(12)} ${currency}`);
  }
  const months = [...perMonth.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).slice(0, 6);
  out(`   transactions per month (latest ${months.length}): ${months.map(([m, n]) => `${m}: ${n}`).join(", ")}`);
}

/** A loopback receiver for the sandbox's webhooks, verified like a real one. */
async function webhookReceiver() {
  const events: WebhookEvent[] = [];
  const state = { secret: undefined as string | undefined };
  const server = http.createServer((req, res) => {
    if (!state.secret) return void res.writeHead(503).end();
    void webhookHandler({ hmacSecret: state.secret }, (event) => void events.push(event))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/budgea/webhooks`,
    events,
    set secret(value: string | undefined) {
      state.secret = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const USAGE = `npm run demo

The whole aggregation workflow, end to end: a new user, banks and their fields, a connection that asks an
SMS code, account activation, a permanent token, every transaction, the webhook after a sync. Against a
sandbox on loopback by default; read-only against your own domain when BUDGEA_DOMAIN and BUDGEA_TOKEN (a
user's permanent token) are set.`;

if (process.argv.includes("--help") || process.argv.includes("-h")) out(USAGE);
else
  main().catch((error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exitCode = 1;
  });
