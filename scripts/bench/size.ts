/**
 * Row 5: size and start-up.
 * (a–c) The runtime JS users ship, per import: the core client, core + auth + webview, the full `Budgea`,
 *     each bundled with openapi-fetch by esbuild (ESM, minified, no sourcemap, tree-shaken), bytes and gzip
 *     bytes; openapi-fetch alone bundled the same way is the anchor.
 * (d) Cold `import("budgea")` (the published package, which imports openapi-fetch) vs `import("openapi-fetch")`,
 *     each in a fresh node process, alternating, median of N (warm disk cache: "cold" means a new process).
 */
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { build } from "esbuild";
import { userProject } from "./installation.ts";
import { runChecked } from "./proc.ts";
import { median, round } from "./stats.ts";
import { type Row, judge } from "./table.ts";
import type { Settings } from "./settings.ts";


export async function sizeRows(settings: Settings): Promise<Row[]> {
  return [...(await bundleRows(settings.root)), await importRow(settings)];
}

interface Bundle {
  bytes: number;
  gzipBytes: number;
  /** The inputs that weigh most in the output, largest first. */
  heaviest: { input: string; bytes: number }[];
}

/** What users import, and the ceiling each import must stay under (DESIGN.md). */
const IMPORTS: { id: string; what: string; contents: string; limit: number; why: string }[] = [
  { id: "5a", what: "core client (`BudgeaClient`)", contents: "export { BudgeaClient }", limit: 15 * 1024, why: "≤ 15 KB" },
  {
    id: "5b",
    what: "core + auth + webview",
    contents: "export { BudgeaClient, Auth, Webview }",
    limit: 25 * 1024,
    why: "≤ 25 KB",
  },
  { id: "5c", what: "full `Budgea`", contents: "export { Budgea }", limit: 52 * 1024, why: "< 52 KB (0.1.0's)" },
];

async function bundleRows(root: string): Promise<Row[]> {
  const bare = await minified(root, reexport(root, 'export { default } from "openapi-fetch";'));
  const rows: Row[] = [];
  for (const { id, what, contents, limit, why } of IMPORTS) {
    const ours = await minified(root, reexport(root, `${contents} from "./src/index.ts";`));
    rows.push({
      id,
      what: `runtime JS, ${what}, esbuild minified`,
      ours: `${ours.bytes} B (gzip ${ours.gzipBytes} B)`,
      anchor: `${bare.bytes} B (openapi-fetch alone)`,
      ratio: ours.bytes / bare.bytes,
      target: why,
      verdict: id === "5c" ? judge(ours.bytes, "<=", limit - 1) : judge(ours.bytes, "<=", limit),
      note:
        `\`${contents}\`, tree-shaken (openapi-fetch included); heaviest inputs: ` +
        ours.heaviest
          .slice(0, 6)
          .map((h) => `${h.input} ${h.bytes} B`)
          .join(", "),
      figures: { ours, openapiFetch: bare },
    });
  }
  return rows;
}

function reexport(root: string, contents: string): Parameters<typeof build>[0] {
  return { stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "entry.ts" } };
}

async function minified(root: string, entry: Parameters<typeof build>[0]): Promise<Bundle> {
  const result = await build({
    ...entry,
    absWorkingDir: root,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify: true,
    sourcemap: false,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const heaviest = Object.entries(inputs)
    .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: output.byteLength, gzipBytes: gzipSync(output).byteLength, heaviest };
}

async function importRow(settings: Settings): Promise<Row> {
  const project = userProject(settings.root);
  await project.ready;
  const n = settings.quick ? 5 : 15;
  const ms: Record<string, number[]> = { budgea: [], "openapi-fetch": [] };
  for (let i = 0; i < n; i++) {
    for (const name of i % 2 ? ["openapi-fetch", "budgea"] : ["budgea", "openapi-fetch"]) {
      ms[name]!.push(await importTime(project.dir, name));
    }
  }
  const ours = median(ms.budgea!);
  const anchor = median(ms["openapi-fetch"]!);
  return {
    id: "5d",
    what: 'cold import("budgea"), fresh node process',
    ours: `${ours.toFixed(1)} ms`,
    anchor: `${anchor.toFixed(1)} ms (openapi-fetch)`,
    ratio: ours / anchor,
    target: "— (no target)",
    verdict: "INFO",
    note: `median of ${n} alternating processes; the published ESM build (dependencies external)`,
    figures: { ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, v.map((x) => round(x, 2))])) },
  };
}

/** Milliseconds `await import(specifier)` takes in a new node process started in `cwd`. */
async function importTime(cwd: string, specifier: string): Promise<number> {
  const code =
    `const t = performance.now(); await import(${JSON.stringify(specifier)}); ` +
    "process.stdout.write(String(performance.now() - t));";
  const { stdout } = await runChecked(process.execPath, ["--input-type=module", "-e", code], { cwd });
  return Number(stdout);
}
