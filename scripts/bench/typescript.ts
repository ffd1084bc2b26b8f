/** The two compilers, called by path: the project's TypeScript 5.9, and TypeScript 7 from the bench's tools. */
import { join } from "node:path";
import { toolPath } from "./tools.ts";

export const TS_VERSIONS = ["5.9", "7"] as const;
export type TsVersion = (typeof TS_VERSIONS)[number];

export function tscPath(root: string, version: TsVersion): string {
  return version === "5.9" ? join(root, "node_modules/typescript/bin/tsc") : toolPath(root, "typescript-7/bin/tsc");
}
