/**
 * `npm run test:package`: the published package, end to end. Built and packed once for the file, installed
 * offline into an empty project, then used the two ways users use it (ESM `import`, CJS `require`), every
 * entry, a real workflow against the sandbox from `budgea/testing`, types checked from the tarball.
 * Separate from `npm test` because the build and pack take most of a minute.
 */
import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { bundleForBrowser } from "./helpers/browser-bundle.js";
import { CONSUMERS, copyConsumers, runConsumer, typecheck } from "./helpers/consumer.js";
import { moduleGraph } from "./helpers/module-graph.js";
import { type InstalledPackage, packAndInstall } from "./helpers/tarball.js";

jest.setTimeout(60_000);

let pkg: InstalledPackage;

beforeAll(() => {
  pkg = packAndInstall();
  copyConsumers(pkg.app);
}, 240_000);

afterAll(() => {
  if (pkg) rmSync(pkg.dir, { recursive: true, force: true });
});

const dist = () => join(pkg.app, "node_modules", "budgea", "dist");

describe("the tarball", () => {
  test("holds the built entries, their declarations and source maps, the docs and the licence; no sources or tests", () => {
    const outside = pkg.files.filter((f) => !f.startsWith("dist/"));
    expect(outside.sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json", "src/testing/README.md"]);
    for (const entry of ["index", "generated", "testing", "node", "queue"])
      expect(pkg.files).toEqual(expect.arrayContaining([`dist/${entry}.js`, `dist/${entry}.cjs`]));
    expect(pkg.files).toEqual(
      expect.arrayContaining([
        "dist/types/src/index.d.ts",
        "dist/types/src/index.d.cts",
        "dist/types/generated/schema.d.ts",
      ]),
    );
    expect(pkg.files.filter((f) => /\.test\.|(?<!\.d)\.c?ts$/.test(f))).toEqual([]);
  });

  test("every script it ships names a source map it also ships, with the sources inside (readable stack traces)", () => {
    const scripts = pkg.files.filter((f) => /^dist\/[^/]+\.c?js$/.test(f));
    expect(scripts.length).toBeGreaterThan(8);
    for (const file of scripts) {
      expect(readFileSync(join(dist(), "..", file), "utf8")).toContain(`//# sourceMappingURL=${basename(file)}.map`);
      expect(pkg.files).toContain(`${file}.map`);
      const map = JSON.parse(readFileSync(join(dist(), "..", `${file}.map`), "utf8")) as {
        sources: string[];
        sourcesContent?: string[];
      };
      expect(map.sourcesContent ?? []).toHaveLength(map.sources.length); // a re-export-only entry maps nothing
      expect(map.sources.filter((source) => source.startsWith("/"))).toEqual([]); // no build machine's paths
      // Inside the package, as the sources were beside dist/: `../src/…` (stack traces name package/src/…)
      expect(map.sources.filter((source) => !/^\.\.\/(src|generated|node_modules)\//.test(source))).toEqual([]);
    }
  });

  test("installs offline into an empty project", () => {
    // "npm" when npm's cache has openapi-fetch (after `npm ci`); "unpack" otherwise.
    expect(["npm", "unpack"]).toContain(pkg.installedBy);
  });
});

describe.each([
  ["ESM import", "consumer.mjs", "esm"],
  ["CJS require", "consumer.cjs", "cjs"],
])("%s of every entry", (_name, file, module) => {
  test("runs a real workflow against budgea/testing's sandbox", () => {
    expect(runConsumer(pkg.app, file)).toEqual({
      module,
      version: "0.1.0",
      banks: 12,
      otpBank: "OTP Bank",
      asked: ["sms"],
      status: "connected",
      operations: expect.any(Number),
      webhookVerified: true,
      // budgea/node throws the very classes budgea exports (one shared chunk, not a copy).
      sharedErrorClasses: true,
    });
  });
});

test("the ESM and CJS builds loaded side by side: errors of one are instanceof the other's classes", () => {
  expect(runConsumer(pkg.app, "dual-package.mjs")).toEqual({
    twoCopies: true,
    wrongpass: [true, true, true, true, false, false],
    option: [true, true, false],
    name: "WrongPassError",
    foreign: false,
  });
});

describe("types from the tarball (tsc 5.9, checkJs, skipLibCheck false)", () => {
  test("ESM and CJS consumers type-check, each against its own declarations (.d.ts / .d.cts)", () => {
    expect(typecheck(pkg.app, "node-dom", ["consumer.mjs", "consumer.cjs"], { node: true, dom: true })).toBe("");
  });

  test("a Node-only project (lib es2022 + @types/node, no dom) type-checks too", () => {
    expect(typecheck(pkg.app, "node", ["consumer.mjs", "consumer.cjs"], { node: true, dom: false })).toBe("");
  });

  test("the main entry type-checks without @types/node (browsers, edge runtimes)", () => {
    expect(CONSUMERS).toContain("main-entry-only.mjs");
    expect(typecheck(pkg.app, "web", ["main-entry-only.mjs"], { node: false, dom: true })).toBe("");
  });
});

describe("the main entry uses only WHATWG APIs", () => {
  test.each(["index.js", "index.cjs", "generated.js", "generated.cjs"])(
    "%s loads only its own chunks and openapi-fetch: no node: import, nothing of testing or node",
    (entry) => {
      const graph = moduleGraph(join(dist(), entry));
      expect(graph.bare.filter((s) => s !== "openapi-fetch")).toEqual([]);
      expect(graph.files.filter((f) => !/^(index|generated|chunk-[\w-]+)\.c?js$/.test(f))).toEqual([]);
    },
  );

  test.each(["index.js", "generated.js"])("%s and its chunks use no Node global", (entry) => {
    for (const file of moduleGraph(join(dist(), entry)).files) {
      const code = readFileSync(join(dist(), file), "utf8");
      expect([file, code.match(/\bprocess\.|\bBuffer\b|\b__dirname\b|\b__filename\b|\brequire\(/)?.[0]]).toEqual([
        file,
        undefined,
      ]);
    }
  });

  test("bundles for a browser (esbuild, platform browser): nothing of testing or node comes along", async () => {
    const bundle = await bundleForBrowser(pkg.app, ["budgea", "budgea/generated"]);
    expect(bundle.errors).toEqual([]);
    expect(bundle.inputs.filter((f) => /dist\/(testing|node)\./.test(f))).toEqual([]);
    expect(bundle.inputs).toEqual(expect.arrayContaining(["node_modules/budgea/dist/index.js"]));
  });

  test("the Node-only entries do import Node built-ins (so the check above can fail)", () => {
    expect(moduleGraph(join(dist(), "testing.js")).bare).toEqual(expect.arrayContaining(["node:http"]));
    return bundleForBrowser(pkg.app, ["budgea/testing"]).then((b) => expect(b.errors.join("\n")).toMatch(/node:/));
  });
});
