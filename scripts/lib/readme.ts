/** README snippet embedding: `<!-- snippet: docs/snippets/x.ts -->` followed by a ```ts block. */
const MARKER = /<!-- snippet: (\S+) -->\n```ts\n(?:(?!```)[^\n]*\n)*```/g;

export function embedSnippets(readme: string, read: (path: string) => string): string {
  return readme.replace(MARKER, (_all, path: string) => `<!-- snippet: ${path} -->\n\`\`\`ts\n${read(path).trimEnd()}\n\`\`\``);
}

export function snippetPaths(readme: string): string[] {
  return [...readme.matchAll(MARKER)].map((m) => m[1]!);
}
