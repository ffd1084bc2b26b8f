/** Swagger 2.0 → OpenAPI 3.0 with swagger2openapi, after checking that every `$ref` resolves. */
import s2o from "swagger2openapi";
import type { Doc } from "./oas.ts";
import { refs, resolvePointer } from "./oas.ts";
import { SpecError } from "./spec-source.ts";

export async function toOpenAPI3(source: Record<string, unknown>): Promise<Doc> {
  for (const { ref, at } of refs(source)) {
    if (!ref.startsWith("#/")) throw new SpecError(`external $ref "${ref}" at ${at} is not supported`);
    if (resolvePointer(source, ref) === undefined) throw new SpecError(`dangling $ref "${ref}" at ${at}`);
  }
  if (source.openapi) return structuredClone(source) as unknown as Doc;
  try {
    const { openapi } = await s2o.convertObj(structuredClone(source), { patch: true, warnOnly: true });
    return openapi as Doc;
  } catch (error) {
    throw new SpecError(`swagger2openapi could not convert the spec: ${(error as Error).message.split("\n")[0]}`);
  }
}
