/**
 * What only the bench needs — the peer generators it compares with, their runtime, TypeScript 7 — installed
 * on first use into node_modules/.cache/budgea/bench, outside the project's lockfile, so `npm ci` does not
 * pay for them (they also declare newer Node versions than ours). Pinned here; reinstalled when the pins change.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The bench's own dependencies, at the versions its figures were taken with. */
export const BENCH_TOOLS: Record<string, string> = {
  "@hey-api/openapi-ts": "0.99.0",
  orval: "8.38.0",
  oazapfts: "7.5.0",
  "@oazapfts/runtime": "1.2.0",
  "typescript-7": "npm:typescript@7.0.2",
  // The peers' own peer dependency, as the project has it (npm would otherwise pick TypeScript 7, whose JS API
  // the generators cannot use).
  typescript: "5.9.3",
};

let ready: string | undefined;

/** The folder whose node_modules holds the bench tools, installing them first when needed. */
export function benchTools(root: string): string {
  if (ready) return ready;
  const dir = join(root, "node_modules", ".cache", "budgea", "bench");
  const manifest = JSON.stringify({ name: "budgea-bench-tools", private: true, dependencies: BENCH_TOOLS }, null, 2);
  const current = join(dir, "package.json");
  const installed = existsSync(current) && readFileSync(current, "utf8") === manifest && existsSync(join(dir, "node_modules"));
  if (!installed) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(current, manifest);
    process.stderr.write(`bench: installing ${Object.keys(BENCH_TOOLS).join(", ")} into ${dir} (once)…\n`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", "--engine-strict=false"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  ready = dir;
  return dir;
}

/** A file inside an installed bench tool. */
export function toolPath(root: string, ...segments: string[]): string {
  return join(benchTools(root), "node_modules", ...segments);
}
