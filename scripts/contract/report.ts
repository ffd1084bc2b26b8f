/** The contract's verdict per operation, and the text printed for people: `N/437 accepted`, then every reason. */
import { KNOWN_LIMITATIONS } from "./known-limitations.ts";
import type { Outcome } from "./run-contract.ts";

export interface Summary {
  operations: number;
  calls: number;
  /** Operations every call of which the validator accepted. */
  accepted: number;
  /** Operations every response of which has the declared shape (known limitations aside). */
  typed: number;
  rejected: Outcome[];
  mistyped: Outcome[];
  /** Problems explained by a known limitation, by its id. */
  limitations: Map<string, { problems: number; operations: Set<string> }>;
}

export function summarize(outcomes: Outcome[]): Summary {
  const operations = new Set(outcomes.map((o) => o.call.operationId));
  const rejected = outcomes.filter((o) => !o.accepted);
  const mistyped = outcomes.filter((o) => o.responseProblems.some((p) => !p.limitation));
  const limitations = new Map<string, { problems: number; operations: Set<string> }>();
  for (const o of outcomes) {
    for (const p of o.responseProblems) {
      if (!p.limitation) continue;
      const entry = limitations.get(p.limitation) ?? { problems: 0, operations: new Set<string>() };
      entry.problems++;
      entry.operations.add(o.call.operationId);
      limitations.set(p.limitation, entry);
    }
  }
  const ids = (list: Outcome[]) => new Set(list.map((o) => o.call.operationId));
  return {
    operations: operations.size,
    calls: outcomes.length,
    accepted: operations.size - ids(rejected).size,
    typed: operations.size - ids(mistyped).size,
    rejected,
    mistyped,
    limitations,
  };
}

export function formatReport(summary: Summary, seconds?: number): string {
  const { operations, calls, accepted, typed, rejected, mistyped, limitations } = summary;
  const lines = [
    `Contract: every generated operation through its fetcher and budgea's client, validated by the mock server (Ajv against the overlaid document)` +
      (seconds === undefined ? "" : ` in ${seconds.toFixed(1)} s`),
    `${accepted}/${operations} accepted (${calls - rejected.length}/${calls} calls: required values, every declared value, extra 2xx statuses)`,
    `${typed}/${operations} responses have the shape our types declare (Ajv against the response schema, list keys)`,
  ];
  if (rejected.length) lines.push("", "Rejected by the validator:");
  for (const o of rejected) lines.push(`  ${label(o)} → ${o.wire?.status ?? "no answer"}`, ...reasons(o.rejections));
  if (mistyped.length) lines.push("", "Responses not of our types:");
  for (const o of mistyped) lines.push(`  ${label(o)}`, ...reasons(o.responseProblems.filter((p) => !p.limitation)));
  for (const [id, { problems, operations: ops }] of limitations) {
    const limitation = KNOWN_LIMITATIONS.find((l) => l.id === id)!;
    lines.push(
      "",
      `Known validator limitation ${id}: ${problems} problems in ${ops.size} operations (${[...ops].slice(0, 4).join(", ")}${ops.size > 4 ? ", …" : ""})`,
      `  ${limitation.what}`,
      `  Evidence: ${limitation.evidence}`,
    );
  }
  return lines.join("\n");
}

function label(o: Outcome): string {
  const extra = (o.call.status ? `, Prefer: code=${o.call.status}` : "") + (o.call.label ? `, ${o.call.label}` : "");
  return `${o.call.operationId} (${o.method.toUpperCase()} ${o.path}; ${o.call.fill}${extra})`;
}

function reasons(problems: { source: string; at: string; message: string }[]): string[] {
  const shown = problems.slice(0, 6).map((p) => `    - [${p.source}] ${p.at}: ${p.message}`);
  return problems.length > 6 ? [...shown, `    - … ${problems.length - 6} more`] : shown;
}
