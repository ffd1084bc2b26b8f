/**
 * spec:diff on the two shared releases (the facts a user checks after an upstream update) and on small
 * documents built to pin each breaking/non-breaking rule.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toOpenAPI3 } from "../../scripts/lib/convert.js";
import type { Doc, Schema } from "../../scripts/lib/oas.js";
import { type Group, type SpecDiff, breakingCount, diffDocuments } from "../../scripts/lib/spec-diff.js";
import { COMPARED, renderMarkdown } from "../../scripts/lib/spec-diff-render.js";
import { loadSpec, projectRoot } from "../../scripts/lib/spec-source.js";
import { CURRENT, PREVIOUS } from "./support/document.js";

let releases: SpecDiff;

beforeAll(async () => {
  const [before, after] = await Promise.all([PREVIOUS, CURRENT].map(async (f) => toOpenAPI3((await loadSpec(f)).doc)));
  releases = diffDocuments(before!, after!);
});

function group(diff: SpecDiff, title: string): Group | undefined {
  return [...diff.operationChanges, ...diff.schemaChanges].find((g) => g.title.startsWith(title));
}

function texts(g: Group | undefined, severity?: string): string[] {
  return (g?.changes ?? []).filter((c) => !severity || c.severity === severity).map((c) => c.text);
}

describe("2019-09-24 → 2020-02-07", () => {
  test("360 → 382 operations: 22 added, none removed", () => {
    expect(releases.operations.before).toBe(360);
    expect(releases.operations.after).toBe(382);
    expect(releases.operations.added).toHaveLength(22);
    expect(releases.operations.removed).toEqual([]);
    expect(releases.operations.added).toContainEqual({ method: "PUT", path: "/connectors", name: "updateConnectors" });
  });

  test("Connection.error and expire removed, breaking", () => {
    expect(texts(group(releases, "`Connection`"), "breaking")).toEqual([
      "property `error` removed (was string)",
      "property `expire` removed (was string(date-time))",
    ]);
  });

  test("Connector.id_weboob removed, breaking", () => {
    expect(texts(group(releases, "`Connector`"), "breaking")).toEqual(["property `id_weboob` removed (was string)"]);
  });

  test("redirect_uri → redirect_uris on clients, in the schema and the bodies that set it", () => {
    const rename = "renamed to `redirect_uris` (string)";
    expect(texts(group(releases, "`Client`"), "breaking")).toEqual([`property \`redirect_uri\` ${rename}`]);
    for (const op of ["`POST /clients`", "`PUT /clients/{id_client}`", "`POST /merchants`"]) {
      expect(texts(group(releases, op), "breaking")).toEqual([`body field \`redirect_uri\` ${rename}`]);
    }
  });

  test("enum changes and removed schemas are found", () => {
    expect(texts(group(releases, "`User`"))).toEqual(["property `platform` enum gained `refresh_token`"]);
    expect(texts(group(releases, "Schemas added or removed"), "breaking")).toEqual(["schema `Invite` removed"]);
  });

  test("the markdown names every section and counts what breaks", () => {
    const md = renderMarkdown(releases, { before: "old.json", after: "new.json", compared: "converted" });
    expect(md).toMatch(/^# Spec diff: old\.json → new\.json\n/);
    expect(md).toContain(
      `**Operations: 360 → 382** (22 added, 0 removed). **${breakingCount(releases)} breaking changes**`,
    );
    for (const heading of [
      "## Operations added (22)",
      "## Operations removed (0)",
      "## Operations changed",
      "## Schemas changed",
      "## Document",
    ]) {
      expect(md).toContain(heading);
    }
  });
});

test("spec/DIFF-2019-09-24-to-2020-02-07.md embeds the current output", () => {
  const doc = readFileSync(join(projectRoot(), "spec", "DIFF-2019-09-24-to-2020-02-07.md"), "utf8");
  const embedded = /```markdown\n([\s\S]*?)```\n$/.exec(doc)?.[1];
  const labels = { before: "budgea-2019-09-24.swagger.json", after: "budgea-2020-02-07.swagger.json" };
  expect(embedded).toBe(renderMarkdown(releases, { ...labels, compared: COMPARED.converted }));
});

describe("rules", () => {
  const schemaDoc = (schemas: Record<string, Schema>, paths: Doc["paths"] = {}): Doc => ({
    openapi: "3.0.0",
    info: { title: "t", version: "1" },
    paths,
    components: { schemas },
  });
  const withOp = (op: Record<string, unknown>): Doc => schemaDoc({}, { "/things": { post: { responses: {}, ...op } } });
  const query = (name: string, required: boolean, schema: Schema = { type: "integer" }) => ({
    name,
    in: "query",
    required,
    schema,
  });
  const body = (properties: Record<string, Schema>, required: string[] = []) => ({
    requestBody: { content: { "application/json": { schema: { type: "object", properties, required } } } },
  });
  const response = (properties: Record<string, Schema>, required: string[] = []) => ({
    responses: {
      "200": { description: "", content: { "application/json": { schema: { type: "object", properties, required } } } },
    },
  });
  const changes = (a: Doc, b: Doc) => diffDocuments(a, b).operationChanges.flatMap((g) => g.changes);
  const schemaChanges = (a: Doc, b: Doc) => diffDocuments(a, b).schemaChanges.flatMap((g) => g.changes);

  test("an operation removed breaks; one added does not", () => {
    const a = withOp({});
    const b = schemaDoc({}, { "/other": { get: { responses: {} } } });
    const diff = diffDocuments(a, b);
    expect(diff.operations.removed).toEqual([{ method: "POST", path: "/things", name: "createThing" }]);
    expect(breakingCount(diff)).toBe(1);
    expect(breakingCount(diffDocuments(b, schemaDoc({}, { ...b.paths, ...a.paths })))).toBe(0);
  });

  test("a required parameter added breaks, an optional one does not", () => {
    expect(changes(withOp({}), withOp({ parameters: [query("limit", true)] }))).toEqual([
      { severity: "breaking", text: "query parameter `limit` added (integer, required)" },
    ]);
    expect(changes(withOp({}), withOp({ parameters: [query("limit", false)] }))[0]!.severity).toBe("non-breaking");
  });

  test("a parameter becoming required breaks; becoming optional does not", () => {
    const optional = withOp({ parameters: [query("limit", false)] });
    const required = withOp({ parameters: [query("limit", true)] });
    expect(changes(optional, required)).toEqual([
      { severity: "breaking", text: "query parameter `limit` is now required" },
    ]);
    expect(changes(required, optional)).toEqual([
      { severity: "non-breaking", text: "query parameter `limit` is now optional" },
    ]);
  });

  test("a body field changing type breaks, and a lost enum value of an input breaks", () => {
    expect(
      changes(withOp(body({ amount: { type: "integer" } })), withOp(body({ amount: { type: "number" } }))),
    ).toEqual([{ severity: "breaking", text: "body field `amount` changed type: integer → number" }]);
    const kinds = (values: string[]) => withOp(body({ kind: { type: "string", enum: values } }));
    expect(changes(kinds(["a", "b"]), kinds(["a"]))).toEqual([
      { severity: "breaking", text: "body field `kind` enum lost `b`" },
    ]);
    expect(changes(kinds(["a"]), kinds(["a", "b"]))[0]!.severity).toBe("non-breaking");
  });

  test("a response field removed, or now nullable, breaks; one added does not", () => {
    const before = withOp(response({ id: { type: "integer" }, name: { type: "string" } }, ["id"]));
    expect(changes(before, withOp(response({ id: { type: "integer" } }, ["id"])))).toEqual([
      { severity: "breaking", text: "response 200 field `name` removed (was string)" },
    ]);
    expect(
      changes(before, withOp(response({ id: { type: "integer", nullable: true }, name: { type: "string" } }, ["id"]))),
    ).toEqual([{ severity: "breaking", text: "response 200 field `id` may now be null" }]);
    const added = changes(
      before,
      withOp(response({ id: { type: "integer" }, name: { type: "string" }, x: { type: "string" } }, ["id"])),
    );
    expect(added).toEqual([{ severity: "non-breaking", text: "response 200 field `x` added (string, optional)" }]);
  });

  test("a similar name of the same type is a rename; a different type is not", () => {
    const a = schemaDoc({ Client: { type: "object", properties: { redirect_uri: { type: "string" } } } });
    const renamed = schemaDoc({ Client: { type: "object", properties: { redirect_uris: { type: "string" } } } });
    expect(schemaChanges(a, renamed)).toEqual([
      { severity: "breaking", text: "property `redirect_uri` renamed to `redirect_uris` (string)" },
    ]);
    const retyped = schemaDoc({
      Client: { type: "object", properties: { redirect_uris: { type: "array", items: { type: "string" } } } },
    });
    expect(schemaChanges(a, retyped).map((c) => c.text)).toEqual([
      "property `redirect_uri` removed (was string)",
      "property `redirect_uris` added (string[], optional)",
    ]);
  });

  test("nested inline fields are compared by path", () => {
    const list = (item: Record<string, Schema>) =>
      withOp(response({ items: { type: "array", items: { type: "object", properties: item } } }));
    expect(changes(list({ a: { type: "string" } }), list({ a: { type: "integer" } }))).toEqual([
      { severity: "breaking", text: "response 200 field `items[].a` changed type: string → integer" },
    ]);
  });

  test("identical documents differ in nothing", () => {
    const doc = withOp({ parameters: [query("limit", false)], ...body({ a: { type: "string" } }) });
    const diff = diffDocuments(doc, structuredClone(doc));
    expect([diff.operationChanges, diff.schemaChanges, diff.documentChanges, breakingCount(diff)]).toEqual([
      [],
      [],
      [],
      0,
    ]);
  });
});

test("the CLI exits 1 with --fail-on-breaking on the two releases and prints the report", async () => {
  const root = projectRoot();
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      join(root, "node_modules", ".bin", "tsx"),
      ["scripts/spec-diff.ts", PREVIOUS, CURRENT, "--fail-on-breaking"],
      { cwd: root, timeout: 60_000 },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain("**Operations: 360 → 382** (22 added, 0 removed)");
}, 60_000);
