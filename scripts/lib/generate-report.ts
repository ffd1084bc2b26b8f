/**
 * What `generate` tells its user: what each fix found (warnings to act on) and what the new spec changes for
 * users of generated/ against the spec it was built from (operations added, removed, changed; breaking
 * changes), as terminal lines and as the markdown a pull request can carry.
 */
import type { Fix } from "../../spec/fix.ts";
import { type FixReport, WARNINGS, explain } from "./fix-outcomes.ts";
import { type SpecDiff, breakingCount } from "./spec-diff.ts";
import { COMPARED, renderMarkdown } from "./spec-diff-render.ts";

export interface Comparison {
  /** The spec generated/ was built from, as named in the report. */
  before: string;
  after: string;
  diff: SpecDiff;
}

/** No comparison: why (first generation, unknown earlier spec, the same spec). */
/** `none`: nothing compared, and why; `unknown`: there was an earlier spec, but it cannot be read to compare. */
export type Baseline = Comparison | { none: string; unknown?: true };

/** The warnings of a fix run, one paragraph each. */
export function fixWarnings(fixes: Fix[], reports: FixReport[], root: string): string[] {
  return reports
    .filter((r) => WARNINGS.has(r.status))
    .map((r) => explain(fixes.find((f) => f.id === r.id)!, r, root));
}

/** Lines for the terminal: counts, operations added and removed, every breaking change. */
export function changeLines(baseline: Baseline, limit = 20): string[] {
  if ("none" in baseline) return [`changes: ${baseline.none}`];
  const { diff } = baseline;
  const { added, removed } = diff.operations;
  const breaking = breakingChanges(diff);
  const lines = [
    `changes since ${baseline.before}: ${added.length} operation${added.length === 1 ? "" : "s"} added, ` +
      `${removed.length} removed, ${diff.operationChanges.length} changed, ${diff.schemaChanges.length} schema ` +
      `group${diff.schemaChanges.length === 1 ? "" : "s"} changed; ${breaking.length} breaking change${breaking.length === 1 ? "" : "s"}`,
  ];
  const list = (items: string[]) => [
    ...items.slice(0, limit),
    ...(items.length > limit ? [`  … and ${items.length - limit} more (the full list: --report <file>)`] : []),
  ];
  lines.push(...list(added.map((k) => `  + ${k.method.toUpperCase()} ${k.path} (${k.name})`)));
  lines.push(...list(removed.map((k) => `  - ${k.method.toUpperCase()} ${k.path} (${k.name}) — breaking`)));
  lines.push(...list(breaking.filter((b) => !b.startsWith("operation removed")).map((b) => `  ! breaking: ${b}`)));
  const compatible = [...diff.operationChanges, ...diff.schemaChanges].flatMap((group) =>
    group.changes.filter((c) => c.severity !== "breaking").map((c) => `  ~ ${plain(group.title)}: ${c.text}`),
  );
  lines.push(...list(compatible));
  if (breaking.length) {
    lines.push(
      "next: `npm run typecheck` names every place that used what broke (budgea's workflows, its tests and " +
        "snippets, your code): adapt them, or keep the field with an overlay fix if the API still sends it",
    );
  }
  return lines;
}

/** Every breaking change as one line: `<where>: <what>`. */
export function breakingChanges(diff: SpecDiff): string[] {
  const out = diff.operations.removed.map((k) => `operation removed: ${k.method.toUpperCase()} ${k.path}`);
  for (const group of [...diff.operationChanges, ...diff.schemaChanges]) {
    for (const change of group.changes) if (change.severity === "breaking") out.push(`${plain(group.title)}: ${change.text}`);
  }
  for (const change of diff.documentChanges) if (change.severity === "breaking") out.push(change.text);
  return out;
}

/** The pull request's description: what the fixes found, then the diff (breaking changes first). */
export function reportMarkdown(spec: string, warnings: string[], baseline: Baseline): string {
  const breaking = "none" in baseline ? 0 : breakingCount(baseline.diff);
  const lines = [
    `# Regenerated \`generated/\` from ${spec}`,
    "",
    "none" in baseline
      ? `No comparison: ${baseline.none}.`
      : `**${breaking} breaking change${breaking === 1 ? "" : "s"}** for users of the client (details below).`,
    "",
    `## What the overlay's fixes found (${warnings.length} to check)`,
    "",
    ...(warnings.length ? warnings.map((w) => `- ${w.replace(/\n/g, "\n  ")}`) : ["Every fix applied as written."]),
    "",
  ];
  if (!("none" in baseline)) {
    const labels = { before: baseline.before, after: baseline.after, compared: COMPARED.overlaid, depth: 2 };
    lines.push(renderMarkdown(baseline.diff, labels));
  }
  return lines.join("\n").trimEnd() + "\n";
}

function plain(title: string): string {
  return title.replace(/`/g, "");
}
