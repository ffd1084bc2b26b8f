/** Swagger 2.0 → OpenAPI 3.0 with swagger2openapi, after checking that every `$ref` resolves. */
import type { Doc } from "./oas.ts";
import { refs, resolvePointer } from "./oas.ts";
import { SpecError } from "./spec-source.ts";

/** How swagger2openapi is called, here and in the generation worker (scripts/lib/schema-types-worker.mjs). */
export const CONVERT_OPTIONS = { patch: true, warnOnly: true } as const;

/** Converts a Swagger 2 document (an OpenAPI 3 one is copied as it is); `convert` runs swagger2openapi. */
export type Converter = (source: Record<string, unknown>) => Promise<unknown>;

export async function toOpenAPI3(source: Record<string, unknown>, convert: Converter = convertHere): Promise<Doc> {
  for (const { ref, at } of refs(source)) {
    if (!ref.startsWith("#/")) throw new SpecError(`external $ref "${ref}" at ${at} is not supported`);
    if (resolvePointer(source, ref) === undefined) throw new SpecError(`dangling $ref "${ref}" at ${at}`);
  }
  if (source.openapi) return structuredClone(source) as unknown as Doc;
  try {
    return (await convert(source)) as Doc;
  } catch (error) {
    throw new SpecError(`swagger2openapi could not convert the spec: ${(error as Error).message.split("\n")[0]}`);
  }
}

async function convertHere(source: Record<string, unknown>): Promise<unknown> {
  const { default: s2o } = await import("swagger2openapi");
  return (await s2o.convertObj(structuredClone(source), { ...CONVERT_OPTIONS })).openapi;
}
