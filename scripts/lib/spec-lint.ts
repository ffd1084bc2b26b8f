/**
 * Lints a document with Redocly's `recommended` ruleset and with oas-validator (what `oas-validate` runs),
 * so the effect of the overlay can be measured: counts by severity and by rule.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import validator from "oas-validator";

export interface LintCounts {
  errors: number;
  warnings: number;
  /** `"<severity> <rule>"` → count, most frequent first. */
  byRule: [string, number][];
}

export async function redoclyLint(doc: object): Promise<LintCounts> {
  const config = await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "/budgea.json", config });
  const byRule = new Map<string, number>();
  for (const p of problems) {
    const key = `${p.severity} ${p.ruleId}`;
    byRule.set(key, (byRule.get(key) ?? 0) + 1);
  }
  return {
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warn").length,
    byRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}

/** oas-validator stops at the first problem: undefined when the (OpenAPI 3) document is valid. */
export async function oasValidate(doc: object): Promise<string | undefined> {
  const options: Record<string, unknown> = { resolve: false, laxurls: true };
  try {
    await validator.validateInner(structuredClone(doc), options);
    return undefined;
  } catch (error) {
    const where = (options.context as string[] | undefined)?.at(-1);
    return `${(error as Error).message.split("\n")[0]}${where ? ` at ${where}` : ""}`;
  }
}
