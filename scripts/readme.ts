/**
 * npm run readme — copies each docs/snippets/*.ts into README.md where a `<!-- snippet: path -->` marker
 * stands before a ```ts block. The snippets are type-checked by `npm run typecheck`; test/readme.test.ts
 * fails when README.md and the snippets drift apart, so README examples cannot rot.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "./lib/cli.ts";
import { embedSnippets } from "./lib/readme.ts";

parseArgs(process.argv.slice(2), {
  usage: `npm run readme

Copies each docs/snippets/*.ts into README.md where a \`<!-- snippet: path -->\` marker stands before a ts block.`,
});
const readme = readFileSync("README.md", "utf8");
const updated = embedSnippets(readme, (path) => readFileSync(path, "utf8"));
if (updated !== readme) writeFileSync("README.md", updated);
console.log(updated === readme ? "README.md already up to date" : "README.md updated from docs/snippets");
