/**
 * The spec a folder of generated files was built from, so that `generate` and `spec:diff` can say what a
 * new spec changes. Each generated file's header names it by sha256; the bytes are found among the known
 * releases (../shared/spec) or in the local cache where `generate` keeps every spec it built from
 * (node_modules/.cache/budgea/specs, never committed: upstream specs stay out of the repository; the CI
 * recipe keeps it between runs).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type LoadedSpec, knownReleases, loadSpec, sharedSpecDir } from "./spec-source.ts";

/** Where `generate` keeps the specs it built from, by sha256. */
export function specCacheDir(root: string): string {
  return join(root, "node_modules", ".cache", "budgea", "specs");
}

/** The sha256 prefix a generated folder's header names (`… (sha256 e8de92de2968…)`), if it has one. */
export function generatedFrom(dir: string): string | undefined {
  const file = join(dir, "schema.ts");
  if (!existsSync(file)) return undefined;
  const header = readFileSync(file, "utf8").slice(0, 400);
  return /\(sha256 ([0-9a-f]{8,64})…?\)/.exec(header)?.[1];
}

/** Keeps a spec's bytes in the cache (once per sha256). */
export function rememberSpec(root: string, spec: LoadedSpec): void {
  const dir = specCacheDir(root);
  const file = join(dir, `${spec.sha256}.spec`);
  if (existsSync(file)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, spec.bytes);
}

/** The spec with this sha256 (or prefix): a known release or a cached one; undefined when neither has it. */
export async function findSpec(root: string, sha: string): Promise<LoadedSpec | undefined> {
  const release = knownReleases(root).releases.find((r) => r.sha256.startsWith(sha));
  const shared = release && join(sharedSpecDir(root), release.file);
  if (shared && existsSync(shared)) return loadSpec(shared, root);
  const dir = specCacheDir(root);
  const cached = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(sha) && f.endsWith(".spec")) : undefined;
  return cached ? loadSpec(join(dir, cached), root) : undefined;
}
