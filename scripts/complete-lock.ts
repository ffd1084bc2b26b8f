/**
 * npm run lock:complete — run after `npm install` changes package-lock.json.
 *
 * The registry this project installs from serves only this platform's prebuilt binaries (@swc/core,
 * rollup, unrs-resolver publish one optional package per OS/CPU), so npm writes a lock without the other
 * platforms' entries, and `npm ci` then refuses it as out of sync with package.json. This adds each missing
 * optional platform package as a bare optional entry (name and version, no download address): `npm ci`
 * accepts the lock and skips what this platform does not need, exactly as it would with a full lock.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "./lib/cli.ts";

parseArgs(process.argv.slice(2), {
  usage: `npm run lock:complete

After \`npm install\` changed package-lock.json: records the other platforms' optional binaries as npm would
(with their os/cpu/libc), so \`npm ci\` accepts the lock everywhere and installs only this platform's.`,
});

interface Entry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, Entry> };
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `${path.slice(0, path.lastIndexOf("node_modules/") + "node_modules/".length)}${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[where] || lock.packages[hoisted]) continue;
    lock.packages[hoisted] = { version: version.replace(/^[\^~=]/, ""), ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: ${added} optional platform package(s) added`);
