/** The converted + overlaid document, written to a temporary file for Prism (never committed). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDocument } from "../lib/build-document.ts";
import type { Doc } from "../lib/oas.ts";
import { loadSpec } from "../lib/spec-source.ts";

export interface ContractDocument {
  doc: Doc;
  file: string;
  /** Removes the temporary file and its folder. */
  remove(): void;
}

export async function writeContractDocument(specPath?: string): Promise<ContractDocument> {
  const { doc } = await buildDocument(await loadSpec(specPath));
  const dir = mkdtempSync(join(tmpdir(), "budgea-contract-"));
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(doc));
  return { doc, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
