/** Source → OpenAPI 3 → our overlay: the document every emitter reads (an intermediate, never committed). */
import { applyOverlay, type FixReport } from "../../spec/overlay.ts";
import { toOpenAPI3 } from "./convert.ts";
import type { Doc } from "./oas.ts";
import type { LoadedSpec } from "./spec-source.ts";

export interface BuiltDocument {
  doc: Doc;
  fixes: FixReport[];
}

export async function buildDocument(spec: LoadedSpec): Promise<BuiltDocument> {
  const doc = await toOpenAPI3(spec.doc);
  const fixes = applyOverlay(doc);
  return { doc, fixes };
}

export type { FixReport };
