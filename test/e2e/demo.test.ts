import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

test("npm run demo: the whole workflow against a sandbox, exit 0, nothing beyond loopback", async () => {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/demo.ts"], {
    env: { ...process.env, BUDGEA_DOMAIN: "", BUDGEA_TOKEN: "" },
    timeout: 60_000,
  });
  for (const line of [
    /1\. A new user/,
    /the bank asks: .* the demo answers 123456/,
    /connected: connection #\d+/,
    /\d+ accounts activated/,
    /permanent token for user #\d+/,
    /8000 transactions read/,
    /\n {3}CONNECTION_SYNCED: 1 connection\(s\), delivery #\d+\n\n8\. Incremental sync/, // step 7's one delivery
    /first run: 80\d\d changes in \d+ requests \(everything\)/,
    /second run, \d+ upserts \+ 1 deletes in 2 requests/, // only the changes: connections, one page of transactions
    /Compte chèque\s+checking\s+-?\d+\.\d\d €/,
    /transactions per month/,
  ]) {
    expect(stdout).toMatch(line);
  }
  // README shows what the demo prints: each of its lines (but the elisions and the time taken), in order
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("```text\n3. A connection");
  const shown = readme.slice(start + 8, readme.indexOf("```", start + 8)).split("\n");
  const printed = stdout.split("\n").map((l) => l.split("\r").pop()!.trimEnd()); // progress lines rewrite themselves
  let at = 0;
  for (const line of shown.filter((l) => l && l !== "…" && !l.startsWith("done in"))) {
    const found = printed.findIndex((p, i) => i >= at && p === line);
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
  }
}, 60_000);
