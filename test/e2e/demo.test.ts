import { execFile } from "node:child_process";
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
    /CONNECTION_SYNCED: 1 connection\(s\)/,
    /Compte chèque\s+checking\s+-?\d+\.\d\d €/,
    /transactions per month/,
  ]) {
    expect(stdout).toMatch(line);
  }
}, 60_000);
