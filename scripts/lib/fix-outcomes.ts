/**
 * What each fix found on a spec, in words a user can act on: applied, fixed upstream (remove me), target
 * gone, conflict (which fix, where, how to resolve). Used by applyOverlay and by the scripts' reports.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { Conflict, Fix, FixResult } from "../../spec/fix.ts";

export type FixStatus =
  /** Changed at least one place. */
  | "applied"
  /** Changed nothing: the spec already says everywhere what the fix says. */
  | "fixed-upstream"
  /** A targeted fix that reports what it finds changed nothing and found nothing already right. */
  | "target-gone"
  /** A fix that only counts changes changed nothing: its target is gone, or upstream fixed it. */
  | "unmatched"
  /** A sweep that found nothing to clean. */
  | "idle"
  /** The spec says something else than the defect and the fix at some place. */
  | "conflict"
  /** The fix threw on this spec. */
  | "failed";

export interface FixReport {
  id: string;
  kind: Fix["kind"];
  changed: number;
  /** Places where the spec already said what the fix says (0 when the fix cannot tell). */
  alreadyFixed: number;
  status: FixStatus;
  conflicts?: Conflict[];
  /** The fix's own error, when it threw. */
  error?: string;
}

/** Statuses that are worth a warning (a failure with `--strict`). */
export const WARNINGS: ReadonlySet<FixStatus> = new Set(["fixed-upstream", "target-gone", "unmatched"]);
/** Statuses that stop generation. */
export const ERRORS: ReadonlySet<FixStatus> = new Set(["conflict", "failed"]);

export function classify(fix: Fix, outcome: number | FixResult): FixReport {
  const result = typeof outcome === "number" ? { changed: outcome } : outcome;
  const changed = result.changed;
  const alreadyFixed = result.alreadyFixed ?? 0;
  const base = { id: fix.id, kind: fix.kind, changed, alreadyFixed };
  if (result.conflicts?.length) return { ...base, status: "conflict", conflicts: result.conflicts };
  if (changed > 0) return { ...base, status: "applied" };
  if (alreadyFixed > 0) return { ...base, status: "fixed-upstream" };
  if (fix.kind === "sweep") return { ...base, status: "idle" };
  return { ...base, status: typeof outcome === "number" ? "unmatched" : "target-gone" };
}

export function failed(fix: Fix, error: unknown): FixReport {
  const message = error instanceof Error ? error.message : String(error);
  return { id: fix.id, kind: fix.kind, changed: 0, alreadyFixed: 0, status: "failed", error: message };
}

/** One paragraph per warning or error: what happened, where the fix lives, what to do. */
export function explain(fix: Fix, report: FixReport, root?: string): string {
  const where = root ? locateFix(fix.id, root) : undefined;
  const name = `fix "${fix.id}"${where ? ` (${where})` : ""}`;
  switch (report.status) {
    case "fixed-upstream":
      return (
        `${name}: fixed upstream — remove me. The spec already says what the fix says ` +
        `(${report.alreadyFixed} place${report.alreadyFixed === 1 ? "" : "s"}). Defect it fixed: ${fix.defect}`
      );
    case "target-gone":
      return `${name}: its target is gone from this spec; nothing changed. Defect: ${fix.defect} Evidence: ${fix.evidence}`;
    case "unmatched":
      return (
        `${name}: changed nothing — its target is gone, or upstream fixed it. Check the spec, then remove or ` +
        `update the fix. Defect: ${fix.defect} Evidence: ${fix.evidence}`
      );
    case "conflict": {
      const places = report.conflicts!.map((c) => `  at ${c.at}: the spec says ${c.found}; the fix writes ${c.wanted}`);
      const advice =
        fix.resolve ??
        "If the spec is now right, remove the fix (or its entry for this place) and its test in " +
          "test/spec/overlay.test.ts; if the fix still is, make it accept the spec's new shape.";
      return [`${name} conflicts with the spec (nothing generated):`, ...places, `  resolve: ${advice}`].join("\n");
    }
    case "failed":
      return `${name} failed on this spec (nothing generated): ${report.error}. Make the fix handle this shape, or remove it.`;
    default:
      return `${name}: ${report.status}, ${report.changed} change(s)`;
  }
}

/** `spec/fixes/schemas.ts:123`: where a fix's `id` is declared, for messages. */
export function locateFix(id: string, root: string): string | undefined {
  const files = [join(root, "spec", "overlay.ts")];
  const dir = join(root, "spec", "fixes");
  if (existsSync(dir)) files.push(...readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f)));
  const needle = new RegExp(`\\bid:\\s*["'\`]${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`);
  for (const file of files) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, "utf8").split("\n");
    const index = lines.findIndex((line) => needle.test(line));
    if (index >= 0) return `${relative(root, file)}:${index + 1}`;
  }
  return undefined;
}
