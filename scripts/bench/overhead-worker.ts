/**
 * Child process of the overhead row: requests/s of raw fetch, bare openapi-fetch and budgea.api against the
 * loopback server, in interleaved rounds (each round starts with a different contender), for each
 * concurrency. Prints `{ [concurrency]: { [contender]: rps[] } }`.
 * Args: <port> <roundMs> <rounds> <concurrency,…>
 */
import createClient from "openapi-fetch";
import type { paths } from "../../generated/index.ts";
import { Budgea } from "../../src/index.ts";
import { rotate } from "./stats.ts";

type Request = () => Promise<unknown>;

const [port, roundMs, rounds, concurrencies] = process.argv.slice(2);
const baseUrl = `http://127.0.0.1:${port}/2.0`;
const contenders = makeContenders(baseUrl);

await checkEveryContender(contenders);
const results: Record<string, Record<string, number[]>> = {};
for (const concurrency of concurrencies!.split(",").map(Number)) {
  results[concurrency] = await measure(contenders, concurrency, Number(roundMs), Number(rounds));
}
process.stdout.write(JSON.stringify(results) + "\n");

function makeContenders(base: string): Record<string, Request> {
  const url = `${base}/banks`;
  const bare = createClient<paths>({ baseUrl: base });
  const budgea = new Budgea({
    baseUrl: base,
    token: "bench-token",
    logger: { debug() {}, warn() {}, isLevelEnabled: () => false },
  });
  return {
    raw: async () => (await fetch(url)).json(),
    openapiFetch: async () => (await bare.GET("/banks")).data,
    budgea: async () => (await budgea.api.GET("/banks")).data,
  };
}

async function checkEveryContender(all: Record<string, Request>): Promise<void> {
  for (const [name, request] of Object.entries(all)) {
    const body = (await request()) as { banks?: unknown[] } | undefined;
    if (!Array.isArray(body?.banks)) throw new Error(`${name}: GET /banks did not give the bank list`);
  }
}

/** A warm-up round (discarded), then `rounds` rounds of every contender for `roundMs` each. */
async function measure(all: Record<string, Request>, concurrency: number, roundMs: number, rounds: number) {
  const names = Object.keys(all);
  const rps: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = -1; round < rounds; round++) {
    for (const name of rotate(names, round + 1)) {
      const rate = await requestsPerSecond(all[name]!, concurrency, roundMs);
      if (round >= 0) rps[name]!.push(rate);
    }
  }
  return rps;
}

async function requestsPerSecond(request: Request, concurrency: number, ms: number): Promise<number> {
  let done = 0;
  const started = performance.now();
  const end = started + ms;
  const lane = async () => {
    while (performance.now() < end) {
      await request();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return done / ((performance.now() - started) / 1000);
}
