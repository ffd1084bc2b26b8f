/**
 * Row 2: pagination at scale, against the loopback server (its own process) generating every page on the fly.
 * (a) peak RSS growth of a child process iterating every transaction with budgea.paginate, sampled every
 *     5 ms and at every page, above a baseline taken after imports and a forced GC, against the naive loop's
 *     in the same run (interleaved runs, medians: V8's heap sizing makes one run's peak swing by ±10 MB);
 *     target ≤ 1.0× the naive loop's growth, and heap retained after the loop + GC ≤ 5 MB. Read-ahead trades
 *     memory for wall time: the notes of (a) and (b) give `prefetch: 0` and `prefetch: 1` beside the default 2.
 * (b) wall time with 10 ms of server latency and 10 ms of consumer work a page, paginate (prefetch on) vs a
 *     naive sequential offset/limit loop, 100 pages of 1,000 (20 in --quick) so it takes seconds.
 */
import { startServer, runWorker } from "./proc.ts";
import { median, rotate, round } from "./stats.ts";
import { type Row, judge } from "./table.ts";
import type { Settings } from "./settings.ts";

const WORKER = "scripts/bench/pagination-worker.ts";
const PAGE_SIZE = 1000;
const RSS_RATIO = 1.0;
const RETAINED_LIMIT_MB = 5;
const WALL_TARGET = 0.6;
const LATENCY_MS = 10;
const WORK_MS = 10;

interface RssResult {
  items: number;
  inOrder: boolean;
  baselineMb: number;
  peakMb: number;
  growthMb: number;
  retainedMb: number;
  ms: number;
}

interface WallResult {
  budgea: number[];
  naive: number[];
  "budgea-prefetch-1": number[];
  cpu: { budgea: number; naive: number };
}

export async function paginationRows(settings: Settings): Promise<Row[]> {
  const server = await startServer(settings.root, "scripts/bench/loopback-server.ts");
  try {
    const base = (total: number, latency: number) => `http://127.0.0.1:${server.port}/bench/${total}/${latency}/2.0`;
    const total = settings.quick ? 100_000 : 1_000_000;
    const rss = (client: string) =>
      runWorker<RssResult>(
        settings.root,
        WORKER,
        ["rss", client, base(total, 0), String(total), String(PAGE_SIZE)],
        ["--expose-gc"],
      );
    const runs = settings.quick ? 1 : 3;
    const results: Record<string, RssResult[]> = {
      budgea: [],
      naive: [],
      "budgea-prefetch-0": [],
      "budgea-prefetch-1": [],
    };
    for (let i = 0; i < runs; i++) {
      for (const name of rotate(Object.keys(results), i)) results[name]!.push(await rss(name));
    }
    const memory = memoryRow(total, results);
    const pages = settings.quick ? 20 : 100;
    const rounds = settings.quick ? 1 : 3;
    const items = pages * PAGE_SIZE;
    const times = await runWorker<WallResult>(settings.root, WORKER, [
      "wall",
      base(items, LATENCY_MS),
      base(items, 0),
      String(items),
      String(PAGE_SIZE),
      String(WORK_MS),
      String(rounds),
    ]);
    return [memory, wallRow(pages, times)];
  } finally {
    server.stop();
  }
}

function memoryRow(total: number, results: Record<string, RssResult[]>): Row {
  const runs = results.budgea!;
  const naiveRuns = results.naive!;
  const growthOf = (list: RssResult[]) => median(list.map((r) => r.growthMb));
  const growth = growthOf(runs);
  const naive = growthOf(naiveRuns);
  const prefetch = (n: 0 | 1) => {
    const mb = growthOf(results[`budgea-prefetch-${n}`]!);
    return `\`prefetch: ${n}\` ${mb.toFixed(1)} MB (${(mb / naive).toFixed(2)}×)`;
  };
  const retained = Math.max(...runs.map((r) => r.retainedMb));
  const complete = runs.every((r) => r.inOrder && r.items === total);
  const ratio = growth / naive;
  const pass = complete && judge(ratio, "<=", RSS_RATIO) === "PASS" && retained <= RETAINED_LIMIT_MB;
  const ms = (list: RssResult[]) => (median(list.map((r) => r.ms)) / 1000).toFixed(1);
  return {
    id: "2a",
    what: `paginate ${total.toLocaleString("en")} tx: peak RSS growth`,
    ours: `${growth.toFixed(1)} MB`,
    anchor: `${naive.toFixed(1)} MB (naive loop)`,
    ratio,
    target: `≤ ${RSS_RATIO.toFixed(1)}×, retained ≤ ${RETAINED_LIMIT_MB} MB`,
    verdict: pass ? "PASS" : "MISS",
    note:
      `${complete ? "every item once, in order" : "WRONG: items missing, repeated or out of order"}; ` +
      `pages of ${PAGE_SIZE}; median of ${runs.length} interleaved run(s) each (ours ${runs.map((r) => r.growthMb.toFixed(0)).join("/")}, ` +
      `naive ${naiveRuns.map((r) => r.growthMb.toFixed(0)).join("/")} MB); heap retained after the loop + GC ` +
      `${retained.toFixed(1)} MB (naive ${Math.max(...naiveRuns.map((r) => r.retainedMb)).toFixed(1)}); ${ms(runs)} s (naive ${ms(naiveRuns)} s); ` +
      `read-ahead costs memory: ${prefetch(1)}, ${prefetch(0)} (pages on demand)`,
    figures: {
      total,
      pageSize: PAGE_SIZE,
      budgea: runs,
      naive: naiveRuns,
      prefetch0: results["budgea-prefetch-0"],
      prefetch1: results["budgea-prefetch-1"],
    },
  };
}

function wallRow(pages: number, times: WallResult): Row {
  const ours = median(times.budgea);
  const naive = median(times.naive);
  const oneAhead = median(times["budgea-prefetch-1"]);
  const perPage = (ms: number) => (ms / pages).toFixed(1);
  const ratio = ours / naive;
  return {
    id: "2b",
    what: `paginate ${pages} pages, ${LATENCY_MS} ms latency + ${WORK_MS} ms work: wall`,
    ours: `${Math.round(ours)} ms`,
    anchor: `${Math.round(naive)} ms (naive loop)`,
    ratio,
    target: `≤ ${WALL_TARGET.toFixed(2)}×`,
    verdict: judge(ratio, "<=", WALL_TARGET),
    note:
      `prefetch 2 pages (the default; \`prefetch: 1\` ${Math.round(oneAhead)} ms, ${(oneAhead / naive).toFixed(2)}×); ` +
      `pages of ${PAGE_SIZE}; work awaited per page; ` +
      `median of ${times.budgea.length} interleaved run(s); CPU a page costs without latency or work ` +
      `(server + client, cannot be hidden): budgea ${perPage(times.cpu.budgea)} ms, naive ${perPage(times.cpu.naive)} ms`,
    figures: { pages, pageSize: PAGE_SIZE, latencyMs: LATENCY_MS, workMs: WORK_MS, times, ratio: round(ratio, 3) },
  };
}
