/**
 * The package as users get it: `npm run build`, `npm pack`, then the tarball installed into an empty project
 * in a temp dir, offline. `npm install --offline` takes the dependencies (openapi-fetch) from npm's cache,
 * which `npm ci` has filled; when the cache lacks them, the tarball is unpacked by hand into node_modules
 * and the dependencies are linked from this repository's node_modules (what npm would have put there).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../../..");

export interface InstalledPackage {
  /** The temp dir holding the tarball and the consumer project. */
  dir: string;
  tarball: string;
  /** Paths inside the tarball (`package/` stripped). */
  files: string[];
  /** The consumer project: `node_modules/budgea` is the installed tarball. */
  app: string;
  /** How it got there: `npm install --offline`, or unpacked by hand. */
  installedBy: "npm" | "unpack";
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export function buildAndPack(dir: string): { tarball: string; files: string[] } {
  run("npm", ["run", "build"], ROOT);
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  return { tarball: join(dir, packed!.filename), files: packed!.files.map((f) => f.path).sort() };
}

export function installTarball(dir: string, tarball: string): { app: string; installedBy: "npm" | "unpack" } {
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  try {
    run("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
    return { app, installedBy: "npm" };
  } catch {
    const target = join(app, "node_modules", "budgea");
    mkdirSync(target, { recursive: true });
    run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], app);
    const { dependencies = {} } = JSON.parse(readFileSync(join(target, "package.json"), "utf8"));
    for (const name of [...Object.keys(dependencies), "openapi-typescript-helpers"])
      symlinkSync(join(ROOT, "node_modules", name), join(app, "node_modules", name), "dir");
    return { app, installedBy: "unpack" };
  }
}

export function packAndInstall(): InstalledPackage {
  const dir = mkdtempSync(join(tmpdir(), "budgea-package-"));
  const { tarball, files } = buildAndPack(dir);
  return { dir, tarball, files, ...installTarball(dir, tarball) };
}
