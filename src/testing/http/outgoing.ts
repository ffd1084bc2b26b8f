import type { ServerResponse } from "node:http";
import { HtmlPage, Redirect, Status } from "./reply.js";

/** A response ready to write: status, headers and the whole body. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function jsonOut(status: number, value: unknown, headers: Record<string, string> = {}): Outgoing {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: Buffer.from(JSON.stringify(value), "utf8"),
  };
}

export function htmlOut(status: number, html: string): Outgoing {
  return { status, headers: { "Content-Type": "text/html; charset=utf-8" }, body: Buffer.from(html, "utf8") };
}

export function toOutgoing(result: unknown): Outgoing {
  if (result instanceof HtmlPage) return htmlOut(result.status, result.html);
  if (result instanceof Redirect) return { status: 302, headers: { Location: result.location }, body: Buffer.alloc(0) };
  if (result instanceof Status) return jsonOut(result.status, result.body);
  return jsonOut(200, result ?? {});
}

export function write(res: ServerResponse, out: Outgoing, extraHeaders: Record<string, string>): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(out.status, { ...extraHeaders, ...out.headers, "Content-Length": String(out.body.length) });
  res.end(out.body);
}
