/**
 * npm run generate:check [-- --spec <path|url>]
 * Regenerates in memory and fails, naming the stale files, when generated/ differs from what the spec and
 * the overlay produce now. generated/ itself is never touched.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDocument, emitFiles, startGenerationWorker } from "./lib/pipeline.ts";
import { type LoadedSpec, loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), ["spec", "dir"]);
  const root = projectRoot();
  const dir = join(root, args.dir ?? "generated");
  const worker = startGenerationWorker();
  let expected: Map<string, string>;
  let spec: LoadedSpec;
  try {
    spec = await loadSpec(args.spec, root);
    const { doc } = await buildDocument(spec, worker.convert);
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

  if (stale.length) {
    console.error(`generated/ is stale: ${stale.join(", ")}. Run \`npm run generate\` and commit the result.`);
    process.exitCode = 1;
    return;
  }
  console.log(`generated/ is up to date with ${spec.release?.file ?? spec.label} (${expected.size} files)`);
});
