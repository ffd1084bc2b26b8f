/**
 * Every generated operation, called through its generated fetcher and budgea's own client against the
 * validator: one call per operation and fill (required values only, then every declared parameter and
 * property), plus one per extra declared 2xx status (asked of the mock with `Prefer: code=`).
 */
import { noJsonSuccess } from "../../generated/responses.ts";
import * as fetchers from "../../generated/operations.ts";
import { type OperationId, operationTable } from "../../generated/operations.ts";
import { Budgea } from "../../src/index.ts";
import type { Doc } from "../lib/oas.ts";
import { type FetcherArgs, buildRequest } from "./build-request.ts";
import type { Fill } from "./example-values.ts";
import { classify } from "./known-limitations.ts";
import type { Problem } from "./problems.ts";
import { CALL_HEADER, type Wire, recordingFetch } from "./recording-fetch.ts";
import { type ResponseChecker, responseChecker } from "./response-check.ts";

export interface Call {
  operationId: OperationId;
  fill: Fill;
  /** A declared 2xx status asked of the mock, when not the first one. */
  status?: number;
  /** Negative controls: spoils the derived arguments (the validator must then reject the call). */
  spoil?: (args: FetcherArgs) => FetcherArgs;
  /** Negative controls: what is spoiled, for the report. */
  label?: string;
}

export interface Outcome {
  call: Call;
  method: string;
  path: string;
  /** The validator accepted the request: it answered 2xx. */
  accepted: boolean;
  /** Why the request was rejected (the validator's request violations, or the status alone). */
  rejections: Problem[];
  /** Once accepted, what is still wrong: the response our client handed back. */
  responseProblems: Problem[];
  wire?: Wire;
}

export interface ContractOptions {
  baseUrl: string;
  doc: Doc;
  fills?: Fill[];
  concurrency?: number;
}

type Fetcher = (client: unknown, init: object) => Promise<{ data?: unknown; response: Response }>;

export const TOKEN = "contract-test-token";

export function contractCalls(doc: Doc, fills: Fill[]): Call[] {
  const calls: Call[] = [];
  for (const operationId of Object.keys(operationTable) as OperationId[]) {
    const { path, method } = operationTable[operationId];
    for (const fill of fills) calls.push({ operationId, fill });
    const codes = Object.keys(doc.paths[path]?.[method]?.responses ?? {}).filter((c) => /^2\d\d$/.test(c));
    for (const code of codes.sort().slice(1)) calls.push({ operationId, fill: fills[0]!, status: Number(code) });
  }
  return calls;
}

export function runContract(options: ContractOptions): Promise<Outcome[]> {
  return runCalls(options, contractCalls(options.doc, options.fills ?? ["required", "all"]));
}

export async function runCalls(options: ContractOptions, calls: Call[]): Promise<Outcome[]> {
  const { baseUrl, doc, concurrency = 4 } = options;
  const recorder = recordingFetch();
  const budgea = new Budgea({ baseUrl, token: TOKEN, fetch: recorder.fetch, maxRetries: 0, timeoutMs: 30_000 });
  const check = responseChecker(doc);
  const outcomes: Outcome[] = new Array(calls.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < calls.length; i = next++) {
      outcomes[i] = await runCall(doc, calls[i]!, String(i), budgea.api, recorder.take, check);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return outcomes;
}

async function runCall(
  doc: Doc,
  call: Call,
  tag: string,
  client: unknown,
  take: (tag: string) => Wire | undefined,
  check: ResponseChecker,
): Promise<Outcome> {
  const { method, path, listKey } = operationTable[call.operationId];
  const item = doc.paths[path];
  const op = item?.[method];
  if (!op || op.operationId !== call.operationId) {
    const message = `generated/ is stale: the document has ${op?.operationId ?? "nothing"} at ${method} ${path}`;
    const problem: Problem = { source: "client", at: "generated", message };
    return { call, method, path, accepted: false, rejections: [problem], responseProblems: [] };
  }
  const headers: Record<string, string> = { [CALL_HEADER]: tag };
  if (call.status) headers.prefer = `code=${call.status}`;
  const derived = buildRequest(doc, op, (item.parameters as never) ?? [], call.fill);
  const args = call.spoil ? call.spoil(derived) : derived;
  const fetcher = (fetchers as unknown as Record<string, Fetcher>)[call.operationId]!;
  let data: unknown;
  let failure: Problem | undefined;
  try {
    ({ data } = await fetcher(client, { ...args, headers }));
  } catch (error) {
    failure = { source: "client", at: "fetcher", message: `${(error as Error).name}: ${(error as Error).message}` };
  }
  const wire = take(tag);
  const status = wire?.status ?? 0;
  const accepted = status >= 200 && status < 300;
  const violations = (wire?.violations ?? []).map((v): Problem => ({
    source: "validator",
    at: v.location.join("."),
    message: v.message,
  }));
  const rejections = accepted
    ? []
    : [...violations.filter((v) => v.at.startsWith("request")), ...(failure ? [failure] : [])];
  const responseProblems: Problem[] = [];
  if (accepted) {
    responseProblems.push(...violations); // the mocked body against the schema, and any request warning
    if (failure) responseProblems.push(failure);
    else if (noJsonSuccess.has(`${method.toUpperCase()} ${path}`)) {
      // the spec gives this success no JSON body (GET /webauth redirects): no type to check it against
    } else {
      responseProblems.push(...check(path, method, status, data).map((p) => classify(p, data)));
      responseProblems.push(...envelopeProblems(data, listKey));
      if (call.status && status !== call.status)
        responseProblems.push({
          source: "validator",
          at: "response.status",
          message: `asked ${call.status}, got ${status}`,
        });
    }
  }
  return { call, method, path, accepted, rejections, responseProblems, wire };
}

/** What every caller relies on beyond the schema: a JSON object, and a list's item array. */
function envelopeProblems(data: unknown, listKey: string | undefined): Problem[] {
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return [{ source: "client", at: "/", message: "is not a JSON object" }];
  if (listKey && !Array.isArray((data as Record<string, unknown>)[listKey]))
    return [{ source: "client", at: `/${listKey}`, message: "is not an array (the operation's listKey)" }];
  return [];
}
