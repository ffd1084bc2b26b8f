/**
 * README's models section: its example runs (against the sandbox in today's shapes) and prints what it says,
 * and its date table lists, model by model, exactly the date-times the overlay marks, in the right family.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Doc } from "../../scripts/lib/oas.js";
import { built } from "../spec/support/document.js";

let doc: Doc;
beforeAll(async () => {
  ({ doc } = await built());
});

test("docs/snippets/models.ts runs: a card without balance is said so, a summary_card is read with both date families", () => {
  const output = execFileSync(process.execPath, ["--import", "tsx", "docs/snippets/models.ts"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(output).toMatch(/^Carte Visa Premier \(card\): no balance$/m);
  expect(output).toMatch(/^Compte chèque \(current account\): \d+\.\d\d$/m);
  expect(output).toMatch(
    /^card debit -\d+(\.\d+)? on \d{4}-\d\d-\d\d, paid \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z, seen /m,
  );
});

test("README's date table is the overlay's marks, model by model", () => {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("| model | Paris time");
  const table = readme.slice(start, readme.indexOf("\n\n", start));
  const rows = table.split("\n").slice(2);
  expect(rows.length).toBeGreaterThan(5);
  const names = (cell: string) => [...cell.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort();
  for (const row of rows) {
    const [, model, paris, utc] = row.split("|").map((cell) => cell.trim());
    const name = model!.replace(/`/g, "");
    const props = Object.entries<Record<string, unknown>>(doc.components.schemas[name]!.properties);
    const marked = (family: string) =>
      props
        .filter(([, p]) => p["x-budgea-datetime"] === family)
        .map(([k]) => k)
        .sort();
    expect([name, names(paris!), names(utc!)]).toEqual([name, marked("naive-europe-paris"), marked("naive-utc")]);
  }
});
