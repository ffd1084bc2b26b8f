import { readFileSync, readdirSync } from "node:fs";
import { embedSnippets, snippetPaths } from "../scripts/lib/readme.ts";

const readme = readFileSync("README.md", "utf8");

test("README starts with the newcomer's commands: npm install, npm run demo, npm test", () => {
  const firstBlock = readme.slice(readme.indexOf("```sh"), readme.indexOf("```", readme.indexOf("```sh") + 5));
  expect(firstBlock).toMatch(/npm install[\s\S]*npm run demo[\s\S]*npm test/);
});

test("every README example is a type-checked snippet, byte for byte (run `npm run readme` to sync)", () => {
  expect(embedSnippets(readme, (path) => readFileSync(path, "utf8"))).toBe(readme);
});

test("every snippet is shown in the README", () => {
  const shown = new Set(snippetPaths(readme));
  for (const file of readdirSync("docs/snippets")) expect(shown).toContain(`docs/snippets/${file}`);
});

test("README has no TypeScript example outside a snippet", () => {
  const blocks = readme.match(/```ts\n/g)?.length ?? 0;
  expect(blocks).toBe(snippetPaths(readme).length);
});

test("README's error table names every exported error class", async () => {
  const exported = await import("../src/index.js");
  const { BudgeaError } = exported;
  const classes = Object.entries(exported)
    .filter(([, value]) => typeof value === "function" && (value === BudgeaError || value.prototype instanceof BudgeaError))
    .map(([name]) => name);
  const table = readme.slice(readme.indexOf("| class | when |"), readme.indexOf("No token, password, client secret"));
  expect(classes.length).toBeGreaterThan(35);
  expect(classes.filter((name) => !table.includes(`\`${name}\``))).toEqual([]);
});
