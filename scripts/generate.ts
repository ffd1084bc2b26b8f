/**
 * npm run generate — see USAGE. Writes to a temporary folder first and swaps it in, so a failure leaves
 * generated/ exactly as it was.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Converter } from "./lib/convert.ts";
import type { Baseline } from "./lib/generate-report.ts";
import type { Doc } from "./lib/oas.ts";
import { findSpec, generatedFrom, rememberSpec } from "./lib/spec-history.ts";
import { SPEC_SETTING, SpecError, configuredSpec, type LoadedSpec, loadSpec, projectRoot, sameLocation } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

const USAGE = `npm run generate [-- options]

Rebuilds generated/ from the configured spec (${SPEC_SETTING}: a path relative to the project, or a URL)
plus the fixes in spec/, then says what changed for users of generated/ since the spec it was built from.

Options
  --strict                 fail (nothing written) on any warning: a fix upstream made redundant, a fix whose
                           target is gone
  --fail-on-breaking       fail (nothing written) when the new spec breaks users of generated/, or when
                           nothing says what generated/ was built from (pass --baseline)
  --report <file>          also write the report as markdown (the regeneration pull request's description)
  --baseline <path|url>    compare with this spec instead of the one generated/ was built from
  --out <dir>              write there instead of generated/
  --spec <path|url>        a one-off spec; only with --out (generated/ always follows ${SPEC_SETTING})
  --help                   this text

Exit code: 0 generated; 1 nothing written (a spec that cannot be read, a fix that conflicts with it,
--strict warnings, --fail-on-breaking with breaking changes).`;

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), {
    usage: USAGE,
    values: ["spec", "out", "report", "baseline"],
    flags: ["strict", "fail-on-breaking"],
  });
  const root = projectRoot();
  const out = resolve(root, args.out ?? "generated");
  if (args.spec && out === resolve(root, "generated") && !sameLocation(args.spec, configuredSpec(root), root)) {
    throw new SpecError(
      `generated/ follows the configured spec, and --spec ${args.spec} is another one: set ${SPEC_SETTING} to it ` +
        "(then generate:check, spec:diff and the CI recipe use it too), or pass --out <dir> for a one-off",
    );
  }
  const started = performance.now();

  const { emitFiles, startGenerationWorker } = await import("./lib/pipeline.ts");
  const worker = startGenerationWorker(); // swagger2openapi and openapi-typescript, in parallel with the overlay
  try {
    const spec = await loadSpec(args.spec, root);
    const [{ buildDocument }, { fixes }, { breakingChanges, changeLines, fixWarnings, reportMarkdown }] = await Promise.all([
      import("./lib/build-document.ts"),
      import("../spec/overlay.ts"),
      import("./lib/generate-report.ts"),
    ]);
    const { doc, fixes: reports } = await buildDocument(spec, worker.convert);
    if (!spec.release) console.warn(`note: ${spec.label} is not a known upstream release (sha256 ${spec.sha256})`);
    const warnings = fixWarnings(fixes, reports, root);
    for (const warning of warnings) console.warn(`warning: ${warning}`);
    if (args.strict && warnings.length) {
      throw new SpecError(`--strict: ${warnings.length} warning${warnings.length === 1 ? "" : "s"} above; nothing written`);
    }

    const files = emitFiles(spec, doc, worker.render(doc));
    const baseline = await compare(root, out, spec, doc, args.baseline, worker.convert);
    const name = specName(spec);
    if (args.report) writeFileSync(resolve(args.report), reportMarkdown(name, warnings, baseline));
    const breaking = "none" in baseline ? [] : breakingChanges(baseline.diff);
    if (args["fail-on-breaking"] && "unknown" in baseline) {
      console.log(changeLines(baseline).join("\n"));
      throw new SpecError(
        `--fail-on-breaking: cannot tell what breaks (nothing to compare with); ${basename(out)}/ left as it was`,
      );
    }
    if (args["fail-on-breaking"] && breaking.length) {
      console.log(changeLines(baseline).join("\n"));
      throw new SpecError(`--fail-on-breaking: ${breaking.length} breaking change(s); ${basename(out)}/ left as it was`);
    }

    writeAtomically(out, await files);
    rememberSpec(root, spec);
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const applied = reports.filter((r) => r.status === "applied");
    console.log(
      `generated ${out} from ${name}: ${operations} operations, ${applied.length} of ${reports.length} fixes applied ` +
        `(${applied.reduce((n, r) => n + r.changed, 0)} changes)${warnings.length ? `, ${warnings.length} warning(s)` : ""}, ` +
        `${Math.round(performance.now() - started)} ms`,
    );
    console.log(changeLines(baseline).join("\n"));
  } finally {
    await worker.stop();
  }
});

/** What the new spec changes against the spec `out` was built from (or `--baseline`), both overlaid. */
async function compare(
  root: string,
  out: string,
  spec: LoadedSpec,
  doc: Doc,
  baselineLocation: string | undefined,
  convert: Converter,
): Promise<Baseline> {
  let before: LoadedSpec | undefined;
  if (baselineLocation) before = await loadSpec(baselineLocation, root);
  else {
    const sha = generatedFrom(out);
    if (!sha) return { none: `${basename(out)}/ has not been generated before` };
    if (spec.sha256.startsWith(sha)) return { none: `the spec is the one ${basename(out)}/ was built from` };
    before = await findSpec(root, sha);
    if (!before) {
      return {
        none:
          `${basename(out)}/ was built from a spec (sha256 ${sha}…) that is neither a known release nor in the ` +
          "local cache; pass --baseline <path|url> to compare with it",
        unknown: true,
      };
    }
  }
  const [{ buildDocument }, { diffDocuments }] = await Promise.all([
    import("./lib/build-document.ts"),
    import("./lib/spec-diff.ts"),
  ]);
  try {
    const old = await buildDocument(before, convert);
    return { before: specName(before), after: specName(spec), diff: diffDocuments(old.doc, doc) };
  } catch (error) {
    return { none: `the earlier spec cannot be built any more (${(error as Error).message.split("\n")[0]})`, unknown: true };
  }
}

function specName(spec: LoadedSpec): string {
  if (spec.release) return spec.release.file;
  if (/\.spec$/.test(spec.label)) return `the spec with sha256 ${spec.sha256.slice(0, 12)}…`; // from the cache
  return spec.label.replace(/^.*[\\/]/, "");
}

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
