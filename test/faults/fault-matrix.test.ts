/**
 * The fault matrix (issue 8 §2): every kind of request × every way the server can fail, against the
 * sandbox over real loopback HTTP. Each cell asserts what the server received (retries only where
 * DESIGN.md allows them: idempotent requests, on network errors, 429, 502, 503, 504), the error the caller
 * gets and its fields, that it came in bounded time, and (for the file) no unhandled rejection. The matrix
 * is printed at the end.
 */
import {
  AbortError,
  APIError,
  BadRequestError,
  Budgea,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  TimeoutError,
  TransferOutcomeUnknownError,
} from "../../src/index.js";
import { type Fault, type Sandbox, startSandbox } from "../../src/testing/index.js";

/** The deadline bounds retries too, so only the timeout cell gets a short one. */
const TIMEOUT_MS = 10_000;
const SHORT_TIMEOUT_MS = 400;

interface Target {
  name: string;
  method: string;
  path: string;
  idempotent: boolean;
  /** Money moves: an ambiguous failure must say the outcome is unknown. */
  moneyMoves?: boolean;
  /** What a 200 with a wrong envelope gives: the raw client does not validate bodies it does not use. */
  wrongEnvelope: "InvalidResponseError" | "resolves";
  run(signal?: AbortSignal): Promise<unknown>;
}

interface FaultCase {
  name: string;
  fault: Fault | "timeout" | "abort";
  /** Retried (3 requests with maxRetries 2) when the request is idempotent. */
  retryable: boolean;
  expect(target: Target): { error: Function | "resolves"; check?: (error: unknown) => void };
}

let sb: Sandbox;
let user: Budgea;
let server: Budgea;
let ids: { account: number; connection: number; recipient: number };
const rows: string[][] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  sb = await startSandbox();
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await sb.close();
  printMatrix();
});

let token = "";
function clients(timeoutMs: number): void {
  user = new Budgea({ baseUrl: sb.url, timeoutMs }).withToken(token);
  server = new Budgea({ baseUrl: sb.url, timeoutMs, clientId: sb.clientId, clientSecret: sb.clientSecret });
}

beforeEach(async () => {
  sb.reset();
  const created = sb.createUser();
  token = created.token;
  clients(TIMEOUT_MS);
  const { data } = await user.api.GET("/users/{id_user}/accounts/{id_account}/recipients", {
    params: { path: { id_user: "me", id_account: created.accountIds[0]! } },
  });
  ids = { account: created.accountIds[0]!, connection: created.connectionId, recipient: data.recipients[0]!.id };
});

const targets: Target[] = [
  {
    name: "GET list",
    method: "GET",
    path: "/users/{id_user}/accounts/{id_account}/transactions",
    idempotent: true,
    wrongEnvelope: "InvalidResponseError",
    run: (signal) =>
      user
        .paginate("/users/{id_user}/accounts/{id_account}/transactions", { params: { path: { id_user: "me", id_account: ids.account } } }, { signal })
        .toArray(),
  },
  {
    name: "GET item",
    method: "GET",
    path: "/users/{id_user}/connections/{id_connection}",
    idempotent: true,
    wrongEnvelope: "InvalidResponseError",
    run: (signal) => user.connections.get(ids.connection, { signal }),
  },
  {
    name: "PUT",
    method: "PUT",
    path: "/users/{id_user}/accounts/{id_account}",
    idempotent: true,
    wrongEnvelope: "resolves",
    run: (signal) =>
      user.api.PUT("/users/{id_user}/accounts/{id_account}", {
        params: { path: { id_user: "me", id_account: ids.account } },
        body: { display: true },
        signal,
      }),
  },
  {
    name: "DELETE",
    method: "DELETE",
    path: "/users/{id_user}/connections/{id_connection}",
    idempotent: true,
    wrongEnvelope: "resolves",
    run: (signal) => user.connections.delete(ids.connection, { signal }),
  },
  {
    name: "POST connection",
    method: "POST",
    path: "/users/{id_user}/connections",
    idempotent: false,
    wrongEnvelope: "InvalidResponseError",
    run: (signal) => user.connections.create({ connectorId: 59, fields: { login: "12345678", password: "123456" }, signal }),
  },
  {
    name: "POST transfer",
    method: "POST",
    path: "/users/{id_user}/accounts/{id_account}/recipients/{id_recipient}/transfers",
    idempotent: false,
    moneyMoves: true,
    wrongEnvelope: "InvalidResponseError",
    run: (signal) => user.transfers.create({ accountId: ids.account, recipientId: ids.recipient, amount: 12.5, label: "matrix", signal }),
  },
  {
    name: "POST token exchange",
    method: "POST",
    path: "/auth/token/access",
    idempotent: false,
    wrongEnvelope: "InvalidResponseError",
    run: async (signal) => {
      const { code } = await user.auth.code();
      return server.auth.exchange({ code, signal });
    },
  },
];

/** Money-moving POSTs wrap an ambiguous failure: the cause is what the plain request would have thrown. */
const ambiguous = (cause: Function) => (target: Target) =>
  target.moneyMoves
    ? { error: TransferOutcomeUnknownError, check: (e: unknown) => expect((e as Error).cause).toBeInstanceOf(cause) }
    : { error: cause };

const faults: FaultCase[] = [
  { name: "503", fault: { kind: "status", status: 503 }, retryable: true, expect: () => ({ error: InternalServerError, check: status(503) }) },
  { name: "502 HTML page", fault: { kind: "html", status: 502 }, retryable: true, expect: ambiguousStatus(502) },
  { name: "504", fault: { kind: "status", status: 504 }, retryable: true, expect: ambiguousStatus(504) },
  {
    name: "429 + Retry-After: 1",
    fault: { kind: "status", status: 429, retryAfter: 1 },
    retryable: true,
    expect: () => ({ error: RateLimitError, check: (e) => expect((e as RateLimitError).retryAfterMs).toBe(1000) }),
  },
  {
    name: "429 + Retry-After: date",
    fault: { kind: "status", status: 429, retryAfter: "__DATE__" },
    retryable: true,
    expect: () => ({ error: RateLimitError, check: status(429) }),
  },
  { name: "500", fault: { kind: "status", status: 500 }, retryable: false, expect: () => ({ error: InternalServerError, check: status(500) }) },
  {
    name: "400 {code,message}",
    fault: { kind: "status", status: 400, body: { code: "invalidValue", message: "bad value" } },
    retryable: false,
    expect: () => ({ error: BadRequestError, check: (e) => expect(e).toMatchObject({ status: 400, code: "invalidValue" }) }),
  },
  {
    name: "unknown code",
    fault: { kind: "status", status: 400, body: { code: "brandNewCode", message: "new" } },
    retryable: false,
    expect: () => ({ error: APIError, check: (e) => expect((e as APIError).code).toBe("brandNewCode") }),
  },
  { name: "reset before response", fault: { kind: "drop" }, retryable: true, expect: ambiguous(ConnectionError) },
  { name: "reset mid-body", fault: { kind: "dropMidBody" }, retryable: true, expect: ambiguous(ConnectionError) },
  { name: "truncated JSON", fault: { kind: "truncatedJson" }, retryable: false, expect: ambiguous(InvalidResponseError) },
  {
    name: "200 empty body",
    fault: { kind: "emptyBody" },
    retryable: false,
    // a DELETE promises no body: an empty 2xx is its success; elsewhere JSON was promised
    expect: (t) => (t.method === "DELETE" ? { error: "resolves" } : ambiguous(InvalidResponseError)(t)),
  },
  {
    name: "200 wrong envelope",
    fault: { kind: "wrongEnvelope" },
    retryable: false,
    expect: (t) => (t.wrongEnvelope === "resolves" ? { error: "resolves" } : ambiguous(InvalidResponseError)(t)),
  },
  { name: "slower than timeout", fault: "timeout", retryable: false, expect: ambiguous(TimeoutError) },
  { name: "caller abort", fault: "abort", retryable: false, expect: ambiguous(AbortError) },
];

describe.each(targets)("$name", (target) => {
  test.each(faults)("× $name", async (cell) => {
    const expected = cell.expect(target);
    const inject = (fault: Fault) => sb.inject({ method: target.method, path: target.path, times: Infinity, ...withDate(fault) });
    const controller = new AbortController();
    if (cell.fault === "timeout") clients(SHORT_TIMEOUT_MS);
    if (cell.fault === "timeout" || cell.fault === "abort") inject({ kind: "delay", delayMs: 3_000 });
    else inject(cell.fault);
    if (cell.fault === "abort") setTimeout(() => controller.abort(), 100);

    const before = sb.requests({ method: target.method, path: target.path });
    const started = Date.now();
    const outcome = await target.run(controller.signal).then(
      () => "resolves" as const,
      (error: unknown) => error,
    );
    const elapsed = Date.now() - started;
    const received = sb.requests({ method: target.method, path: target.path }) - before;

    const requests = target.idempotent && cell.retryable ? 3 : 1;
    if (expected.error === "resolves") expect(outcome).toBe("resolves");
    else {
      expect(outcome).toBeInstanceOf(expected.error);
      expected.check?.(outcome);
    }
    expect(received).toBe(requests);
    expect(elapsed).toBeLessThan(target.idempotent && cell.retryable ? 6_000 : 2_000);
    expect(unhandled).toEqual([]);
    rows.push([target.name, cell.name, String(received), outcome === "resolves" ? "resolves" : (outcome as Error).name, `${elapsed} ms`]);
  });
});

function status(code: number) {
  return (error: unknown) => expect((error as APIError).status).toBe(code);
}

function ambiguousStatus(code: number) {
  return (target: Target) =>
    target.moneyMoves
      ? { error: TransferOutcomeUnknownError, check: (e: unknown) => expect(((e as Error).cause as APIError).status).toBe(code) }
      : { error: InternalServerError, check: status(code) };
}

/** A Retry-After HTTP date one second ahead, computed when the fault is injected. */
function withDate(fault: Fault): Fault {
  if (fault.kind === "status" && fault.retryAfter === "__DATE__") return { ...fault, retryAfter: new Date(Date.now() + 1_500) };
  return fault;
}

function printMatrix(): void {
  const header = ["request", "fault", "requests", "outcome", "time"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const table = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
  process.stdout.write(`\nFault matrix: ${rows.length} cells\n${table}\n`);
}
