/**
 * Row 3: what the user's compiler pays. `tsc --noEmit` wall time and peak memory of the same small
 * consumer of each client, minus an empty consumer's (the floor): ours through our published `.d.ts`
 * (package "budgea", and "budgea/generated" fetchers as a variant), the peers' clients generated during
 * the run from the same converted + overlaid document and compiled as sources in the consumer's tree.
 * skipLibCheck true and false, TypeScript 5.9 (3a, 3b) and 7 (3c, 3d; the only ones in --quick); medians of
 * 3 runs (1 in --quick), interleaved: every run compiles every consumer once, in a rotating order.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { CONSUMER_NAMES, CONSUMERS, type ConsumerName, tsconfig } from "./consumers.ts";
import { convertedDocument } from "./document.ts";
import { PEER_NAMES, generatePeer } from "./peers.ts";
import { memoryProbe, runTimed } from "./proc.ts";
import { userProject } from "./installation.ts";
import { median, rotate, round } from "./stats.ts";
import { type Row, judge } from "./table.ts";
import { TS_VERSIONS, type TsVersion, tscPath } from "./typescript.ts";
import type { Settings } from "./settings.ts";

interface Samples {
  ms: number[];
  mb: number[];
  cpuS: number[];
  /** The first tsc diagnostics, when the consumer does not compile (its figures are then suspect). */
  errors?: string;
}

type Config = { version: TsVersion; skipLibCheck: boolean };

const TARGET = 1.0;
const STRETCH = 0.5;
const NOISE_SECONDS = 0.02;

export async function compileRows(settings: Settings): Promise<Row[]> {
  const dir = await prepareConsumers(settings.root);
  const versions = settings.quick ? (["7"] as const) : TS_VERSIONS;
  const configs = versions.flatMap((version) => [true, false].map((skipLibCheck) => ({ version, skipLibCheck })));
  const samples = new Map<string, Samples>();
  const runs = settings.quick ? 1 : 3;
  for (let run = 0; run < runs; run++) {
    for (const config of configs) {
      for (const consumer of rotate(CONSUMER_NAMES, run)) {
        await compileOnce(settings.root, dir, config, consumer, samples);
      }
    }
  }
  return configs.map((config) => compileRow(config, samples));
}

/** In a user's project (our package installed): the peers generated, a folder per consumer, both tsconfigs. */
async function prepareConsumers(root: string): Promise<string> {
  const project = userProject(root);
  const dir = project.dir;
  // Setup, not measured: the peers generate side by side while our package builds.
  const peers = async () => {
    const doc = await convertedDocument(root);
    await Promise.all(PEER_NAMES.map((peer) => generatePeer(root, peer, doc, join(dir, peer, "client"))));
  };
  await Promise.all([project.ready, peers()]);
  for (const name of CONSUMER_NAMES) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, "index.ts"), CONSUMERS[name].source);
    writeFileSync(join(dir, name, "tsconfig.skip.json"), tsconfig(true));
    writeFileSync(join(dir, name, "tsconfig.full.json"), tsconfig(false));
  }
  return dir;
}

async function compileOnce(
  root: string,
  dir: string,
  config: Config,
  consumer: ConsumerName,
  all: Map<string, Samples>,
) {
  const project = join(dir, consumer, config.skipLibCheck ? "tsconfig.skip.json" : "tsconfig.full.json");
  const result = await runTimed(process.execPath, [tscPath(root, config.version), "-p", project], {
    cwd: dir,
    memory: true,
  });
  const key = sampleKey(config, consumer);
  const samples = all.get(key) ?? { ms: [], mb: [], cpuS: [] };
  samples.ms.push(result.ms);
  if (result.peakMb !== undefined) samples.mb.push(result.peakMb);
  if (result.cpuS !== undefined) samples.cpuS.push(result.cpuS);
  if (result.code !== 0) samples.errors ??= summarizeErrors(result.stdout || result.stderr);
  all.set(key, samples);
}

interface Figure {
  s: number;
  mb: number;
  cpuS: number;
  errors: string | undefined;
}

function compileRow(config: Config, all: Map<string, Samples>): Row {
  const figures = Object.fromEntries(
    CONSUMER_NAMES.map((c) => {
      const samples = all.get(sampleKey(config, c))!;
      const figure: Figure = {
        s: median(samples.ms) / 1000,
        mb: median(samples.mb),
        cpuS: median(samples.cpuS),
        errors: samples.errors,
      };
      return [c, figure];
    }),
  ) as Record<ConsumerName, Figure>;
  const cost = (c: ConsumerName) => figures[c].s - figures.empty.s;
  const fastest = [...PEER_NAMES].sort((a, b) => cost(a) - cost(b))[0]!;
  // Below this, a peer's cost above the floor is the shared machine's noise, not a figure to divide by.
  const measurable = cost(fastest) > NOISE_SECONDS;
  const ratio = measurable ? cost("budgea") / cost(fastest) : Number.NaN;
  const cpu = (c: ConsumerName) => figures[c].cpuS - figures.empty.cpuS;
  const byCpu = Math.min(...PEER_NAMES.map(cpu)) > 0 ? cpu("budgea") / Math.min(...PEER_NAMES.map(cpu)) : Number.NaN;
  const verdict = figures.budgea.errors ? "MISS" : measurable ? judge(ratio, "<=", TARGET) : "NOISY";
  // The measured reason a wall-clock MISS is not ours: the same work takes no more CPU than the fastest peer's.
  const reason =
    verdict !== "MISS" || figures.budgea.errors
      ? ""
      : byCpu <= TARGET
        ? `MISS by wall, ${byCpu.toFixed(2)}× by CPU time: the cores are shared (load average ` +
          `${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores); on idle cores wall time follows CPU time; `
        : config.skipLibCheck
          ? ""
          : // Measured with --extendedDiagnostics on this consumer: what skipLibCheck false adds is the checking of
            // every declaration our types load, the spec's 437 operations through openapi-typescript's
            // `operations` interface (555 KB with components) and the tables (endpoints.d.ts).
            `MISS by CPU too (${byCpu.toFixed(2)}×): with skipLibCheck false the compiler checks every declaration ` +
            "budgea's types load, openapi-typescript's `operations` interface for all 437 operations and the tables " +
            "over it; tables written against `components` alone (our own emitter for operations' parameters and " +
            "responses, openapi-typescript kept for budgea/generated) would leave that interface unloaded; ";
  return {
    id: ROW_IDS[`${config.version}/${config.skipLibCheck}`] ?? "3",
    what: `tsc ${config.version} --noEmit, skipLibCheck ${config.skipLibCheck}: cost above floor`,
    ours: `${signed(cost("budgea"))} s`,
    anchor: `${signed(cost(fastest))} s (${fastest})`,
    ratio,
    target: `≤ ${TARGET.toFixed(1)}× (stretch ${STRETCH}×)`,
    verdict,
    note: reason + compileNote(figures, all.get(sampleKey(config, "empty"))!.ms.length),
    figures: {
      ...config,
      fastestPeer: fastest,
      cpuRatio: byCpu,
      consumers: Object.fromEntries(
        CONSUMER_NAMES.map((c) => [c, { costSeconds: round(cost(c), 3), ...all.get(sampleKey(config, c)) }]),
      ),
    },
  };
}

const ROW_IDS: Record<string, string> = { "5.9/true": "3a", "5.9/false": "3b", "7/true": "3c", "7/false": "3d" };

function compileNote(figures: Record<ConsumerName, Figure>, runs: number): string {
  const wall = (c: ConsumerName) => figures[c].s - figures.empty.s;
  const cpu = (c: ConsumerName) => figures[c].cpuS - figures.empty.cpuS;
  const costs = CONSUMER_NAMES.filter((c) => c !== "empty").map(
    (c) => `${c} ${signed(wall(c))} s ${figures[c].mb.toFixed(0)} MB`,
  );
  const broken = CONSUMER_NAMES.filter((c) => figures[c].errors).map((c) => `${c} ${figures[c].errors}`);
  const fastestByCpu = [...PEER_NAMES].sort((a, b) => cpu(a) - cpu(b))[0]!;
  return [
    `floor ${figures.empty.s.toFixed(2)} s ${figures.empty.mb.toFixed(0)} MB`,
    ...costs,
    // CPU time barely moves when other work shares the cores; wall time does.
    `by CPU time: budgea ${signed(cpu("budgea"))} s vs ${fastestByCpu} ${signed(cpu(fastestByCpu))} s ` +
      `(${(cpu("budgea") / cpu(fastestByCpu)).toFixed(2)}×)`,
    ...(broken.length ? [`tsc errors: ${broken.join(", ")}`] : []),
    `median of ${runs}`,
    memoryProbe(),
  ].join("; ");
}

function signed(seconds: number): string {
  return `${seconds < 0 ? "−" : "+"}${Math.abs(seconds).toFixed(2)}`;
}

function sampleKey(config: Config, consumer: ConsumerName): string {
  return `${config.version}/${config.skipLibCheck}/${consumer}`;
}

/** `3 errors (TS2411, TS2769)`, or the first line of output when tsc itself failed. */
function summarizeErrors(output: string): string {
  const codes = [...output.matchAll(/error (TS\d+)/g)].map((m) => m[1]!);
  if (!codes.length) return output.trim().split("\n")[0]!.slice(0, 200);
  return `${codes.length} error${codes.length > 1 ? "s" : ""} (${[...new Set(codes)].join(", ")})`;
}
