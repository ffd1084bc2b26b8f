/**
 * The arguments of one generated fetcher call, derived from its operation in the overlaid document:
 * `{ params: { path, query }, body }`. `fill: "required"` sends what the operation requires (path
 * parameters, required query parameters, a required body with its required fields); `fill: "all"` sends
 * every declared query parameter and body property too.
 */
import { type Doc, type Operation, type Schema, deref } from "../lib/oas.ts";
import { type Fill, exampleValue } from "./example-values.ts";

export interface FetcherArgs {
  params: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: Record<string, unknown>;
  /** budgea's per-call token (`null`: no Authorization header); never derived, only set by negative controls. */
  token?: null;
}

/** The media type a generated fetcher sends: JSON for form bodies (our client's choice), multipart for files. */
export const SENT_MEDIA = { form: "application/json", multipart: "multipart/form-data" } as const;

export function buildRequest(doc: Doc, op: Operation, pathItemParams: Schema[], fill: Fill): FetcherArgs {
  const params: FetcherArgs["params"] = {};
  for (const param of [...pathItemParams, ...(op.parameters ?? [])].map((p) => deref(doc, p)!)) {
    if (param.in !== "path" && param.in !== "query") {
      throw new Error(`${op.operationId}: ${param.in} parameter ${param.name}: teach build-request.ts`);
    }
    if (param.in === "query" && !param.required && fill === "required") continue;
    (params[param.in as "path" | "query"] ??= {})[param.name] = exampleValue(doc, param.schema, fill);
  }
  const args: FetcherArgs = { params };
  const body = deref(doc, op.requestBody);
  if (body && (body.required || fill === "all")) {
    const content = body.content ?? {};
    const media = content[SENT_MEDIA.form] ? SENT_MEDIA.form : SENT_MEDIA.multipart;
    if (!content[media]) throw new Error(`${op.operationId}: no ${media} body: teach build-request.ts`);
    args.body = exampleValue(doc, content[media].schema, fill) as Record<string, unknown>;
  }
  return args;
}
