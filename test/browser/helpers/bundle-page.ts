/**
 * Bundles a page's script for the browser with esbuild, as a front-end build would: `budgea` is this
 * repository's source (tsconfig.json `paths`), openapi-fetch comes from node_modules, and a Node built-in
 * anywhere in the graph fails the build (esbuild's browser platform cannot resolve them).
 */
import { build } from "esbuild";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");

export async function bundlePage(name: string): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, "test", "browser", "pages", `${name}.ts`)],
    absWorkingDir: ROOT,
    tsconfig: join(ROOT, "tsconfig.json"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
