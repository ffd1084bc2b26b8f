/** The markdown report of a spec diff: a summary line, then each section, breaking changes first. */
import type { Change, Group, OperationKey, SpecDiff } from "./spec-diff.ts";
import { breakingCount } from "./spec-diff.ts";

/** How the CLI prepares the two documents, as the report says it. */
export const COMPARED = {
  converted: "both converted to OpenAPI 3 (swagger2openapi), without our overlay (what upstream changed)",
  overlaid: "both converted to OpenAPI 3 and overlaid with spec/overlay.ts (what generated/ sees)",
};

export interface Labels {
  before: string;
  after: string;
  /** How the documents were prepared, said once under the title. */
  compared: string;
  /** The title's heading level (1: `#`), for a report that nests this one. */
  depth?: number;
}

export function renderMarkdown(diff: SpecDiff, labels: Labels): string {
  const { operations: ops } = diff;
  const breaking = breakingCount(diff);
  const h = (level: number) => "#".repeat((labels.depth ?? 1) + level - 1);
  const lines = [
    `${h(1)} Spec diff: ${labels.before} → ${labels.after}`,
    "",
    `Compared: ${labels.compared}.`,
    "",
    `**Operations: ${ops.before} → ${ops.after}** (${ops.added.length} added, ${ops.removed.length} removed). ` +
      `**${breaking} breaking change${breaking === 1 ? "" : "s"}**, ${nonBreakingCount(diff)} non-breaking.`,
    "",
    ...operationList(`${h(2)} Operations added (${ops.added.length})`, ops.added, "non-breaking"),
    ...operationList(`${h(2)} Operations removed (${ops.removed.length})`, ops.removed, "breaking"),
    ...groupSection(h(2), "Operations changed", diff.operationChanges),
    ...groupSection(h(2), "Schemas changed", diff.schemaChanges),
    ...changeSection(`${h(2)} Document`, diff.documentChanges),
  ];
  return (
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}

function operationList(heading: string, keys: OperationKey[], severity: string): string[] {
  const items = keys.map(
    (k) => `- ${severity === "breaking" ? "**breaking**" : "non-breaking"}: \`${k.method} ${k.path}\` (${k.name})`,
  );
  return [heading, "", ...(items.length ? items : ["None."]), ""];
}

function groupSection(level: string, heading: string, groups: Group[]): string[] {
  const out = [`${level} ${heading} (${groups.length})`, ""];
  if (!groups.length) out.push("None.", "");
  for (const group of groups) out.push(`${level}# ${group.title}`, "", ...bullets(group.changes), "");
  return out;
}

function changeSection(heading: string, changes: Change[]): string[] {
  return [heading, "", ...(changes.length ? bullets(changes) : ["None."]), ""];
}

/** Breaking changes first, each list otherwise in document order. */
function bullets(changes: Change[]): string[] {
  const ordered = [
    ...changes.filter((c) => c.severity === "breaking"),
    ...changes.filter((c) => c.severity !== "breaking"),
  ];
  return ordered.map((c) => `- ${c.severity === "breaking" ? "**breaking**" : "non-breaking"}: ${c.text}`);
}

function nonBreakingCount(diff: SpecDiff): number {
  const groups = [...diff.operationChanges, ...diff.schemaChanges];
  return (
    diff.operations.added.length +
    groups.reduce((n, g) => n + g.changes.filter((c) => c.severity !== "breaking").length, 0) +
    diff.documentChanges.filter((c) => c.severity !== "breaking").length
  );
}
