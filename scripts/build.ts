/**
 * npm run build — see USAGE. Everything is built into a temporary folder beside dist/ and swapped in at the
 * end, so a build that fails (a type error, a bundling error) leaves dist/ exactly as it was: never a
 * half-written one that a later `npm publish` or `npm pack` would ship.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs, runMain } from "./lib/cli.ts";
import { SpecError, projectRoot } from "./lib/spec-source.ts";

const USAGE = `npm run build

Builds the package into dist/: ESM and CJS bundles (tsup, one build for the four entries so they share
chunks) and declarations for both module systems (tsc: a .d.ts per module, and a .d.cts twin whose relative
imports point at .cjs). The type check comes first; nothing is written to dist/ unless every step succeeds.`;

runMain(async () => {
  parseArgs(process.argv.slice(2), { usage: USAGE });
  const root = projectRoot();
  const dist = join(root, "dist");
  const tmp = mkdtempSync(join(root, ".dist-"));
  try {
    declarations(root, join(tmp, "types"));
    bundles(root, join(tmp, "js"));
    relocateMaps(join(tmp, "js"), dist);
    renameSync(join(tmp, "types"), join(tmp, "js", "types"));
    swapIn(join(tmp, "js"), dist);
    console.log(`built ${dist}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

/** tsc with tsconfig.build.json; a type error stops the build with tsc's own messages (file, line, field). */
function declarations(root: string, outDir: string): void {
  try {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", outDir], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? "") + String((error as { stderr?: string }).stderr ?? "");
    process.stderr.write(output);
    const sandbox = /^src\/testing\/models\.ts/m.test(output)
      ? "\nThe spec now types a field the sandbox writes differently: see src/testing/models.ts."
      : "";
    throw new SpecError(`type check failed (above); dist/ left as it was${sandbox}`);
  }
  let files = 0;
  for (const file of walk(outDir)) {
    if (!file.endsWith(".d.ts")) continue;
    const text = readFileSync(file, "utf8").replace(/(from\s+|import\(|declare module\s+)(["'])(\.{1,2}\/[^"']+)\.js\2/g, "$1$2$3.cjs$2");
    writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text);
    files++;
  }
  console.log(`declarations: ${files} files (.d.ts + .d.cts)`);
}

function bundles(root: string, outDir: string): void {
  const tsup = join(root, "node_modules", "tsup", "dist", "cli-default.js");
  execFileSync(process.execPath, [tsup, "--config", "tsup.config.ts", "--out-dir", outDir, "--silent"], {
    cwd: root,
    stdio: "inherit",
  });
}

/** The maps were written one folder deeper than dist/: their `sources` are made relative to where they end up. */
function relocateMaps(built: string, dist: string): void {
  for (const file of walk(built)) {
    if (!file.endsWith(".map")) continue;
    const map = JSON.parse(readFileSync(file, "utf8")) as { sources: string[] };
    const from = dirname(file);
    const to = join(dist, relative(built, from));
    map.sources = map.sources.map((source) => relative(to, resolve(from, source)).split(sep).join("/"));
    writeFileSync(file, JSON.stringify(map));
  }
}

function swapIn(built: string, dist: string): void {
  const old = `${built}.old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(built, dist);
  rmSync(old, { recursive: true, force: true });
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
