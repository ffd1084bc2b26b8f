/**
 * The bench's loopback API, run as its own process so that its CPU never counts against the client being
 * measured. Prints `{"port": n}` once listening on 127.0.0.1.
 *
 * - `GET /2.0/banks`: a fixed JSON body (the per-request overhead row).
 * - `GET /bench/{total}/{latencyMs}/2.0/users/{id}/accounts/{id}/transactions?offset&limit`: the
 *   `{ transactions, total }` envelope of a list of `total` transactions, each page generated on the fly
 *   (nothing held in memory), answered after `latencyMs`.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { bankList, transactionPage } from "./fixtures.ts";

const BANKS = Buffer.from(JSON.stringify(bankList()));
const TRANSACTIONS = /^\/bench\/(\d+)\/(\d+)\/2\.0\/users\/[^/]+\/accounts\/\d+\/transactions$/;

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://loopback");
  if (url.pathname === "/2.0/banks") return send(response, 200, BANKS);
  const list = TRANSACTIONS.exec(url.pathname);
  if (list) return answerPage(request, response, url, Number(list[1]), Number(list[2]));
  send(response, 404, Buffer.from('{"code":"notFound","message":"no such bench route"}'));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  process.stdout.write(JSON.stringify({ port: address.port }) + "\n");
});

function answerPage(_request: IncomingMessage, response: ServerResponse, url: URL, total: number, latencyMs: number) {
  const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0) || 0);
  const limit = Math.min(10_000, Math.max(1, Number(url.searchParams.get("limit") ?? 100) || 100));
  const body = () => sendAscii(response, transactionPage(offset, limit, total));
  if (latencyMs > 0) setTimeout(body, latencyMs);
  else body();
}

/** Pages are pure ASCII: latin1 skips the UTF-8 encoder, which costs more than building the page. */
function sendAscii(response: ServerResponse, body: string): void {
  response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  response.end(body, "latin1");
}

function send(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, { "content-type": "application/json", "content-length": body.byteLength });
  response.end(body);
}
