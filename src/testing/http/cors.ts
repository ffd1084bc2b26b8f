import type { IncomingMessage } from "node:http";

/** CORS, so a browser page on another loopback port can call the sandbox (the docs' client-side protocol). */
const ALLOWED_HEADERS = ["Authorization", "Content-Type", "Accept", "BI-Signature", "BI-Signature-Date"];
const EXPOSED_HEADERS = ["Retry-After", "Content-Length", "BI-Signature", "BI-Signature-Date"];

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return origin
    ? {
        "Access-Control-Allow-Origin": origin,
        Vary: "Origin",
        "Access-Control-Expose-Headers": EXPOSED_HEADERS.join(", "),
      }
    : { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED_HEADERS.join(", ") };
}

export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const requested = String(req.headers["access-control-request-headers"] ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => /^(bi-|x-)/i.test(h));
  return {
    ...corsHeaders(req),
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": [...ALLOWED_HEADERS, ...requested].join(", "),
    "Access-Control-Max-Age": "600",
  };
}
