/**
 * Row 2: pagination at scale, against the loopback server (its own process) generating every page on the fly.
 * (a) peak RSS growth of a child process iterating every transaction with budgea.paginate, sampled every
 *     5 ms and at every page, above a baseline taken after imports and a forced GC; the naive loop's growth
 *     is the anchor shown beside it (the target is absolute: ≤ 50 MB).
 * (b) wall time with 10 ms of server latency and 10 ms of consumer work a page, paginate (prefetch on) vs a
 *     naive sequential offset/limit loop, 100 pages of 1,000 (20 in --quick) so it takes seconds.
 */
import { startServer, runWorker } from "./proc.ts";
import { median, round } from "./stats.ts";
import { type Row, judge } from "./table.ts";
import type { Settings } from "./settings.ts";

const WORKER = "scripts/bench/pagination-worker.ts";
const PAGE_SIZE = 1000;
const RSS_LIMIT_MB = 50;
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
    const memory = memoryRow(total, await rss("budgea"), await rss("naive"));
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

function memoryRow(total: number, ours: RssResult, naive: RssResult): Row {
  const complete = ours.inOrder && ours.items === total;
  return {
    id: "2a",
    what: `paginate ${total.toLocaleString("en")} tx: peak RSS growth`,
    ours: `${ours.growthMb.toFixed(1)} MB`,
    anchor: `${naive.growthMb.toFixed(1)} MB (naive loop)`,
    ratio: ours.growthMb / naive.growthMb,
    target: `≤ ${RSS_LIMIT_MB} MB`,
    verdict: complete ? judge(ours.growthMb, "<=", RSS_LIMIT_MB) : "MISS",
    note:
      `${complete ? "every item once, in order" : `WRONG: ${ours.items} items, in order: ${ours.inOrder}`}; ` +
      `pages of ${PAGE_SIZE}; baseline ${ours.baselineMb.toFixed(0)} MB after imports + GC; ` +
      `heap retained after the loop + GC ${ours.retainedMb.toFixed(1)} MB (naive ${naive.retainedMb.toFixed(1)}); ` +
      `${(ours.ms / 1000).toFixed(1)} s (naive ${(naive.ms / 1000).toFixed(1)} s)`,
    figures: { total, pageSize: PAGE_SIZE, budgea: ours, naive },
  };
}

function wallRow(pages: number, times: WallResult): Row {
  const ours = median(times.budgea);
  const naive = median(times.naive);
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
      `prefetch 2 pages (the default); pages of ${PAGE_SIZE}; work awaited per page; ` +
      `median of ${times.budgea.length} interleaved run(s); CPU a page costs without latency or work ` +
      `(server + client, cannot be hidden): budgea ${perPage(times.cpu.budgea)} ms, naive ${perPage(times.cpu.naive)} ms`,
    figures: { pages, pageSize: PAGE_SIZE, latencyMs: LATENCY_MS, workMs: WORK_MS, times, ratio: round(ratio, 3) },
  };
}
