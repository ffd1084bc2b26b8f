/**
 * npm run generate [-- --spec <path|url>] [--out <dir>]
 * Regenerates generated/ from the spec (default: the current shared release) plus spec/overlay.ts.
 * Writes to a temporary folder first and swaps it in, so a failure leaves generated/ exactly as it was.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { FixReport } from "./lib/build-document.ts";
import type { Doc } from "./lib/oas.ts";
import { type LoadedSpec, loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), ["spec", "out"]);
  const root = projectRoot();
  const out = resolve(root, args.out ?? "generated");
  const started = performance.now();

  const { emitFiles, startGenerationWorker } = await import("./lib/pipeline.ts");
  const worker = startGenerationWorker(); // swagger2openapi and openapi-typescript, in parallel with the overlay
  try {
    const spec = await loadSpec(args.spec, root);
    const { buildDocument } = await import("./lib/build-document.ts");
    const { doc, fixes } = await buildDocument(spec, worker.convert);
    if (!spec.release) {
      // After the build, so that a spec that cannot be built fails with exactly one line.
      console.warn(`warning: ${spec.label} is not a known upstream release (sha256 ${spec.sha256}); generating anyway`);
    }
    const files = await emitFiles(spec, doc, worker.render(doc));
    writeAtomically(out, files);
    report(spec, doc, fixes);
  } finally {
    await worker.stop();
  }

  function report(spec: LoadedSpec, doc: Doc, fixes: FixReport[]): void {
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const changed = fixes.reduce((n, f) => n + f.changed, 0);
    console.log(
      `generated ${out} from ${spec.release?.file ?? spec.label}: ${operations} operations, ` +
        `${fixes.length} fixes (${changed} changes), ${Math.round(performance.now() - started)} ms`,
    );
  }
});

function writeAtomically(out: string, files: Map<string, string>): void {
  const tmp = mkdtempSync(join(dirname(out), `.${basename(out)}-`));
  try {
    for (const [name, text] of files) writeFileSync(join(tmp, name), text);
    const backup = `${tmp}.old`;
    if (existsSync(out)) renameSync(out, backup);
    renameSync(tmp, out);
    rmSync(backup, { recursive: true, force: true });
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
