/**
 * Row 4: generation. Wall time of our generator (what `npm run generate` runs: node --import tsx scripts/generate.ts,
 * into a temp --out; npm's own start-up left out, as it is for the peers) vs the peers' CLIs run with node,
 * interleaved, medians (--quick: ours twice, hey-api once and no other peer). Peers read the upstream
 * Swagger 2.0 file when they can (hey-api, orval), else the converted + overlaid document (oazapfts).
 * Every run of ours is hashed: the output must be byte-identical.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { defaultSpecPath } from "../lib/spec-source.ts";
import { convertedDocument } from "./document.ts";
import { PEERS, PEER_NAMES, type PeerName, generatePeer } from "./peers.ts";
import { runChecked } from "./proc.ts";
import { median, rotate, round } from "./stats.ts";
import { type Row, judge } from "./table.ts";
import { tempDir } from "./tmp.ts";
import type { Settings } from "./settings.ts";

type Contender = "ours" | PeerName;

const TARGET = 1.0;

export async function generationRows(settings: Settings): Promise<Row[]> {
  const { root, quick } = settings;
  const dir = tempDir("generation");
  const inputs = { swagger2: defaultSpecPath(root), converted: await convertedDocument(root) };
  const input = (peer: PeerName) => (PEERS[peer].readsSwagger2 ? inputs.swagger2 : inputs.converted);
  const runs = { ours: quick ? 2 : 3, peers: quick ? 1 : 3 };
  const peers: readonly PeerName[] = quick ? ["hey-api"] : PEER_NAMES; // --quick: the anchor only
  const times: Record<Contender, number[]> = { ours: [], "hey-api": [], orval: [], oazapfts: [] };
  const hashes: string[] = [];
  for (let run = 0; run < runs.ours; run++) {
    for (const contender of rotate<Contender>(["ours", ...peers], run)) {
      const out = join(dir, `${contender}-${run}`);
      if (contender === "ours") {
        times.ours.push(await generateOurs(root, out));
        hashes.push(hashTree(out));
      } else if (run < runs.peers) {
        times[contender].push(await generatePeer(root, contender, input(contender), out));
      }
    }
  }
  return [timeRow(times, input), determinismRow(hashes)];
}

/** As `npm run generate` runs it (`node --import tsx scripts/generate.ts`), without npm's own start-up. */
async function generateOurs(root: string, out: string): Promise<number> {
  return (await runChecked(process.execPath, ["--import", "tsx", "scripts/generate.ts", "--out", out], { cwd: root })).ms;
}

function timeRow(times: Record<Contender, number[]>, input: (peer: PeerName) => string): Row {
  const s = (c: Contender) => median(times[c]) / 1000;
  const ratio = s("ours") / s("hey-api");
  const source = (peer: PeerName) => (input(peer).endsWith(".swagger.json") ? "Swagger 2" : "converted");
  return {
    id: "4a",
    what: "generate the client from the spec: wall",
    ours: `${s("ours").toFixed(2)} s`,
    anchor: `${s("hey-api").toFixed(2)} s (hey-api)`,
    ratio,
    target: `≤ ${TARGET.toFixed(1)}×`,
    verdict: judge(ratio, "<=", TARGET),
    note:
      PEER_NAMES.filter((p) => times[p].length)
        .map((p) => `${p} ${s(p).toFixed(2)} s from ${source(p)}`)
        .join("; ") +
      `; ours from Swagger 2 (convert + overlay + openapi-typescript + emitter; conversion and openapi-typescript each in a worker thread); ` +
      `medians of ${times.ours.length} (ours) / ${times["hey-api"].length} (peers)`,
    figures: {
      seconds: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map((ms) => round(ms / 1000, 3))])),
    },
  };
}

function determinismRow(hashes: string[]): Row {
  const identical = hashes.length > 1 && hashes.every((h) => h === hashes[0]);
  return {
    id: "4b",
    what: "generate twice or more: byte-identical output",
    ours: identical ? `identical ×${hashes.length}` : `${new Set(hashes).size} different of ${hashes.length}`,
    anchor: "—",
    ratio: undefined,
    target: "identical",
    verdict: identical ? "PASS" : "MISS",
    note: `sha256 of every file's path and bytes: ${[...new Set(hashes)].map((h) => h.slice(0, 12)).join(", ")}`,
    figures: { hashes },
  };
}

/** One sha256 over every file's relative path and bytes, in sorted order. */
function hashTree(dir: string): string {
  const hash = createHash("sha256");
  for (const file of listFiles(dir).sort()) hash.update(`${relative(dir, file)}\0`).update(readFileSync(file));
  return hash.digest("hex");
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
