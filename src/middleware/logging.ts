import type { Logger } from "../logger.js";
import { redactUrl } from "../redact.js";
import type { Middleware } from "./types.js";

/**
 * One debug line per request and per response (method, path template, status, duration); never headers or
 * bodies, and secret query values redacted. Nothing is built when the logger's debug level is off.
 */
export function loggingMiddleware(logger: Logger): Middleware {
  const started = new Map<string, number>();
  const debug = () => Boolean(logger.debug) && (logger.isLevelEnabled?.("debug") ?? true);
  const elapsed = (id: string) => {
    const start = started.get(id);
    started.delete(id);
    return start === undefined ? undefined : Math.round(performance.now() - start);
  };
  return {
    onRequest({ request, id }) {
      if (!debug()) return;
      started.set(id, performance.now());
      logger.debug!({ method: request.method, url: redactUrl(request.url) }, "budgea: request");
    },
    onResponse({ request, response, schemaPath, id }) {
      const ms = elapsed(id);
      if (response.ok ? debug() : logger.warn) {
        const fields = { method: request.method, path: schemaPath, status: response.status, ms };
        if (response.ok) logger.debug!(fields, "budgea: response");
        else logger.warn!(fields, "budgea: error response");
      }
    },
    onError({ request, schemaPath, error, id }) {
      const ms = elapsed(id);
      logger.warn?.(
        { method: request.method, path: schemaPath, error: (error as Error)?.name, ms },
        "budgea: request failed",
      );
    },
  };
}
