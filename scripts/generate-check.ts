/**
 * npm run generate:check — see USAGE. generated/ itself is never touched.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fixes } from "../spec/overlay.ts";
import { fixWarnings } from "./lib/generate-report.ts";
import { buildDocument, emitFiles, startGenerationWorker } from "./lib/pipeline.ts";
import { type LoadedSpec, SPEC_SETTING, SpecError, loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

const USAGE = `npm run generate:check [-- options]

Regenerates in memory from the configured spec (${SPEC_SETTING}) and the fixes in spec/, and fails, naming
the stale files, when generated/ differs: how CI notices a spec update or a forgotten \`npm run generate\`.

Options
  --strict        also fail on the overlay's warnings (a fix upstream made redundant, a target gone)
  --dir <dir>     check that folder instead of generated/
  --help          this text

Exit code: 0 up to date; 1 stale, or the spec cannot be built.`;

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), { usage: USAGE, values: ["dir"], flags: ["strict"] });
  const root = projectRoot();
  const dir = join(root, args.dir ?? "generated");
  const worker = startGenerationWorker();
  let expected: Map<string, string>;
  let spec: LoadedSpec;
  try {
    spec = await loadSpec(undefined, root);
    const { doc, fixes: reports } = await buildDocument(spec, worker.convert);
    const warnings = fixWarnings(fixes, reports, root);
    for (const warning of warnings) console.warn(`warning: ${warning}`);
    if (args.strict && warnings.length) throw new SpecError(`--strict: ${warnings.length} warning(s) above`);
    expected = await emitFiles(spec, doc, worker.render(doc));
  } finally {
    await worker.stop();
  }

  const present = existsSync(dir) ? readdirSync(dir) : [];
  const stale: string[] = [];
  for (const [name, text] of expected) {
    const path = join(dir, name);
    if (!existsSync(path)) stale.push(`${name} (missing)`);
    else if (readFileSync(path, "utf8") !== text) stale.push(`${name} (differs)`);
  }
  for (const name of present) if (!expected.has(name)) stale.push(`${name} (not generated: remove it)`);

  const source = spec.release?.file ?? spec.label;
  if (stale.length) {
    console.error(
      `generated/ is stale for ${source} (${SPEC_SETTING}): ${stale.join(", ")}. ` +
        "Run `npm run generate` and commit the result.",
    );
    process.exitCode = 1;
    return;
  }
  console.log(`generated/ is up to date with ${source} (${expected.size} files)`);
});
