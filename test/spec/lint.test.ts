/**
 * The document the generator reads is valid OpenAPI: what upstream fails (and our fixes must not break).
 * Counts by rule are printed by `npx tsx scripts/spec-lint.ts` and recorded in spec/README.md.
 */
import type { Doc } from "../../scripts/lib/oas.js";
import { toOpenAPI3 } from "../../scripts/lib/convert.js";
import { oasValidate, redoclyLint } from "../../scripts/lib/spec-lint.js";
import { loadSpec } from "../../scripts/lib/spec-source.js";
import { built } from "./support/document.js";

let doc: Doc;

beforeAll(async () => {
  ({ doc } = await built());
});

test("oas-validator accepts the overlaid document (it refuses the converted upstream one)", async () => {
  expect(await oasValidate(doc)).toBeUndefined();
  const converted = await toOpenAPI3((await loadSpec()).doc);
  expect(await oasValidate(converted)).toMatch(/expected 'string' to be 'boolean'/);
});

test("Redocly's recommended ruleset finds no error in the overlaid document", async () => {
  const counts = await redoclyLint(doc);
  expect(counts.byRule.filter(([rule]) => rule.startsWith("error"))).toEqual([]);
  const rules = counts.byRule.map(([rule]) => rule);
  expect(rules).not.toContain("warn operation-operationId");
  expect(rules).not.toContain("error security-defined");
});
