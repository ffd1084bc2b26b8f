/**
 * npx tsx scripts/spec-catalogue.ts [--write]
 * Prints the catalogue of spec/overlay.ts's fixes, with the places each changes on both shared releases;
 * --write puts it into spec/README.md between its markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixes } from "../spec/overlay.ts";
import { buildDocument } from "./lib/build-document.ts";
import { type ReleaseReport, renderCatalogue, spliceCatalogue } from "./lib/spec-catalogue.ts";
import { knownReleases, loadSpec, projectRoot } from "./lib/spec-source.ts";
import { parseArgs, runMain } from "./lib/cli.ts";

const USAGE = `npx tsx scripts/spec-catalogue.ts [--write]

Prints the catalogue of spec/overlay.ts's fixes (defect, evidence, places changed on each known release);
--write puts it into spec/README.md between its markers.`;

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), { usage: USAGE, flags: ["write"] });
  const root = projectRoot();
  const reports = await releaseReports(root);
  const catalogue = renderCatalogue(fixes, reports);
  if (args.write !== "true") {
    console.log(catalogue);
    return;
  }
  const readme = join(root, "spec", "README.md");
  writeFileSync(readme, spliceCatalogue(readFileSync(readme, "utf8"), catalogue));
  console.log(`updated ${readme}`);
});

/** Newest release first: the one generated/ is built from. */
export async function releaseReports(root: string): Promise<ReleaseReport[]> {
  const releases = [...knownReleases(root).releases].sort((a, b) => b.date.localeCompare(a.date));
  const reports: ReleaseReport[] = [];
  for (const r of releases) {
    const { fixes: report } = await buildDocument(await loadSpec(join(root, "..", "shared", "spec", r.file), root));
    reports.push({ release: r.date, fixes: report });
  }
  return reports;
}
