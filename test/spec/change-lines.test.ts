/** The change summary `npm run generate` prints: every change is listed, the breaking ones first, then what to do. */
import { changeLines } from "../../scripts/lib/generate-report.js";
import type { SpecDiff } from "../../scripts/lib/spec-diff.js";

function diff(schemaChanges: SpecDiff["schemaChanges"]): SpecDiff {
  return {
    operations: { before: 1, after: 1, added: [], removed: [] },
    operationChanges: [],
    schemaChanges,
    documentChanges: [],
  };
}

test("a group with only compatible changes is listed, not only counted", () => {
  const lines = changeLines({
    before: "a.json",
    after: "b.json",
    diff: diff([{ title: "`User` (output)", changes: [{ severity: "non-breaking", text: "enum gained `webapp`" }] }]),
  });
  expect(lines).toEqual([
    "changes since a.json: 0 operations added, 0 removed, 0 changed, 1 schema group changed; 0 breaking changes",
    "  ~ User (output): enum gained `webapp`",
  ]);
});

test("breaking changes come first, then the compatible ones, then the next step", () => {
  const lines = changeLines({
    before: "a.json",
    after: "b.json",
    diff: diff([
      { title: "`User` (output)", changes: [{ severity: "non-breaking", text: "property `x` added" }] },
      {
        title: "`Transaction` (output)",
        changes: [{ severity: "breaking", text: "property `deleted` removed (was string)" }],
      },
    ]),
  });
  expect(lines.slice(1, 3)).toEqual([
    "  ! breaking: Transaction (output): property `deleted` removed (was string)",
    "  ~ User (output): property `x` added",
  ]);
  expect(lines[3]).toMatch(/^next: `npm run typecheck` names every place/);
  expect(lines).toHaveLength(4);
});
