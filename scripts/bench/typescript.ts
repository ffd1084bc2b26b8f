/** The two compilers, called by path: node_modules/.bin/tsc may point at either. */
import { join } from "node:path";

export const TS_VERSIONS = ["5.9", "7"] as const;
export type TsVersion = (typeof TS_VERSIONS)[number];

const BIN: Record<TsVersion, string> = {
  "5.9": "node_modules/typescript/bin/tsc",
  "7": "node_modules/typescript-7/bin/tsc",
};

export function tscPath(root: string, version: TsVersion): string {
  return join(root, BIN[version]);
}
