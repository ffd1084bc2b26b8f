import { defineConfig } from "tsup";

/**
 * JavaScript only (ESM + CJS); declarations come from tsc (scripts/build.ts), one file per module,
 * so every entry shares one copy of the generated types instead of each bundling its own.
 *
 * One build for all four entries, so code they have in common (errors, webhooks) lands in shared chunks:
 * a `WebhookSignatureError` thrown by `budgea/node` is `instanceof` the one exported by `budgea`.
 * The platform is neutral (no Node resolution rules, no Node globals assumed); Node built-ins are left as
 * `node:` imports for `budgea/testing` and `budgea/node` only, which test/package checks stay out of the
 * main entry's files.
 */
export default defineConfig({
  entry: {
    index: "src/index.ts",
    generated: "generated/index.ts",
    testing: "src/testing/index.ts",
    node: "src/webhooks-node.ts",
    queue: "src/queue/index.ts",
  },
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  external: [/^node:/, "bullmq"], // budgea/queue's optional peer dependency
  removeNodeProtocol: false,
  sourcemap: true,
  dts: false,
  splitting: true,
  treeshake: true,
  clean: true,
  outDir: "dist",
});
