/** The three peer generators, run through their own CLIs as their users run them (offline). */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runChecked } from "./proc.ts";
import { toolPath } from "./tools.ts";

export const PEER_NAMES = ["hey-api", "orval", "oazapfts"] as const;
export type PeerName = (typeof PEER_NAMES)[number];

interface Peer {
  /** Whether the CLI reads the upstream Swagger 2.0 file itself (oazapfts: "Only OpenAPI v3 is supported"). */
  readsSwagger2: boolean;
  /** node arguments generating a client from `input` into the folder `out`. */
  args(root: string, input: string, out: string): string[];
}

export const PEERS: Record<PeerName, Peer> = {
  "hey-api": {
    readsSwagger2: true,
    args: (root, input, out) => [
      toolPath(root, "@hey-api/openapi-ts/bin/run.js"),
      ...["-i", input, "-o", out, "-c", "@hey-api/client-fetch", "--silent", "--no-log-file"],
    ],
  },
  orval: {
    readsSwagger2: true,
    args: (root, input, out) => [
      toolPath(root, "orval/dist/bin/orval.mjs"),
      ...["-i", input, "-o", join(out, "api.ts"), "--client", "fetch"],
    ],
  },
  oazapfts: {
    readsSwagger2: false,
    args: (root, input, out) => [toolPath(root, "oazapfts/dist/cli.js"), input, join(out, "api.ts")],
  },
};

/** Generates `peer`'s client into `out`; resolves to the wall time in ms. cwd is `out`'s parent, so no
 * config file of ours is picked up. */
export async function generatePeer(root: string, peer: PeerName, input: string, out: string): Promise<number> {
  mkdirSync(out, { recursive: true });
  const { ms } = await runChecked(process.execPath, PEERS[peer].args(root, input, out), { cwd: join(out, "..") });
  return ms;
}
