/** Reads an upstream spec from a path or URL, parses JSON or YAML, and says which known release it is. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import YAML from "yaml";

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

export function knownReleases(root = projectRoot()): { default: string; releases: Release[] } {
  return JSON.parse(readFileSync(join(root, "spec", "sources.json"), "utf8"));
}

/** The default spec: the current release in ../shared/spec/. */
export function defaultSpecPath(root = projectRoot()): string {
  return join(root, "..", "shared", "spec", knownReleases(root).default);
}

export async function loadSpec(location?: string, root = projectRoot()): Promise<LoadedSpec> {
  const label = location ?? defaultSpecPath(root);
  const bytes = /^https?:\/\//i.test(label) ? await download(label) : readLocal(label);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const doc = parse(bytes.toString("utf8"), label);
  const release = knownReleases(root).releases.find((r) => r.sha256 === sha256);
  return { label, doc, sha256, release };
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
