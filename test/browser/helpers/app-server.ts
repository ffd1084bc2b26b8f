/**
 * The example app's own server on 127.0.0.1 (its own port, so the API, on the sandbox's port, is another
 * origin and every call from the page is a CORS request). Routes are `"GET /path"` → a handler that gets the
 * URL and the parsed JSON body and returns what to send.
 */
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Reply {
  status?: number;
  type: "html" | "js" | "json";
  body: string;
}

export type Route = (url: URL, body: unknown) => Reply | Promise<Reply>;

export interface AppServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

const TYPES = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", json: "application/json" };

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

export async function startAppServer(routes: Record<string, Route>): Promise<AppServer> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes[`${req.method} ${url.pathname}`];
    try {
      const reply = route ? await route(url, await jsonBody(req)) : { status: 404, type: "json" as const, body: "{}" };
      res.writeHead(reply.status ?? 200, { "content-type": TYPES[reply.type], "cache-control": "no-store" });
      res.end(reply.body);
    } catch (error) {
      res.writeHead(500, { "content-type": TYPES.json });
      res.end(JSON.stringify({ error: String(error) }));
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A page: its HTML with the config embedded as JSON, and its bundled script at `/app.js`. */
export function pageHtml(title: string, body: string, config: unknown): string {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
<script id="config" type="application/json">${json}</script>
<script type="module" src="/app.js"></script></head>
<body>${body}</body>
</html>`;
}
