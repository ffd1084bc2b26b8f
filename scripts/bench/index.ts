/**
 * npm run bench [-- --quick] [--json FILE] [--only 1,3]
 * Every performance target of DESIGN.md, measured side by side against its anchor in one run, as one table.
 * A MISS is a finding, not a failure: the exit code is non-zero only when a measurement itself crashed.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileRows } from "./compile.ts";
import { generationRows } from "./generation.ts";
import { installRows } from "./install.ts";
import { overheadRows } from "./overhead.ts";
import { paginationRows } from "./pagination.ts";
import type { Settings } from "./settings.ts";
import { sizeRows } from "./size.ts";
import { syncRows } from "./sync.ts";
import { type Row, errorRow, renderTable } from "./table.ts";
import { removeTempDirs } from "./tmp.ts";

interface Section {
  id: string;
  /** One word naming the section in `--json` (CI checks that each section printed its rows). */
  name: string;
  what: string;
  run(settings: Settings): Promise<Row[]>;
}

const SECTIONS: Section[] = [
  { id: "1", name: "overhead", what: "per-request overhead", run: overheadRows },
  { id: "2", name: "pagination", what: "pagination at scale", run: paginationRows },
  { id: "3", name: "compile", what: "what the user's compiler pays", run: compileRows },
  { id: "4", name: "generation", what: "generation", run: generationRows },
  { id: "5", name: "size", what: "size and start-up", run: sizeRows },
  { id: "6", name: "install", what: "contributor install", run: installRows },
  { id: "7", name: "sync", what: "incremental sync", run: syncRows },
];

const USAGE = `npm run bench [-- --quick] [--json FILE] [--only 1,3]

Every performance target of DESIGN.md, measured side by side against its anchor in one run, as one table:
${SECTIONS.map((s) => `  ${s.id}. ${s.what}`).join("\n")}
What only the bench needs (peer generators, TypeScript 7) is installed on first use into
node_modules/.cache/budgea/bench, outside the project's lockfile.

  --quick       fewer rounds (under a few minutes)
  --json FILE   every figure, for CI
  --only 1,3    only these sections`;

const args = parseArgs(process.argv.slice(2));
process.once("SIGINT", () => {
  removeTempDirs();
  process.exit(130);
});
const settings: Settings = { root: resolve(fileURLToPath(import.meta.url), "../../.."), quick: args.quick };
const started = performance.now();
const rows: Row[] = [];
let crashed = false;
try {
  for (const section of SECTIONS.filter((s) => !args.only || args.only.includes(s.id))) {
    const sectionStart = performance.now();
    process.stderr.write(`bench: ${section.id}. ${section.what}…\n`);
    try {
      rows.push(...(await section.run(settings)).map((row) => ({ section: section.name, ...row })));
    } catch (error) {
      crashed = true;
      rows.push({ section: section.name, ...errorRow(section.id, section.what, error) });
    }
    process.stderr.write(`bench: ${section.id}. done in ${seconds(performance.now() - sectionStart)}\n`);
  }
} finally {
  removeTempDirs();
}

const mode = settings.quick ? "quick" : "full";
console.log(`budgea bench (${mode}, ${seconds(performance.now() - started)}, node ${process.version})\n`);
console.log(renderTable(rows));
if (args.json) writeFileSync(args.json, JSON.stringify({ mode, node: process.version, rows }, null, 2) + "\n");
process.exitCode = crashed ? 1 : 0;

function parseArgs(argv: string[]): { quick: boolean; json?: string; only?: string[] } {
  const out: { quick: boolean; json?: string; only?: string[] } = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--quick") out.quick = true;
    else if (arg === "--json" && argv[i + 1]) out.json = argv[++i]!;
    else if (arg === "--only" && argv[i + 1]) out.only = argv[++i]!.split(",");
    else throw new Error(`unknown or incomplete option ${arg} (known: --quick, --json FILE, --only 1,3)`);
  }
  return out;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
