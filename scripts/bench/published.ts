/**
 * "budgea" as its users install it, in `<into>/node_modules/budgea`: the project's package.json (its
 * `exports`) over a dist/ built here from the working tree the way `npm run build` builds it: declarations
 * by tsc with tsconfig.build.json, ESM JS bundled like tsup does (dependencies external). Building into a
 * temp folder keeps the bench from measuring a stale dist/ or touching the real one. To measure the real
 * dist/ instead (after `npm run build`), switch `publishedPackage` to `linkBuiltPackage`.
 */
import { copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { runChecked } from "./proc.ts";
import { toolPath } from "./tools.ts";
import { tscPath } from "./typescript.ts";

/** Installs our package into `<into>/node_modules` and returns its folder. */
export function publishedPackage(root: string, into: string): Promise<string> {
  return buildFromSources(root, into); // the real dist/: return linkBuiltPackage(root, into);
}

/** The project itself as the installed package: its `exports` point into the dist/ of `npm run build`. */
export async function linkBuiltPackage(root: string, into: string): Promise<string> {
  const target = join(into, "node_modules", "budgea");
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(root, target, "dir");
  return target;
}

async function buildFromSources(root: string, into: string): Promise<string> {
  const target = join(into, "node_modules", "budgea");
  mkdirSync(target, { recursive: true });
  await Promise.all([declarations(root, join(target, "dist/types")), runtime(root, join(target, "dist"))]);
  copyFileSync(join(root, "package.json"), join(target, "package.json"));
  linkDependency(root, into, "openapi-fetch");
  return target;
}

/** tsc 5.9 with the build's own tsconfig: one `.d.ts` per module, internals stripped. */
async function declarations(root: string, outDir: string): Promise<void> {
  await runChecked(process.execPath, [tscPath(root, "5.9"), "-p", "tsconfig.build.json", "--outDir", outDir], {
    cwd: root,
  });
}

/** ESM entries `budgea` and `budgea/generated` as tsup bundles them: shared chunks, dependencies external. */
async function runtime(root: string, outdir: string): Promise<void> {
  await build({
    entryPoints: { index: join(root, "src/index.ts"), generated: join(root, "generated/index.ts") },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    external: ["openapi-fetch", "node:*"],
    outdir,
    logLevel: "silent",
  });
}

/** `<into>/node_modules/<name>` → the bench tools' copy (tools.ts). */
export function linkTool(root: string, into: string, name: string): void {
  const link = join(into, "node_modules", name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(toolPath(root, name), link, "dir");
}

/** `<into>/node_modules/<name>` → the project's copy, so the published JS finds its dependency. */
export function linkDependency(root: string, into: string, name: string): void {
  const link = join(into, "node_modules", name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join(root, "node_modules", name), link, "dir");
}
