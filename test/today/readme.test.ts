/**
 * README's models section: its example runs in test/snippets (against the sandbox in today's shapes), and
 * its date table lists, model by model, exactly the date-times the overlay marks, in the right family.
 */
import { readFileSync } from "node:fs";
import type { Doc } from "../../scripts/lib/oas.js";
import { built } from "../spec/support/document.js";

let doc: Doc;
beforeAll(async () => {
  ({ doc } = await built());
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
