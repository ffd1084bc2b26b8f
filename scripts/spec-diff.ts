/**
 * npm run spec:diff -- <old> <new> [--fail-on-breaking] [--overlay]
 * Compares two specs (paths or URLs, Swagger 2.0 or OpenAPI 3.0) and prints a markdown report to stdout.
 *
 * By default both are compared as converted (swagger2openapi) but *without* our overlay: the question is what
 * upstream changed, and the overlay would hide it (it re-adds `Connection.error`, which 2020 dropped) and mix
 * our own fixes into the answer. Converting first still matters: Swagger 2 `formData` and OpenAPI 3 bodies
 * become one model, so a spec that moves from one to the other diffs cleanly. `--overlay` compares the
 * overlaid documents instead: what changes for users of generated/.
 *
 * Exit code: 0; 1 with --fail-on-breaking when a change breaks clients; 1 on bad input (one line on stderr).
 */
import { applyOverlay } from "../spec/overlay.ts";
import { toOpenAPI3 } from "./lib/convert.ts";
import type { Doc } from "./lib/oas.ts";
import { breakingCount, diffDocuments } from "./lib/spec-diff.ts";
import { COMPARED, renderMarkdown } from "./lib/spec-diff-render.ts";
import { type LoadedSpec, SpecError, loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), [], ["fail-on-breaking", "overlay"]);
  if (args._.length !== 2)
    throw new SpecError("usage: npm run spec:diff -- <old> <new> [--fail-on-breaking] [--overlay]");
  const root = projectRoot();
  const [before, after] = await Promise.all(args._.map((location) => loadSpec(location, root)));
  const withOverlay = args.overlay === "true";
  const diff = diffDocuments(await prepare(before!, withOverlay), await prepare(after!, withOverlay));
  process.stdout.write(
    renderMarkdown(diff, {
      before: name(before!),
      after: name(after!),
      compared: withOverlay ? COMPARED.overlaid : COMPARED.converted,
    }),
  );
  if (args["fail-on-breaking"] === "true" && breakingCount(diff) > 0) process.exitCode = 1;
});

async function prepare(spec: LoadedSpec, withOverlay: boolean): Promise<Doc> {
  const doc = await toOpenAPI3(spec.doc);
  if (withOverlay) applyOverlay(doc);
  return doc;
}

function name(spec: LoadedSpec): string {
  return spec.release?.file ?? spec.label.replace(/^.*[\\/]/, "");
}
