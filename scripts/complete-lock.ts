/**
 * npm run lock:complete — checks that package-lock.json is the one npm itself writes, so that `npm ci`
 * accepts it everywhere, installs only this platform's prebuilt binaries, and a plain `npm install` leaves it
 * unchanged. Each optional platform package (@swc/core, rollup, unrs-resolver, esbuild publish one per
 * OS/CPU) must be recorded with its integrity and its `os`/`cpu`: an entry without them (as this script used
 * to add) makes `npm ci` download and unpack every platform's binary (604 MB instead of ~280).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "./lib/cli.ts";

parseArgs(process.argv.slice(2), {
  usage: `npm run lock:complete

Checks package-lock.json: every optional platform package recorded as npm records it (integrity, os/cpu).
When it is not: delete the incomplete entries it names, run \`npm install\`, and commit the lock npm writes.`,
});

interface Entry {
  version?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, Entry> };
const problems: string[] = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path || entry.link) continue;
  if (!entry.integrity) problems.push(`${path}: no integrity (not written by npm)`);
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    const found = lock.packages[nested] ?? lock.packages[`node_modules/${name}`];
    if (!found) problems.push(`${path}: its optional ${name} is not recorded`);
    else if (/-(darwin|linux|win32|android|freebsd|openbsd|sunos|aix)-/.test(name) && !found.os && !found.cpu) {
      problems.push(`${name}: recorded without os/cpu (npm ci would install it on every platform)`);
    }
  }
}
if (problems.length) {
  console.error(`package-lock.json is incomplete (${problems.length}):\n  ${problems.slice(0, 20).join("\n  ")}`);
  console.error("Delete those entries, run `npm install` and commit the lock npm writes.");
  process.exitCode = 1;
} else {
  console.log("package-lock.json: every package recorded as npm records it (integrity; os/cpu for platform binaries)");
}
