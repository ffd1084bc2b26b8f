/**
 * Row 6: the contributor install. `npm ci` of the project's package.json and lockfile in an empty folder, as a
 * contributor's first step (npm's own cache as it is on this machine): wall time, size of node_modules, engine
 * warnings on this Node (the version `engines` and the CI recipe name), then a plain `npm install` must leave
 * the lockfile byte for byte as it was. --quick runs it once, like the full run (one install is the figure).
 */
import { copyFileSync, readFileSync, readdirSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { runChecked } from "./proc.ts";
import { type Row, judge } from "./table.ts";
import { tempDir } from "./tmp.ts";
import type { Settings } from "./settings.ts";

const TARGET_SECONDS = 45;
const TARGET_MB = 300;

export async function installRows(settings: Settings): Promise<Row[]> {
  const dir = tempDir("install");
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(settings.root, file), join(dir, file));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const ci = await runChecked(npm, ["ci", "--no-audit", "--no-fund"], { cwd: dir, memory: true });
  const { bytes, files } = treeSize(join(dir, "node_modules"));
  const engine = [...(ci.stdout + ci.stderr).matchAll(/EBADENGINE|Unsupported engine/g)].length;
  const lockBefore = readFileSync(join(dir, "package-lock.json"), "utf8");
  await runChecked(npm, ["install", "--no-audit", "--no-fund"], { cwd: dir });
  const lockUnchanged = readFileSync(join(dir, "package-lock.json"), "utf8") === lockBefore;
  const seconds = ci.ms / 1000;
  const mb = bytes / 1024 / 1024;
  const node = `node ${process.version}`;
  return [
    {
      id: "6a",
      what: "npm ci in an empty folder: wall",
      ours: `${seconds.toFixed(1)} s`,
      anchor: `${TARGET_SECONDS} s`,
      ratio: seconds / TARGET_SECONDS,
      target: `≤ ${TARGET_SECONDS} s`,
      verdict: judge(seconds, "<=", TARGET_SECONDS),
      note:
        `${files} files; npm's cache as it is on this machine; ${node}` +
        (seconds > TARGET_SECONDS
          ? `; CPU ${(ci.cpuS ?? 0).toFixed(1)} s: npm unpacks ${files} files on 2 shared cores; fewer packages ` +
            "(each devDependency's tree is in the lockfile) or idle cores would make it pass"
          : ""),
      figures: { seconds, files, cpuSeconds: ci.cpuS },
    },
    {
      id: "6b",
      what: "npm ci: size of node_modules",
      ours: `${mb.toFixed(0)} MB`,
      anchor: `${TARGET_MB} MB`,
      ratio: mb / TARGET_MB,
      target: `≤ ${TARGET_MB} MB`,
      verdict: judge(mb, "<=", TARGET_MB),
      note: "apparent size of every file (du --apparent-size), symlinks not followed",
      figures: { bytes, files },
    },
    {
      id: "6c",
      what: "npm ci: engine warnings, then npm install: lockfile unchanged",
      ours: `${engine} warnings; lock ${lockUnchanged ? "unchanged" : "rewritten"}`,
      anchor: "—",
      ratio: undefined,
      target: "0; unchanged",
      verdict: engine === 0 && lockUnchanged ? "PASS" : "MISS",
      note: `${node}, the version package.json's engines (>=20) and the CI recipe (node-version: 20) name`,
      figures: { engineWarnings: engine, lockUnchanged },
    },
  ];
}

function treeSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) visit(path);
      else {
        bytes += stat.size;
        files++;
      }
    }
  };
  visit(dir);
  return { bytes, files };
}
