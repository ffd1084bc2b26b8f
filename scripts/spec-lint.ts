/**
 * npx tsx scripts/spec-lint.ts [--spec <path|url>]
 * Lints the upstream spec as published, after conversion, and after our overlay (Redocly `recommended`, then
 * oas-validator), and prints the counts as markdown: the numbers quoted in spec/README.md.
 */
import { toOpenAPI3 } from "./lib/convert.ts";
import { applyOverlay } from "../spec/overlay.ts";
import { type LintCounts, oasValidate, redoclyLint } from "./lib/spec-lint.ts";
import { loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

const USAGE = `npx tsx scripts/spec-lint.ts [--spec <path|url>]

Lints the spec (default: the configured one) as published, converted, and converted + overlaid: Redocly's
recommended rules, then oas-validator; prints the counts spec/README.md quotes.`;

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), { usage: USAGE, values: ["spec"] });
  const spec = await loadSpec(args.spec, projectRoot());
  const converted = await toOpenAPI3(spec.doc);
  const overlaid = structuredClone(converted);
  applyOverlay(overlaid);

  const stages: [string, object, boolean][] = [
    ["upstream (Swagger 2.0)", spec.doc, false],
    ["converted (OpenAPI 3.0)", converted, true],
    ["converted + overlay", overlaid, true],
  ];
  const results: [string, LintCounts, string][] = [];
  for (const [name, doc, validate] of stages) {
    const verdict = validate ? ((await oasValidate(doc)) ?? "valid") : "n/a";
    results.push([name, await redoclyLint(doc), verdict]);
  }
  console.log(render(spec.release?.file ?? spec.label, results));
});

function render(source: string, results: [string, LintCounts, string][]): string {
  const lines = [
    `## Lint of ${source}`,
    "",
    "| document | Redocly errors | Redocly warnings | oas-validator |",
    "| --- | ---: | ---: | --- |",
    ...results.map(([name, c, v]) => `| ${name} | ${c.errors} | ${c.warnings} | ${v.replace(/\|/g, "\\|")} |`),
  ];
  for (const [name, c] of results) {
    lines.push("", `### ${name}`, "", ...c.byRule.map(([rule, n]) => `- ${n} × ${rule}`));
  }
  return lines.join("\n");
}
