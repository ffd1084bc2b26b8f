import type { IncomingMessage, ServerResponse } from "node:http";
import { httpDate } from "../core/dates.js";
import type { Fault } from "./faults.js";
import { type Outgoing, htmlOut, jsonOut, write } from "./outgoing.js";

/** Whether the real handler runs before the fault shapes the answer. */
export function faultRunsHandler(fault: Fault): boolean {
  return (
    fault.kind === "delay" ||
    fault.kind === "dropMidBody" ||
    fault.kind === "truncatedJson" ||
    (fault.kind === "drop" && fault.process === true)
  );
}

/** Answers a fault that replaces the handler; returns the status sent (undefined when dropped). */
export function answerFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault,
  cors: Record<string, string>,
): number | undefined {
  switch (fault.kind) {
    case "drop":
      req.socket.destroy();
      return undefined;
    case "status": {
      const out = statusOut(fault);
      write(res, out, cors);
      return out.status;
    }
    case "html": {
      const status = fault.status ?? 502;
      write(res, htmlOut(status, errorPage(status)), cors);
      return status;
    }
    case "emptyBody":
      write(
        res,
        { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body: Buffer.alloc(0) },
        cors,
      );
      return 200;
    case "wrongEnvelope":
      write(res, jsonOut(200, fault.body ?? { unexpected: [] }), cors);
      return 200;
    default:
      throw new Error(`fault ${fault.kind} needs the handler's answer`);
  }
}

/** Shapes the handler's answer according to the fault; returns the status sent (undefined when dropped). */
export function mangle(
  req: IncomingMessage,
  res: ServerResponse,
  out: Outgoing,
  fault: Fault,
  cors: Record<string, string>,
): number | undefined {
  const half = out.body.subarray(0, Math.floor(out.body.length / 2));
  switch (fault.kind) {
    case "drop":
      req.socket.destroy();
      return undefined;
    case "dropMidBody":
      if (res.destroyed) return undefined;
      res.writeHead(out.status, { ...cors, ...out.headers, "Content-Length": String(out.body.length) });
      res.write(half, () => req.socket.destroy());
      return undefined;
    case "truncatedJson":
      write(res, { ...out, body: half }, cors);
      return out.status;
    default:
      write(res, out, cors);
      return out.status;
  }
}

function statusOut(fault: Extract<Fault, { kind: "status" }>): Outgoing {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) {
    headers["Retry-After"] =
      typeof fault.retryAfter === "number"
        ? String(fault.retryAfter)
        : fault.retryAfter instanceof Date
          ? httpDate(fault.retryAfter.getTime())
          : fault.retryAfter;
  }
  if (typeof fault.body === "string") {
    return {
      status: fault.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
      body: Buffer.from(fault.body),
    };
  }
  return jsonOut(
    fault.status,
    fault.body ?? { code: codeFor(fault.status), message: `Injected fault: HTTP ${fault.status}` },
    headers,
  );
}

function codeFor(status: number): string {
  const codes: Record<number, string> = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "notFound",
    409: "conflict",
    429: "rateLimited",
    500: "bug",
    502: "badGateway",
    503: "serviceUnavailable",
    504: "gatewayTimeout",
  };
  return codes[status] ?? "error";
}

function errorPage(status: number): string {
  const title = `${status} ${status === 502 ? "Bad Gateway" : status === 503 ? "Service Unavailable" : "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
