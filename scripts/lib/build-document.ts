/** Source → OpenAPI 3 → our overlay: the document every emitter reads (an intermediate, never committed). */
import { applyOverlay, type FixReport } from "../../spec/overlay.ts";
import { type Converter, toOpenAPI3 } from "./convert.ts";
import type { Doc } from "./oas.ts";
import type { LoadedSpec } from "./spec-source.ts";

export interface BuiltDocument {
  doc: Doc;
  fixes: FixReport[];
}

/** `convert` runs swagger2openapi (in this thread by default; generation passes its worker's). */
export async function buildDocument(spec: LoadedSpec, convert?: Converter): Promise<BuiltDocument> {
  const doc = await toOpenAPI3(spec.doc, convert);
  const fixes = applyOverlay(doc);
  return { doc, fixes };
}

export type { FixReport };
