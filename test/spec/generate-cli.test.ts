/**
 * `npm run generate` on bad input: one clear line on stderr, a non-zero exit, and the --out folder exactly as
 * it was. On a spec of unknown sha256: a warning, and the same bytes from two runs (each calls emitFiles).
 * Every child process starts in beforeAll, concurrently: the file costs about two generations of CPU.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { projectRoot } from "../../scripts/lib/spec-source.js";
import { CURRENT } from "./support/document.js";

const root = projectRoot();
const tsx = join(root, "node_modules", ".bin", "tsx");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, args, { cwd: root, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under a folder (and the folder's siblings' names), with a hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else out[relative(dir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  visit(dir);
  out["<siblings>"] = readdirSync(dirname(dir)).sort().join(",");
  return out;
}

/** A pre-filled --out folder, alone in its own temp parent (so stray temp folders would show). */
function prefilledOut(): string {
  const out = join(mkdtempSync(join(tmpdir(), "budgea-gen-")), "out");
  mkdirSync(join(out, "nested"), { recursive: true });
  writeFileSync(join(out, "schema.ts"), "// hand-made, must survive\n");
  writeFileSync(join(out, "nested", "keep.txt"), "untouched");
  return out;
}

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const work = mkdtempSync(join(tmpdir(), "budgea-specs-"));
const inputs = {
  garbage: join(work, "garbage.json"),
  dangling: join(work, "dangling.json"),
  unknown: join(work, "unknown-release.json"),
};
const cases = ["garbage", "dangling", "unreachable"] as const;
const outs: Record<string, string> = {};
const before: Record<string, Record<string, string>> = {};
const results: Record<string, Run> = {};

beforeAll(async () => {
  writeFileSync(inputs.garbage, "swagger: [2.0\n  paths: {{{ not closed");
  writeFileSync(
    inputs.dangling,
    JSON.stringify({
      swagger: "2.0",
      info: { title: "t", version: "1" },
      paths: { "/x": { get: { responses: { "200": { description: "", schema: { $ref: "#/definitions/Nope" } } } } } },
    }),
  );
  // Same content as the 2020 release, other bytes: an unknown sha256.
  writeFileSync(inputs.unknown, JSON.stringify(JSON.parse(readFileSync(CURRENT, "utf8"))));
  const url = `http://127.0.0.1:${await closedLoopbackPort()}/swagger.json`;
  const specs = {
    garbage: inputs.garbage,
    dangling: inputs.dangling,
    unreachable: url,
    unknown: inputs.unknown,
    unknownAgain: inputs.unknown,
  };

  const runs = Object.entries(specs).map(async ([name, spec]) => {
    outs[name] = prefilledOut();
    before[name] = snapshot(outs[name]!);
    results[name] = await run(["scripts/generate.ts", "--spec", spec, "--out", outs[name]!]);
  });
  await Promise.all(runs);
}, 120_000);

afterAll(() => {
  for (const out of Object.values(outs)) rmSync(dirname(out), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

test.each([
  ["garbage", /^error: .*garbage\.json is not a JSON or YAML document$/],
  ["dangling", /^error: dangling \$ref "#\/definitions\/Nope" at #\/paths\/~1x\/get\/responses\/200\/schema$/],
  ["unreachable", /^error: cannot fetch spec http:\/\/127\.0\.0\.1:\d+\/swagger\.json: ECONNREFUSED$/],
])("%s input: one-line error, exit 1, --out untouched", (name, message) => {
  const result = results[name]!;
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
  expect(snapshot(outs[name]!)).toEqual(before[name]);
});

test("covers every bad-input case", () => {
  expect(Object.keys(results).sort()).toEqual([...cases, "unknown", "unknownAgain"].sort());
});

test("an unknown sha256 is noted and generated anyway", () => {
  const result = results.unknown!;
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/^note: .*unknown-release\.json is not a known upstream release \(sha256 [0-9a-f]{64}\)\n$/);
  const files = readdirSync(outs.unknown!).sort();
  expect(files).toEqual(readdirSync(join(root, "generated")).sort()); // the same set of files as generated/
  const header = readFileSync(join(outs.unknown!, "schema.ts"), "utf8").split("\n")[0];
  expect(header).toContain("unknown-release.json");
  expect(readdirSync(dirname(outs.unknown!))).toEqual(["out"]); // no temp folder left behind
});

// (Equality with the committed generated/ is `npm run generate:check`'s job.)
test("two runs give byte-identical output", () => {
  expect(results.unknownAgain!.code).toBe(0);
  const again = snapshot(outs.unknownAgain!);
  const first = snapshot(outs.unknown!);
  delete again["<siblings>"];
  delete first["<siblings>"];
  expect(Object.keys(first)).toContain("schema.ts");
  expect(again).toEqual(first);
});

test("--help on every script of ours prints its usage and exits 0", async () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const ours = Object.entries(manifest.scripts).filter(([, command]) => /^node --import tsx scripts\//.test(command));
  expect(ours.map(([name]) => name)).toEqual(
    expect.arrayContaining(["generate", "generate:check", "spec:diff", "build", "bench", "demo", "readme"]),
  );
  const runs = await Promise.all(
    ours.map(async ([name, command]) => {
      const script = command.replace(/^node --import tsx /, "").split(" ")[0]!;
      const { code, stdout } = await run([script, "--help"]);
      return [name, code, stdout.split("\n")[0]];
    }),
  );
  expect(runs).toEqual(ours.map(([name]) => [name, 0, expect.stringMatching(new RegExp(`^npm run ${name}\\b`))]));
}, 60_000);
