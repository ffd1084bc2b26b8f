/** The bench's one output: a row per measurement (ours, the anchor, the ratio, the target, the verdict). */

/** NOISY: the anchor's figure is within the machine's noise, so no ratio can be judged. */
export type Verdict = "PASS" | "MISS" | "INFO" | "NOISY" | "ERROR";

export interface Row {
  /** The section the row belongs to (`overhead`, `pagination`, `compile`, `generation`, `size`, `install`). */
  section?: string;
  id: string;
  what: string;
  ours: string;
  anchor: string;
  /** ours ÷ anchor, or the row's own ratio (e.g. the median of per-round ratios). */
  ratio: number | undefined;
  target: string;
  verdict: Verdict;
  /** One line shown under the table: how it was measured, the other contenders. */
  note?: string;
  /** Every figure behind the row, for `--json`. */
  figures?: Record<string, unknown>;
}

/** PASS when `value` is on the right side of `limit`. */
export function judge(value: number, op: "<=" | ">=", limit: number): Verdict {
  if (!Number.isFinite(value)) return "MISS";
  return (op === "<=" ? value <= limit : value >= limit) ? "PASS" : "MISS";
}

export function errorRow(id: string, what: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { id, what, ours: "—", anchor: "—", ratio: undefined, target: "—", verdict: "ERROR", note: message };
}

const COLUMNS = ["row", "what", "ours", "anchor", "ratio", "target", "result"] as const;

export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.id, r.what, r.ours, r.anchor, formatRatio(r.ratio), r.target, r.verdict]);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `${r.id}: ${r.note}`);
  return [...out, "", ...notes].join("\n");
}

function formatRatio(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? "—" : `${ratio.toFixed(2)}×`;
}
