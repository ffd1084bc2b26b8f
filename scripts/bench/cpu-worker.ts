/**
 * Child process of the in-process overhead row: CPU time per call of raw fetch, bare openapi-fetch and
 * budgea.api against a fake `fetch` that answers from memory (no socket: only the clients' own work is
 * measured). Rounds are interleaved. Prints `{ [contender]: µs[] }` (CPU µs per call, one value per round).
 * Args: <callsPerRound> <rounds>
 */
import createClient from "openapi-fetch";
import type { paths } from "../../generated/index.ts";
import { Budgea } from "../../src/index.ts";
import { rotate } from "./stats.ts";

const [callsArg, roundsArg] = process.argv.slice(2);
const BODY = JSON.stringify({
  banks: Array.from({ length: 5 }, (_, i) => ({ id: i, name: `Bank ${i}`, hidden: false, charged: true })),
  total: 5,
});
const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(BODY)) };
const fake = async (_input: unknown, _init?: unknown) => new Response(BODY, { status: 200, headers });

const base = "http://127.0.0.1:1/2.0";
const bare = createClient<paths>({ baseUrl: base, fetch: fake as typeof fetch });
const budgea = new Budgea({
  baseUrl: base,
  token: "bench-token",
  fetch: fake,
  logger: { debug() {}, warn() {}, isLevelEnabled: () => false },
});
const contenders: Record<string, () => Promise<unknown>> = {
  raw: async () => (await fake(`${base}/banks`)).json(),
  openapiFetch: async () => (await bare.GET("/banks")).data,
  budgea: async () => (await budgea.api.GET("/banks")).data,
};

for (const [name, call] of Object.entries(contenders)) {
  const data = (await call()) as { banks?: unknown[] };
  if (!Array.isArray(data?.banks)) throw new Error(`${name}: no bank list`);
}
const calls = Number(callsArg);
const rounds = Number(roundsArg);
const names = Object.keys(contenders);
const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let round = -2; round < rounds; round++) {
  for (const name of rotate(names, round + 2)) {
    const call = contenders[name]!;
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call();
    const used = process.cpuUsage(start);
    if (round >= 0) out[name]!.push((used.user + used.system) / calls);
  }
}
process.stdout.write(JSON.stringify(out) + "\n");
