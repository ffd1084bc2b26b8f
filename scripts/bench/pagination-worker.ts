/**
 * Child process of the pagination row, so that its memory is the iterating process's alone.
 *   rss  <budgea|naive> <baseUrl> <total> <pageSize>
 *        → { items, inOrder, baselineMb, peakMb, growthMb, retainedMb (heap after GC − before), ms }
 *   wall <slowUrl> <fastUrl> <total> <pageSize> <workMs> <rounds>
 *        → { budgea: ms[], naive: ms[], "budgea-prefetch-1": ms[] } interleaved rounds against the slow server (latency) with work,
 *          after a warm-up; and `cpu`: one pass of each against the fast server without work
 * `budgea` is `for await (const tx of budgea.paginate(…))` with prefetch on (the default, 2 pages ahead);
 * `naive` is a sequential while loop over offset/limit with fetch. The consumer's work per page is awaited
 * (I/O-like, e.g. storing the page), so fetching ahead can overlap it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Budgea } from "../../src/index.ts";
import { MB, rotate } from "./stats.ts";

type Consume = (id: number) => void;
type Loop = (base: string, pageSize: number, consume: Consume, onPage: () => Promise<void>) => Promise<void>;

const PATH = "/users/{id_user}/accounts/{id_account}/transactions" as const;

/** `for await` over budgea.paginate, with `prefetch` pages fetched ahead (undefined: the default). */
function budgeaLoop(prefetch?: number): Loop {
  return async (base, pageSize, consume, onPage) => {
    const budgea = new Budgea({ baseUrl: base, token: "bench-token" });
    const params = { path: { id_user: "me" as const, id_account: 17 } };
    let inPage = 0;
    for await (const tx of budgea.paginate(PATH, { params }, { pageSize, prefetch })) {
      consume(tx.id);
      if (++inPage === pageSize) {
        inPage = 0;
        await onPage();
      }
    }
    if (inPage) await onPage();
  };
}

const loops: Record<string, Loop> = {
  budgea: budgeaLoop(),
  "budgea-prefetch-0": budgeaLoop(0),
  "budgea-prefetch-1": budgeaLoop(1),
  async naive(base, pageSize, consume, onPage) {
    let offset = 0;
    while (true) {
      const response = await fetch(`${base}/users/me/accounts/17/transactions?offset=${offset}&limit=${pageSize}`);
      const page = (await response.json()) as { transactions: { id: number }[]; total: number };
      for (const tx of page.transactions) consume(tx.id);
      await onPage();
      offset += page.transactions.length;
      if (!page.transactions.length || offset >= page.total) break;
    }
  },
};

const [mode, ...args] = process.argv.slice(2);
const answer = mode === "rss" ? await rss(args) : await wall(args);
process.stdout.write(JSON.stringify(answer) + "\n");

async function rss([client, base, total, pageSize]: string[]) {
  const loop = loops[client!]!;
  settle();
  const heapAtBaseline = process.memoryUsage().heapUsed;
  const baseline = process.memoryUsage.rss();
  const highWaterBefore = maxRss();
  let sampled = baseline;
  const sample = () => (sampled = Math.max(sampled, process.memoryUsage.rss()));
  const timer = setInterval(sample, 5);
  let items = 0;
  let inOrder = true;
  const consume = (id: number) => {
    if (id !== ++items) inOrder = false;
  };
  const started = performance.now();
  await loop(base!, Number(pageSize), consume, async () => void sample());
  const ms = performance.now() - started;
  clearInterval(timer);
  sample();
  // The kernel's high-water mark catches peaks between samples (inside a JSON.parse, say) once the
  // iteration has pushed it past the start-up peak.
  const highWater = maxRss();
  const peak = Math.max(sampled, highWater > highWaterBefore ? highWater : 0);
  inOrder &&= items === Number(total);
  const heapBefore = heapAtBaseline;
  settle();
  const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / MB; // a leak shows here, GC slack does not
  return {
    items,
    inOrder,
    baselineMb: baseline / MB,
    peakMb: peak / MB,
    growthMb: (peak - baseline) / MB,
    retainedMb,
    ms,
  };
}

function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function wall([slowBase, fastBase, total, pageSize, workMs, rounds]: string[]) {
  const pass = async (name: string, base: string, work: number) => {
    let items = 0;
    const started = performance.now();
    const onPage = work ? () => sleep(work).then(() => undefined) : async () => undefined;
    await loops[name]!(base, Number(pageSize), () => items++, onPage);
    if (items !== Number(total)) throw new Error(`${name}: ${items} items, expected ${total}`);
    return performance.now() - started;
  };
  for (const name of ["naive", "budgea"]) await pass(name, fastBase!, 0); // JIT and connection pool warm-up
  const times: Record<string, number[]> = { budgea: [], naive: [], "budgea-prefetch-1": [] };
  for (let round = 0; round < Number(rounds); round++) {
    for (const name of rotate(Object.keys(times), round)) {
      times[name]!.push(await pass(name, slowBase!, Number(workMs)));
    }
  }
  // The same pages with neither latency nor work: the CPU a page costs, which fetching ahead cannot hide.
  const cpu = { budgea: await pass("budgea", fastBase!, 0), naive: await pass("naive", fastBase!, 0) };
  return { ...times, cpu };
}

/** A collected heap before the baseline, when the process was started with --expose-gc. */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}
