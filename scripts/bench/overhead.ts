/**
 * Row 1: per-request overhead. budgea.api.GET("/banks") with every middleware on (auth token, timeout,
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
    return [
      row("1a", "GET /banks req/s, 1 caller (sequential)", rates["1"]!),
      row("1b", "GET /banks req/s, 8 in flight", rates["8"]!),
    ];
  } finally {
    server.stop();
  }
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
