/**
 * Fuzzing what the server answers (issue 8 §3): arbitrary statuses, headers and bodies — JSON of the wrong
 * shape, invalid UTF-8, huge numbers, deep nesting, truncations — through an injected fetch. Whatever
 * comes back, every client call resolves with data or rejects with a BudgeaError: never a TypeError,
 * a SyntaxError, a RangeError or a hang. Fixed seed in CI; FUZZ_RUNS for longer local runs.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { Budgea, BudgeaError } from "../../src/index.js";

/** The client's secrets: an answer may echo them anywhere; no error may carry them. */
const TOKEN = "tok-FUZZ-7c1d";
const SECRET = "sec-FUZZ-90ab";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const NULL_BODY = new Set([204, 205, 304]);

const deepNesting = fc.integer({ min: 1, max: 50_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth));
const hugeNumbers = fc.constantFrom("1e400", "-1e400", "123456789012345678901234567890", '{"total":1e999,"banks":[]}', "9".repeat(5_000));
const wrongShapes = fc.jsonValue().map((value) => JSON.stringify(value));
const envelopes = fc
  .record({
    banks: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.jsonValue()),
    total: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    id: fc.oneof(fc.integer(), fc.string()),
    state: fc.oneof(fc.constantFrom(null, "wrongpass", "SCARequired", "decoupled", "brandNew"), fc.string()),
    access_token: fc.oneof(fc.string(), fc.integer()),
    auth_token: fc.oneof(fc.string(), fc.integer()),
  })
  .map((value) => JSON.stringify(value));
const truncated = wrongShapes.chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)));
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => new Uint8Array([0xff, 0xfe, ...bytes]));
const whitespace = fc.constantFrom(" ", "\n", "\t \r\n", "   \n  ");
const echoes = fc
  .record({
    code: fc.constantFrom("wrongpass", "bug", TOKEN, `x ${SECRET}`),
    message: fc.constantFrom(`Bearer ${TOKEN}`, `client_secret=${SECRET}`, `${TOKEN}${SECRET}`, "<token>"),
    description: fc.constantFrom(TOKEN, SECRET, "fine"),
  })
  .map((value) => JSON.stringify(value));
const echoPage = fc.constantFrom(`<html>${TOKEN} ${SECRET}</html>`, `${SECRET}`);
const body = fc.oneof(
  deepNesting,
  hugeNumbers,
  wrongShapes,
  envelopes,
  truncated,
  invalidUtf8,
  whitespace,
  echoes,
  echoPage,
  fc.string(),
  fc.constant(""),
);

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((s) => s.trim());
const answer = fc.record({
  status: fc.oneof(fc.constantFrom(200, 202, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504), fc.integer({ min: 200, max: 599 })),
  contentType: fc.constantFrom("application/json", "text/html", "text/plain", undefined),
  retryAfter: fc.option(fc.oneof(fc.constantFrom("0", "-5", "abc", "Wed, 21 Oct 2015 07:28:00 GMT"), headerValue)),
  requestId: fc.option(headerValue),
  body,
});
type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

function fakeFetch(a: Answer) {
  return async () => {
    const headers: Record<string, string> = {};
    if (a.contentType) headers["content-type"] = a.contentType;
    if (a.retryAfter) headers["retry-after"] = a.retryAfter;
    if (a.requestId) headers["x-request-id"] = a.requestId;
    return new Response(NULL_BODY.has(a.status) ? null : a.body, { status: a.status, headers });
  };
}

const calls: [string, (b: Budgea) => Promise<unknown>][] = [
  ["api.GET", (b) => b.api.GET("/banks")],
  ["api.DELETE", (b) => b.api.DELETE("/users/{id_user}/connections/{id_connection}", { params: { path: { id_user: "me", id_connection: 1 } } })],
  ["auth.revoke", (b) => b.auth.revoke()],
  ["paginate", (b) => b.paginate("/banks").toArray(50)],
  ["paginate, the same answer every time", (b) => b.paginate("/banks").toArray()],
  ["connections.create", (b) => b.connections.create({ connectorId: 59, fields: { login: "12345678", password: "123456" } })],
  ["connections.get", (b) => b.connections.get(1)],
  ["transfers.create", (b) => b.transfers.create({ accountId: 1, recipientId: 2, amount: 10, label: "x" })],
  ["auth.init", (b) => b.auth.init()],
  ["auth.exchange", (b) => b.auth.exchange({ code: "c" })],
];

test.each(calls)(
  "%s: any answer, through any middleware, resolves or rejects with a BudgeaError that carries no secret, in bounded requests",
  async (_name, call) => {
    await fc.assert(
      fc.asyncProperty(answer, fc.boolean(), async (a, replacing) => {
        let requests = 0;
        const fetch = fakeFetch(a);
        const budgea = new Budgea({
          baseUrl: "https://fuzz.biapi.pro/2.0",
          token: TOKEN,
          clientId: "1",
          clientSecret: SECRET,
          maxRetries: 0,
          fetch: () => (requests++, fetch()),
        });
        // openapi-fetch's docs way of changing a request: nothing of the call may be lost through it
        if (replacing) budgea.api.use({ onRequest: ({ request }) => new Request(request) });
        const outcome = await call(budgea).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined && !(outcome instanceof BudgeaError)) {
          throw new Error(`not a BudgeaError: ${String(outcome)} for ${a.status} ${JSON.stringify(String(a.body).slice(0, 80))}`);
        }
        const told = outcome === undefined ? "" : `${String(outcome)} ${JSON.stringify(outcome)} ${inspect(outcome, { depth: 5 })}`;
        expect(told).not.toContain(TOKEN);
        expect(told).not.toContain(SECRET);
        expect(requests).toBeLessThanOrEqual(3); // a list answered the same every time ends (or rejects) at once
      }),
      { seed: 42, numRuns: RUNS },
    );
  },
  60_000,
);

test("with retries on: Retry-After of any form never hangs and never throws anything else", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(429, 502, 503, 504),
      fc.oneof(fc.constantFrom("0", "-1", "0.001", "abc", "Thu, 01 Jan 1970 00:00:00 GMT"), headerValue),
      async (status, retryAfter) => {
        let requests = 0;
        const fetch = async () => {
          requests++;
          return new Response('{"code":"busy"}', { status, headers: { "retry-after": retryAfter } });
        };
        const budgea = new Budgea({ baseUrl: "https://fuzz.biapi.pro/2.0", maxRetries: 2, timeoutMs: 5_000, fetch });
        const started = Date.now();
        const error = await budgea.api.GET("/banks", { headers: {} }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BudgeaError);
        expect(requests).toBeLessThanOrEqual(3);
        expect(Date.now() - started).toBeLessThan(5_500);
      },
    ),
    { seed: 42, numRuns: Math.min(RUNS, 25) },
  );
}, 120_000);
