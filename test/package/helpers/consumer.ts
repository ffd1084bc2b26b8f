/**
 * The consumer project's scripts (test/package/fixtures): run with node, and type-checked by tsc 5.9 with
 * `checkJs` against the declarations in the tarball (`skipLibCheck: false`: the shipped .d.ts/.d.cts are
 * checked too). Node users get @types/node (linked from this repository); the main-entry-only consumer
 * gets none, as in a browser or edge project.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./tarball.js";

const FIXTURES = join(ROOT, "test", "package", "fixtures");
export const CONSUMERS = ["consumer.mjs", "consumer.cjs", "main-entry-only.mjs", "dual-package.mjs"] as const;

export function copyConsumers(app: string): void {
  for (const file of CONSUMERS) copyFileSync(join(FIXTURES, file), join(app, file));
}

/** Runs one consumer script with node; its stdout is one JSON line. */
export function runConsumer(app: string, file: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [file], { cwd: app, encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** tsc's diagnostics for `files` (empty when clean). */
export function typecheck(app: string, name: string, files: string[], env: { node: boolean; dom: boolean }): string {
  const config = join(app, `tsconfig.${name}.json`);
  const compilerOptions = {
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: env.dom ? ["es2022", "dom"] : ["es2022"],
    types: env.node ? ["node"] : [],
    ...(env.node && { typeRoots: [join(ROOT, "node_modules", "@types")] }),
    allowJs: true,
    checkJs: true,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, files }, null, 2));
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", config], {
      cwd: app,
      encoding: "utf8",
    });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout || error);
  }
}
