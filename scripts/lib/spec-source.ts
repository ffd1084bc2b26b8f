/**
 * Reads an upstream spec from a path or URL, parses JSON or YAML, and says which known release it is.
 * Which spec the project generates from is configuration: package.json's `budgea.spec` (a path relative to
 * the project, or a URL), read by `generate`, `generate:check`, `spec:diff` and the CI recipe alike.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";

/** A problem with the input spec: printed as one line, exit code 1. */
export class SpecError extends Error {
  override name = "SpecError";
}

export interface Release {
  file: string;
  date: string;
  sha256: string;
}

export interface LoadedSpec {
  /** Where it came from (path or URL) as given. */
  label: string;
  doc: Record<string, unknown>;
  /** The bytes read, as read (what the sha256 is of). */
  bytes: Buffer;
  sha256: string;
  /** The known upstream release with this sha256, if any. */
  release?: Release;
}

/** The project root: the nearest folder upwards holding spec/sources.json. */
export function projectRoot(from = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, "spec", "sources.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new SpecError("cannot find the budgea project root (spec/sources.json)");
    dir = parent;
  }
  return dir;
}

export function knownReleases(root = projectRoot()): { releases: Release[] } {
  return JSON.parse(readFileSync(join(root, "spec", "sources.json"), "utf8"));
}

/** Where the known releases live (never copied into the project). */
export function sharedSpecDir(root = projectRoot()): string {
  return join(root, "..", "shared", "spec");
}

/** The one place that names the spec: package.json `"budgea": { "spec": "<path or URL>" }`. */
export const SPEC_SETTING = 'package.json "budgea.spec"';

/** The configured spec: a URL as written, a path resolved against the project root. */
export function configuredSpec(root = projectRoot()): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { budgea?: { spec?: unknown } };
  const spec = manifest.budgea?.spec;
  if (typeof spec !== "string" || !spec.trim()) {
    throw new SpecError(`no spec configured: set ${SPEC_SETTING} to your spec's path or URL`);
  }
  return isUrl(spec) ? spec : resolve(root, spec);
}

/** Kept for callers that predate the configuration: the configured spec. */
export const defaultSpecPath = configuredSpec;

/** The same spec location, whether written as a URL, a relative or an absolute path. */
export function sameLocation(a: string, b: string, root = projectRoot()): boolean {
  return isUrl(a) || isUrl(b) ? a === b : resolve(root, a) === resolve(root, b);
}

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** `location` defaults to the configured spec. */
export async function loadSpec(location?: string, root = projectRoot()): Promise<LoadedSpec> {
  const label = location ?? configuredSpec(root);
  const bytes = isUrl(label) ? await download(label) : readLocal(label);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const doc = parse(bytes.toString("utf8"), label);
  const release = knownReleases(root).releases.find((r) => r.sha256 === sha256);
  return { label, doc, bytes, sha256, release };
}

function readLocal(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(`cannot read spec ${path}: ${code === "ENOENT" ? "no such file" : String(code ?? error)}`);
  }
}

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new SpecError(`cannot fetch spec ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (!response.ok) throw new SpecError(`cannot fetch spec ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function parse(text: string, label: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      // Loaded only for a spec that is not JSON (most are): it is a tenth of generate's start-up otherwise.
      const YAML = createRequire(import.meta.url)("yaml") as typeof import("yaml");
      value = YAML.parse(text);
    } catch {
      value = undefined;
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SpecError(`${label} is not a JSON or YAML document`);
  }
  const doc = value as Record<string, unknown>;
  if (doc.swagger !== "2.0" && !/^3\.0\./.test(String(doc.openapi ?? ""))) {
    throw new SpecError(`${label} is neither Swagger 2.0 nor OpenAPI 3.0 (no "swagger": "2.0" or "openapi": "3.0.x")`);
  }
  return doc;
}
