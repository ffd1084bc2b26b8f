import { defineConfig } from "tsup";

/**
 * JavaScript only (ESM + CJS); declarations come from tsc (scripts/build-types.ts), one file per module,
 * so every entry shares one copy of the generated types instead of each bundling its own.
 */
const shared = {
  format: ["esm", "cjs"] as ("esm" | "cjs")[],
  target: "es2022",
  sourcemap: true,
  dts: false,
  splitting: true,
  treeshake: true,
  outDir: "dist",
};

export default defineConfig([
  // WHATWG-only entries: Node 20+, Deno, Bun, edge runtimes, browsers.
  { ...shared, entry: { index: "src/index.ts", generated: "generated/index.ts" }, platform: "neutral", clean: true },
  // Node-only entries: the sandbox and the webhook adapter for node:http.
  { ...shared, entry: { testing: "src/testing/index.ts", node: "src/webhooks-node.ts" }, platform: "node" },
]);
