/**
 * Declarations for both module systems: tsc writes a .d.ts per module under dist/types (ESM: the package is
 * "type": "module"); each gets a .d.cts twin whose relative imports point at .cjs, so `require` users get
 * CommonJS types instead of ESM ones masquerading (what arethetypeswrong checks).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = "dist/types";
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });

let files = 0;
for (const file of walk(out)) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8").replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.js\2/g, "$1$2$3.cjs$2");
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text);
  files++;
}
console.log(`declarations: ${files} files (.d.ts + .d.cts) in ${out}`);

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
