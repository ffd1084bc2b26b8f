/** @jest-config-loader esbuild-register */
import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.(t|j)s$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  // Sources import each other with `.js` specifiers (NodeNext); jest resolves the `.ts` file.
  moduleNameMapper: {
    "^(\\.{1,2}/.*)\\.js$": "$1",
    // README snippets import the package by name (docs/snippets/sqlite-store.ts is used by the sync tests)
    "^budgea$": "<rootDir>/src/index.ts",
    "^budgea/queue$": "<rootDir>/src/queue/index.ts",
  },
  transformIgnorePatterns: ["/node_modules/(?!(openapi-fetch|openapi-typescript-helpers)/)"],
  testTimeout: 20_000,
};

export default config;
