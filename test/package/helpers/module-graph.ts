/**
 * What a built entry really loads: its files (relative imports followed, ESM `import`/`export … from` and
 * CJS `require`) and the bare specifiers they ask for (packages and Node built-ins), read off the output.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

const SPECIFIERS = [
  /^\s*import\s+(?:[\w$*{},\s]+\s+from\s+)?["']([^"']+)["']/gm,
  /^\s*export\s+(?:[\w$*{},\s]+)\s+from\s+["']([^"']+)["']/gm,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\(\s*["']([^"']+)["']\s*\)/g,
];

export interface ModuleGraph {
  /** Files of the entry's graph, relative to `base`. */
  files: string[];
  /** Everything imported that is not a relative file: package names and built-ins (`node:http`). */
  bare: string[];
}

export function moduleGraph(entry: string, base = dirname(entry)): ModuleGraph {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const pattern of SPECIFIERS)
      for (const [, specifier] of text.matchAll(pattern)) {
        if (specifier!.startsWith(".")) visit(resolve(dirname(file), specifier!));
        else bare.add(specifier!);
      }
  };
  visit(resolve(entry));
  return { files: [...files].map((file) => relative(base, file)).sort(), bare: [...bare].sort() };
}
