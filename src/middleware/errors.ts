/**
 * Error mapping: a non-2xx answer becomes the typed APIError its status and the API's `code` pick; a 2xx
 * body that is not the JSON the spec promises (an HTML page, truncated JSON, an empty 200) becomes an
 * InvalidResponseError. Either way the call rejects: `budgea.api` never hands back `{ error }`.
 */
import { type ResponseInfo, InvalidResponseError, createAPIError } from "../errors.js";
import { bearerOf, safeHeaders, scrub } from "../redact.js";
import { requestSecrets } from "./secrets.js";
import { BufferedResponse } from "../transport.js";
import type { Middleware } from "./types.js";

export function errorsMiddleware(): Middleware {
  return {
    async onResponse({ request, response, schemaPath, options }) {
      if (response.status === 204 || request.method === "HEAD") return undefined;
      if (response.ok && options.parseAs !== "json") return undefined;
      const info = (): ResponseInfo => ({
        status: response.status,
        method: request.method,
        path: schemaPath,
        headers: safeHeaders(response.headers),
      });
      const text = await response.text();
      if (!response.ok) throw apiError(text, info(), [bearerOf(request), ...(requestSecrets.get(request) ?? [])]);
      if (!text) throw new InvalidResponseError("empty body where JSON was expected", info());
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        throw new InvalidResponseError(
          `body is not JSON (${response.headers.get("content-type") ?? "no content-type"}, ${text.length} chars)`,
          info(),
        );
      }
      if (response instanceof BufferedResponse) {
        response.remember(data);
        return undefined;
      }
      return new Response(text, response);
    },
  };
}

function apiError(text: string, info: ResponseInfo, secrets: (string | undefined)[]) {
  let body: { code?: unknown; message?: unknown; description?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") body = parsed;
  } catch {
    // an HTML error page or other non-JSON: status alone tells
  }
  const message =
    typeof body.message === "string"
      ? body.message
      : typeof body.description === "string"
        ? body.description
        : undefined;
  return createAPIError({
    ...info,
    code: typeof body.code === "string" ? body.code : undefined,
    message: message === undefined ? undefined : scrub(message, secrets),
  });
}
