/**
 * npm run spec:diff — see USAGE.
 *
 * By default both specs are compared as converted (swagger2openapi) but *without* our overlay: the question is
 * what upstream changed, and the overlay would hide it (it re-adds `Connection.error`, which 2020 dropped) and
 * mix our own fixes into the answer. Converting first still matters: Swagger 2 `formData` and OpenAPI 3 bodies
 * become one model, so a spec that moves from one to the other diffs cleanly. `--overlay` compares the overlaid
 * documents instead: what changes for users of generated/ (what `npm run generate` reports).
 */
import { applyOverlay } from "../spec/overlay.ts";
import { toOpenAPI3 } from "./lib/convert.ts";
import type { Doc } from "./lib/oas.ts";
import { breakingCount, diffDocuments } from "./lib/spec-diff.ts";
import { COMPARED, renderMarkdown } from "./lib/spec-diff-render.ts";
import { findSpec, generatedFrom } from "./lib/spec-history.ts";
import { type LoadedSpec, SPEC_SETTING, SpecError, loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";
import { join } from "node:path";

const USAGE = `npm run spec:diff -- [<old>] [<new>] [options]

Compares two specs (paths or URLs; Swagger 2.0 or OpenAPI 3.0, JSON or YAML) and prints a markdown report:
operations added, removed and changed, schema changes, each marked breaking or not.

  <new>   defaults to the configured spec (${SPEC_SETTING})
  <old>   defaults to the spec generated/ was built from (a known release, or the one \`npm run generate\`
          last kept in node_modules/.cache/budgea/specs)

Options
  --overlay            compare the documents with our fixes applied (what generated/ sees), not upstream's
  --fail-on-breaking   exit 1 when a change breaks clients
  --help               this text

Exit code: 0; 1 with --fail-on-breaking when a change breaks clients; 1 on bad input (one line on stderr).`;

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), { usage: USAGE, flags: ["fail-on-breaking", "overlay"] });
  if (args._.length > 2) throw new SpecError("too many specs: give at most <old> and <new> (see --help)");
  const root = projectRoot();
  const [before, after] = await Promise.all([
    args._[0] ? loadSpec(args._[0], root) : builtFrom(root),
    loadSpec(args._[1], root),
  ]);
  const withOverlay = args.overlay === "true";
  const diff = diffDocuments(await prepare(before, withOverlay), await prepare(after, withOverlay));
  process.stdout.write(
    renderMarkdown(diff, {
      before: name(before),
      after: name(after),
      compared: withOverlay ? COMPARED.overlaid : COMPARED.converted,
    }),
  );
  if (args["fail-on-breaking"] === "true" && breakingCount(diff) > 0) process.exitCode = 1;
});

async function builtFrom(root: string): Promise<LoadedSpec> {
  const sha = generatedFrom(join(root, "generated"));
  const spec = sha ? await findSpec(root, sha) : undefined;
  if (!spec) {
    throw new SpecError(
      `the spec generated/ was built from (sha256 ${sha ?? "unknown"}…) is neither a known release nor in the ` +
        "local cache: give <old> explicitly",
    );
  }
  return spec;
}

async function prepare(spec: LoadedSpec, withOverlay: boolean): Promise<Doc> {
  const doc = await toOpenAPI3(spec.doc);
  if (withOverlay) applyOverlay(doc);
  return doc;
}

function name(spec: LoadedSpec): string {
  if (spec.release) return spec.release.file;
  if (/\.spec$/.test(spec.label)) return `sha256 ${spec.sha256.slice(0, 12)}…`;
  return spec.label.replace(/^.*[\\/]/, "");
}
