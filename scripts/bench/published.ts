/**
 * "budgea" as its users install it, in `<into>/node_modules/budgea`: declarations (`.d.ts`) and ESM runtime
 * JS for the two entries, `budgea` and `budgea/generated`. Until `npm run build` makes dist/, they are built
 * here the way the build will (tsc declarations of src/index.ts + generated/index.ts; JS bundled with
 * openapi-fetch left external). Once dist/ exists, switch `publishedPackage` to `linkBuiltPackage`.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { runChecked } from "./proc.ts";
import { tscPath } from "./typescript.ts";

/** Installs our package into `<into>/node_modules` and returns its folder. */
export function publishedPackage(root: string, into: string): Promise<string> {
  return buildFromSources(root, into); // once dist/ exists: return linkBuiltPackage(root, into);
}

/** The real published layout, once the build exists: node_modules/budgea → the project (its `exports`). */
export async function linkBuiltPackage(root: string, into: string): Promise<string> {
  const target = join(into, "node_modules", "budgea");
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(root, target, "dir");
  return target;
}

async function buildFromSources(root: string, into: string): Promise<string> {
  const target = join(into, "node_modules", "budgea");
  mkdirSync(target, { recursive: true });
  await Promise.all([declarations(root, join(target, "types")), runtime(root, join(target, "dist"))]);
  writeFileSync(join(target, "package.json"), JSON.stringify(MANIFEST, null, 2));
  linkDependency(root, into, "openapi-fetch");
  return target;
}

const MANIFEST = {
  name: "budgea",
  type: "module",
  exports: {
    ".": { types: "./types/src/index.d.ts", import: "./dist/index.js" },
    "./generated": { types: "./types/generated/index.d.ts", import: "./dist/generated.js" },
  },
};

/** tsc 5.9, as the build calls it: declarations only, one `.d.ts` per module. */
async function declarations(root: string, outDir: string): Promise<void> {
  await runChecked(
    process.execPath,
    [
      tscPath(root, "5.9"),
      ...["--declaration", "--emitDeclarationOnly", "--outDir", outDir, "--rootDir", root],
      ...["--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--strict"],
      ...["--skipLibCheck", "--types", "node", "--lib", "ES2022,DOM,DOM.Iterable"],
      join(root, "src/index.ts"),
      join(root, "generated/index.ts"),
    ],
    { cwd: root },
  );
}

/** As tsup bundles it: ESM, shared chunks between the entries, dependencies external, not minified. */
async function runtime(root: string, outdir: string): Promise<void> {
  await build({
    entryPoints: { index: join(root, "src/index.ts"), generated: join(root, "generated/index.ts") },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    external: ["openapi-fetch"],
    outdir,
    logLevel: "silent",
  });
}

/** `<into>/node_modules/<name>` → the project's copy, so the published JS finds its dependency. */
export function linkDependency(root: string, into: string, name: string): void {
  const link = join(into, "node_modules", name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join(root, "node_modules", name), link, "dir");
}
