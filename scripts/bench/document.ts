/**
 * The converted + overlaid OpenAPI 3 document (what our emitter reads), written once per run to a temp file
 * so the peers generate from exactly the same operations. An intermediate: never committed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDocument } from "../lib/build-document.ts";
import { loadSpec } from "../lib/spec-source.ts";
import { tempDir } from "./tmp.ts";

let written: Promise<string> | undefined;

export function convertedDocument(root: string): Promise<string> {
  written ??= write(root);
  return written;
}

async function write(root: string): Promise<string> {
  const { doc } = await buildDocument(await loadSpec(undefined, root));
  const path = join(tempDir("document"), "budgea.openapi.json");
  writeFileSync(path, JSON.stringify(doc));
  return path;
}
