/**
 * Contract: every generated operation, called through its generated fetcher and budgea's client, must be
 * accepted by a server that validates each request against the converted + overlaid document (our loopback
 * mock, scripts/contract/mock-server.ts: routing, security, and Ajv 8 — a validator we did not write — over
 * parameters and bodies), and the response our client hands back must have the shape our types declare.
 * Prints `N/437 accepted` and every rejection with the validator's reason. Negative controls show that the
 * validator does refuse what is wrong, channel by channel.
 */
import { operationTable } from "../../generated/operations.js";
import { type MockServer, startMockServer } from "../../scripts/contract/mock-server.js";
import { NEGATIVE_CONTROLS } from "../../scripts/contract/negative-controls.js";
import { formatReport, summarize } from "../../scripts/contract/report.js";
import { runCalls, runContract } from "../../scripts/contract/run-contract.js";
import type { Doc } from "../../scripts/lib/oas.js";
import { built } from "../spec/support/document.js";

let doc: Doc;
let server: MockServer | undefined;

beforeAll(async () => {
  ({ doc } = await built());
  server = await startMockServer(doc);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

test("every operation: the validator accepts the request and the response has our types", async () => {
  const started = Date.now();
  const outcomes = await runContract({ baseUrl: server!.baseUrl, doc });
  const summary = summarize(outcomes);
  console.log(formatReport(summary, (Date.now() - started) / 1000));

  expect(summary.operations).toBe(Object.keys(operationTable).length);
  const rejected = summary.rejected.map((o) => [o.call.operationId, o.call.fill, o.rejections.map((p) => p.message)]);
  expect(rejected).toEqual([]);
  const mistyped = summary.mistyped.map((o) => [o.call.operationId, o.responseProblems.filter((p) => !p.limitation)]);
  expect(mistyped).toEqual([]);
  expect(summary.accepted).toBe(summary.operations);
  expect(summary.typed).toBe(summary.operations);
}, 180_000);

test("the validator refuses spoiled requests: path, query, JSON and multipart bodies, credentials", async () => {
  const outcomes = await runCalls({ baseUrl: server!.baseUrl, doc }, NEGATIVE_CONTROLS);
  const seen = outcomes.map((o, i) => {
    const { label, expect: wanted } = NEGATIVE_CONTROLS[i]!;
    const refused =
      "status" in wanted
        ? o.wire?.status === wanted.status
        : o.rejections.some((p) => p.source === "validator" && p.at.startsWith(wanted.violationAt));
    return [label, o.accepted ? "accepted" : refused ? "refused as expected" : o.rejections];
  });
  expect(seen).toEqual(NEGATIVE_CONTROLS.map((c) => [c.label, "refused as expected"]));
}, 60_000);
