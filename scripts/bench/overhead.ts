/**
 * Row 1: per-request overhead.
 * (c) In process, no socket: CPU time per call of budgea.api.GET against bare openapi-fetch, both over the
 *     same fake `fetch` answering from memory (cpu-worker.ts), interleaved rounds, the median of per-round
 *     ratios. Steadier on shared cores than loopback throughput: it measures only the clients' own work.
 * (a, b) budgea.api.GET("/banks") with every middleware on (auth token, timeout,
 * retries armed, error mapping, a logger whose debug level is off) against raw fetch + res.json() and bare
 * openapi-fetch, all on one keep-alive loopback server run in its own process. Rounds are interleaved; the
 * row gives the median requests/s and the median of the per-round budgea/raw ratios (paired, so a slow
 * moment of the shared machine hits both sides of a ratio).
 */
import { startServer, runWorker } from "./proc.ts";
import { median, round } from "./stats.ts";
import { type Row, judge } from "./table.ts";
import type { Settings } from "./settings.ts";

type Rates = Record<string, Record<string, number[]>>;

const TARGET = 0.9;
const CPU_TARGET = 1.1;

export async function overheadRows(settings: Settings): Promise<Row[]> {
  const server = await startServer(settings.root, "scripts/bench/loopback-server.ts");
  try {
    const { roundMs, rounds } = settings.quick ? { roundMs: 200, rounds: 3 } : { roundMs: 400, rounds: 8 };
    const rates = await runWorker<Rates>(settings.root, "scripts/bench/overhead-worker.ts", [
      String(server.port),
      String(roundMs),
      String(rounds),
      "1,8",
    ]);
    const cpu = await runWorker<Record<string, number[]>>(settings.root, "scripts/bench/cpu-worker.ts", [
      String(settings.quick ? 2_000 : 10_000),
      String(settings.quick ? 5 : 15),
    ]);
    return [
      row("1a", "GET /banks req/s, 1 caller (sequential)", rates["1"]!),
      row("1b", "GET /banks req/s, 8 in flight", rates["8"]!),
      cpuRow(cpu),
    ];
  } finally {
    server.stop();
  }
}

function cpuRow(us: Record<string, number[]>): Row {
  const budgea = us.budgea!;
  const bare = us.openapiFetch!;
  const raw = us.raw!;
  const ratio = median(budgea.map((b, i) => b / bare[i]!));
  return {
    id: "1c",
    what: "GET /banks in process (fake fetch): CPU per call",
    ours: `${median(budgea).toFixed(1)} µs`,
    anchor: `${median(bare).toFixed(1)} µs (bare openapi-fetch)`,
    ratio,
    target: `≤ ${CPU_TARGET.toFixed(2)}×`,
    verdict: judge(ratio, "<=", CPU_TARGET),
    note:
      `raw fetch + json() ${median(raw).toFixed(1)} µs; every policy on (token, user agent, deadline, retries armed, ` +
      `error mapping, a logger whose debug is off); ${budgea.length} interleaved rounds; ratio = median of per-round budgea/bare`,
    figures: { us, ratio: round(ratio, 3) },
  };
}

function row(id: string, what: string, rps: Record<string, number[]>): Row {
  const budgea = rps.budgea!;
  const raw = rps.raw!;
  const bare = rps.openapiFetch!;
  const ratio = median(budgea.map((b, i) => b / raw[i]!));
  const bareRatio = median(bare.map((b, i) => b / raw[i]!));
  return {
    id,
    what,
    ours: `${Math.round(median(budgea))} req/s`,
    anchor: `${Math.round(median(raw))} req/s (raw fetch)`,
    ratio,
    target: `≥ ${TARGET.toFixed(2)}×`,
    verdict: judge(ratio, ">=", TARGET),
    note:
      `bare openapi-fetch ${Math.round(median(bare))} req/s (${bareRatio.toFixed(2)}× raw); ` +
      `${budgea.length} interleaved rounds; ratio = median of per-round budgea/raw`,
    figures: { rps, ratio: round(ratio, 3), openapiFetchRatio: round(bareRatio, 3) },
  };
}
