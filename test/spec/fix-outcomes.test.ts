/**
 * The overlay on specs that moved on: each fix says whether it applied, whether upstream already says what
 * it says (fixed upstream — remove me), whether its target is gone, or where it conflicts (an error naming
 * the fix, the place, the fix's file and what to do). Fixes written as `apply(doc): number` keep working.
 */
import type { Doc } from "../../scripts/lib/oas.js";
import { toOpenAPI3 } from "../../scripts/lib/convert.js";
import { explain } from "../../scripts/lib/fix-outcomes.js";
import { type Fix, OverlayError, applyOverlay, fixes } from "../../spec/overlay.js";
import { looser, sameShape } from "../../spec/fix.js";

const fix = (id: string) => fixes.find((f) => f.id === id)!;

async function bare(extra: Record<string, unknown> = {}): Promise<Doc> {
  return toOpenAPI3({ swagger: "2.0", info: { title: "t", version: "1" }, paths: {}, ...extra });
}

function caught(run: () => unknown): OverlayError {
  try {
    run();
  } catch (error) {
    if (error instanceof OverlayError) return error;
    throw error;
  }
  throw new Error("no OverlayError");
}

test("a fix written as apply(doc): number is classified by its count, as before", async () => {
  const doc = await bare();
  const counting: Fix = { id: "old-style", defect: "d", evidence: "e", kind: "targeted", apply: () => 3 };
  const idle: Fix = { id: "old-idle", defect: "d", evidence: "e", kind: "targeted", apply: () => 0 };
  const sweep: Fix = { id: "old-sweep", defect: "d", evidence: "e", kind: "sweep", apply: () => 0 };
  expect(applyOverlay(doc, [counting, idle, sweep]).map((r) => [r.id, r.status, r.changed])).toEqual([
    ["old-style", "applied", 3],
    ["old-idle", "unmatched", 0],
    ["old-sweep", "idle", 0],
  ]);
});

test("a targeted fix whose target is gone is a warning naming the fix and its evidence; the overlay goes on", async () => {
  const doc = await bare();
  const [report, next] = applyOverlay(doc, [fix("connection-state"), fix("servers")]);
  expect(report).toMatchObject({ id: "connection-state", status: "target-gone", changed: 0 });
  expect(next).toMatchObject({ id: "servers", status: "applied" });
  const text = explain(fix("connection-state"), report!, process.cwd());
  expect(text).toMatch(/^fix "connection-state" \(spec\/overlay\.ts:\d+\): its target is gone/);
  expect(text).toContain(fix("connection-state").evidence);
});

test("a fix whose defect upstream has fixed says so (remove me), and changes nothing", async () => {
  const doc = await bare({
    definitions: { ConnectorCategory: { type: "object", properties: { name: { type: "string" } } } },
  });
  doc.paths["/auth/renew"] = { post: { responses: { "200": { description: "ok" } } } };
  const before = JSON.stringify(doc);
  const reports = applyOverlay(doc, [fix("auth-renew"), fix("connector-category-name-default")]);
  expect(reports.map((r) => [r.id, r.status, r.alreadyFixed])).toEqual([
    ["auth-renew", "fixed-upstream", 1],
    ["connector-category-name-default", "fixed-upstream", 1],
  ]);
  expect(JSON.stringify(doc)).toBe(before);
  expect(explain(fix("auth-renew"), reports[0]!, process.cwd())).toMatch(/fixed upstream — remove me/);
});

test("a conflict is an error saying which fix, where, what each side says and how to resolve", async () => {
  const doc = await bare({
    definitions: { Connection: { type: "object", properties: { id: { type: "integer" }, state: { type: "integer" } } } },
  });
  const error = caught(() => applyOverlay(doc, [fix("connection-state")]));
  const lines = error.message.split("\n");
  expect(lines[0]).toBe("the overlay cannot be applied to this spec:");
  expect(lines[1]).toMatch(/^fix "connection-state" \(spec\/overlay\.ts:\d+\) conflicts with the spec/);
  expect(lines[2]).toBe(
    '  at #/components/schemas/Connection/properties/state: the spec says {"type":"integer"}; ' +
      'the fix writes {"$ref":"#/components/schemas/ConnectionState"}',
  );
  expect(lines[3]).toMatch(/^ {2}resolve: A state the fix does not know: add it to CONNECTION_STATES/);
  expect(error.reports.find((r) => r.id === "connection-state")?.status).toBe("conflict");
});

test("an enum value upstream knows and the fix does not is a conflict; a subset is refined", async () => {
  const object = () => ({ type: "object", properties: { id: { type: "integer" } } });
  const states = (values: string[]) =>
    bare({
      definitions: {
        Connection: { type: "object", properties: { state: { type: "string", enum: values } } },
        ...{ Field: object(), Account: object(), Connector: object() },
      },
    });
  const known = await states(["wrongpass", "SCARequired"]);
  expect(applyOverlay(known, [fix("connection-state")])[0]).toMatchObject({ status: "applied" });
  expect(known.components.schemas.Connection!.properties.state).toEqual({ $ref: "#/components/schemas/ConnectionState" });
  const unknown = await states(["wrongpass", "captchaRequired"]);
  expect(caught(() => applyOverlay(unknown, [fix("connection-state")])).message).toContain("captchaRequired");
});

test("a fix that throws on a spec is an error naming it, not a crash", async () => {
  const doc = await bare();
  const broken: Fix = {
    id: "throws",
    defect: "d",
    evidence: "e",
    kind: "targeted",
    apply: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'properties')");
    },
  };
  expect(caught(() => applyOverlay(doc, [broken])).message).toMatch(
    /fix "throws" failed on this spec \(nothing generated\): Cannot read properties of undefined/,
  );
});

test("a fix that leaves a $ref dangling (its target schema is gone) fails, naming the suspects", async () => {
  const doc = await bare();
  doc.paths["/users/{id_user}/connections"] = { post: { responses: { "200": { description: "ok" } } } };
  const message = caught(() => applyOverlay(doc, [fix("connection-state"), fix("connection-202")])).message;
  expect(message).toMatch(/^dangling \$ref "#\/components\/schemas\/Connection" at .*202.* \(fixes whose target is gone: connection-state\)$/);
});

test("shapes compare without prose; looser() knows a refinement from a contradiction", () => {
  expect(sameShape({ type: "string", description: "a" }, { description: "b", type: "string" })).toBe(true);
  expect(sameShape({ enum: ["a", "b"] }, { enum: ["b", "a"] })).toBe(true);
  expect(sameShape({ type: "string" }, { type: "string", nullable: true })).toBe(false);
  const doc = { components: { schemas: { S: { type: "string", enum: ["a", "b"] } } } } as unknown as Doc;
  const wanted = { $ref: "#/components/schemas/S" };
  expect(looser(doc, { type: "string" }, wanted)).toBe(true);
  expect(looser(doc, { type: "string", enum: ["a"] }, wanted)).toBe(true);
  expect(looser(doc, { type: "string", enum: ["c"] }, wanted)).toBe(false);
  expect(looser(doc, { type: "integer" }, wanted)).toBe(false);
  expect(looser(doc, {}, wanted)).toBe(true);
  expect(looser(doc, { type: "object" }, { type: "object", properties: { a: {} } })).toBe(true);
  expect(looser(doc, { type: "object", properties: { b: {} } }, { type: "object", properties: { a: {} } })).toBe(false);
});
