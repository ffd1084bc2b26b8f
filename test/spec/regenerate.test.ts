/**
 * Regenerating after a spec update, end to end, as a user does it in a checkout of the project: point
 * package.json's `budgea.spec` at the new spec, run `npm run generate` (or the CI recipe's steps), read the
 * report, build. Specs: an update that grows and shrinks the API, one where upstream fixed defects we patch,
 * one where a fix's target is gone, one that conflicts with a fix, one that retypes a field the sandbox writes.
 * Two project copies work in parallel; each case's commands run in order within its copy.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ProjectCopy, type Run, copyProject } from "./support/project-copy.js";
import { PAYEES_PATH, writeFixture } from "./support/fixtures.js";
import { type JobResult, pullRequestBody, runJob } from "./support/workflow.js";

let updated: ProjectCopy;
let other: ProjectCopy;
const generatedAtStart: Record<string, string> = {};
const results: Record<string, Run> = {};
const snapshots: Record<string, Record<string, string>> = {};
let prJob: JobResult;
let breakingJob: JobResult;
let consumer: Run;
let endpointsAfterUpdate: string;

/** The grown + shrunk update through the CI recipe, a consumer of the new list, then a retyped field. */
async function updatedFlow(p: ProjectCopy): Promise<void> {
  p.configure(writeFixture(p.root, "updated"));
  prJob = await runJob(p, { MODE: "pr", FAIL_ON_BREAKING: "false" });
  endpointsAfterUpdate = readFileSync(join(p.root, "generated", "endpoints.ts"), "utf8");
  writeFileSync(join(p.root, "consumer.ts"), CONSUMER);
  consumer = await p.sh(`node node_modules/typescript/bin/tsc --noEmit ${CONSUMER_OPTIONS} consumer.ts`);
  snapshots.distBefore = p.snapshot("dist");
  p.configure(writeFixture(p.root, "wordingAsNumber"));
  results.retyped = await p.sh("npm run --silent generate");
  results.retypedBuild = await p.sh("npm run --silent build");
  snapshots.distAfter = p.snapshot("dist");
}

/** Failures first (each must leave generated/ as it was), then the cases that write. */
async function otherFlow(p: ProjectCopy): Promise<void> {
  Object.assign(generatedAtStart, p.snapshot("generated"));
  p.configure(writeFixture(p.root, "upstreamFixed"));
  results.fixedStrict = await p.sh("npm run --silent generate -- --strict");
  snapshots.afterStrict = p.snapshot("generated");
  p.configure(writeFixture(p.root, "conflicting"));
  results.conflict = await p.sh("npm run --silent generate");
  snapshots.afterConflict = p.snapshot("generated");
  p.configure(writeFixture(p.root, "shrunk"));
  breakingJob = await runJob(p, { MODE: "pr", FAIL_ON_BREAKING: "true" });
  snapshots.afterBreaking = p.snapshot("generated");
  results.oneOff = await p.sh(`npm run --silent generate -- --spec ${writeFixture(p.root, "grown")}`);
  p.configure(writeFixture(p.root, "targetGone"));
  results.targetGone = await p.sh("npm run --silent generate");
  p.configure(writeFixture(p.root, "upstreamFixed"));
  results.fixed = await p.sh("npm run --silent generate");
  snapshots.afterFixed = p.snapshot("generated");
  // A fresh clone in CI: generated/ comes from that domain spec, and no cache holds it to compare with.
  await p.sh("rm -rf node_modules/.cache/budgea/specs");
  p.configure(writeFixture(p.root, "shrunk"));
  results.noBaseline = await p.sh("npm run --silent generate -- --fail-on-breaking");
  snapshots.afterNoBaseline = p.snapshot("generated");
}

beforeAll(async () => {
  updated = copyProject();
  other = copyProject();
  await Promise.all([updatedFlow(updated), otherFlow(other)]);
}, 600_000);

afterAll(() => {
  updated?.remove();
  other?.remove();
});

const CONSUMER_OPTIONS =
  "--strict --target es2022 --module nodenext --moduleResolution nodenext --lib es2022,dom --types node " +
  "--skipLibCheck --allowImportingTsExtensions";

/** A user's code over the new list: its items are typed from the inline schema (not `unknown`). */
const CONSUMER = `import { Budgea } from "./src/index.ts";
const user = new Budgea({ domain: "demo", token: "t" });
export async function labels(): Promise<string[]> {
  const out: string[] = [];
  for await (const payee of user.paginate("${PAYEES_PATH}", { params: { path: { id_user: "me" } } })) {
    const id: number = payee.id;
    out.push(payee.label, String(id), payee.iban ?? "");
    // @ts-expect-error not in the item schema
    payee.nope;
  }
  return out;
}
`;

describe("the CI recipe on an update that adds a list and removes Transaction.wording", () => {
  test("every step but npm ci runs and succeeds; the pull request carries the report", () => {
    expect(prJob.steps.map((s) => [s.step, s.outcome])).toEqual([
      ["actions/checkout@v4", "action"],
      ["actions/setup-node@v4", "action"],
      ["npm ci", "skipped"],
      ["Restore the specs generated/ was built from", "action"],
      ["Regenerate generated/ from the configured spec", "success"],
      ["Build the regenerated client (type check included)", "success"],
      ["Did generated/ change?", "success"],
      ["Fail because generated/ is stale", "skipped"],
      ["Open or update a pull request", "action"],
      ["Keep the specs for the next run", "action"],
    ]);
    expect(prJob.outputs.changes).toEqual({ changed: "true" });
    const body = pullRequestBody(prJob)!;
    expect(body).toContain("# Regenerated `generated/` from updated.swagger.json");
    expect(body).toContain("**1 breaking change** for users of the client");
    expect(body).toContain(`- non-breaking: \`GET ${PAYEES_PATH}\` (listUserPayees)`);
    expect(body).toContain("- **breaking**: property `wording` removed (was string)");
    expect(prJob.summary).toBe(body);
  });

  test("generate prints what changed, against the spec generated/ was built from", () => {
    const generate = prJob.steps.find((s) => s.step.startsWith("Regenerate"))!;
    expect(generate.stdout).toMatch(/^generated .* from updated\.swagger\.json: 444 operations, /m);
    expect(generate.stdout).toContain(
      "changes since budgea-2020-02-07.swagger.json: 1 operation added, 0 removed, 0 changed, 1 schema group " +
        "changed; 1 breaking change\n" +
        `  + GET ${PAYEES_PATH} (listUserPayees)\n` +
        "  ! breaking: Transaction (output): property `wording` removed (was string)\n" +
        "next: `npm run typecheck` names every place that used what broke",
    );
  });

  test("the new list's items are typed for paginate, from its inline schema", () => {
    expect(endpointsAfterUpdate).toContain(
      `"${PAYEES_PATH}": NonNullable<operations["listUserPayees"]["responses"][200]["content"]["application/json"]["payees"]>[number];`,
    );
    expect([consumer.code, consumer.stdout]).toEqual([0, ""]);
  });
});

describe("a spec that retypes a field the sandbox writes", () => {
  test("the build fails naming the field and the file, and leaves dist/ as it was", () => {
    expect(results.retyped!.code).toBe(0);
    expect(results.retypedBuild!.code).toBe(1);
    expect(results.retypedBuild!.stderr).toMatch(/src\/testing\/models\.ts\(\d+,\d+\): error TS2344: Type '"wording"'/);
    expect(results.retypedBuild!.stderr).toContain("dist/ left as it was");
    expect(results.retypedBuild!.stderr).toContain("see src/testing/models.ts");
    expect(Object.keys(snapshots.distBefore!)).toContain("index.js");
    expect(snapshots.distAfter).toEqual(snapshots.distBefore);
  });
});

describe("specs that moved on under the overlay", () => {
  test("upstream fixed two defects we patch: --strict fails, naming them, and writes nothing", () => {
    const { code, stderr } = results.fixedStrict!;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^warning: fix "auth-renew" \(spec\/overlay\.ts:\d+\): fixed upstream — remove me\./m);
    expect(stderr).toMatch(/^warning: fix "connector-category-name-default" \(spec\/overlay\.ts:\d+\): fixed upstream — remove me\./m);
    expect(stderr).toMatch(/^error: --strict: 2 warnings above; nothing written$/m);
    expect(snapshots.afterStrict).toEqual(generatedAtStart);
  });

  test("without --strict it warns, generates, and the report shows the API is otherwise the same", () => {
    const { code, stdout, stderr } = results.fixed!;
    expect(code).toBe(0);
    expect(stderr.match(/^warning: fix "[^"]+"/gm)).toEqual([
      'warning: fix "connector-category-name-default"',
      'warning: fix "auth-renew"',
    ]);
    expect(stdout).toMatch(/^generated .* 53 of 55 fixes applied .* 2 warning\(s\)/m);
    expect(snapshots.afterFixed).not.toEqual(generatedAtStart);
  });

  test("a fix whose target is gone warns with its evidence, and generation goes on", () => {
    const { code, stderr, stdout } = results.targetGone!;
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: fix "webauth-query" \(spec\/overlay\.ts:\d+\): its target is gone from this spec; nothing changed\. Defect: .* Evidence: The route is "the first step/m);
    expect(stdout).toContain("  - GET /webauth (getWebauth) — breaking");
  });

  test("a conflict is an error naming the fix, the place, both shapes and what to do; nothing written", () => {
    const { code, stderr } = results.conflict!;
    expect(code).toBe(1);
    expect(stderr.split("\n").slice(0, 4)).toEqual([
      "error: the overlay cannot be applied to this spec:",
      expect.stringMatching(/^fix "connection-state" \(spec\/overlay\.ts:\d+\) conflicts with the spec \(nothing generated\):$/),
      '  at #/components/schemas/Connection/properties/state: the spec says {"type":"integer"}; the fix writes {"$ref":"#/components/schemas/ConnectionState"}',
      expect.stringMatching(/^ {2}resolve: A state the fix does not know/),
    ]);
    expect(snapshots.afterConflict).toEqual(generatedAtStart);
  });

  test("--spec into generated/ that is not the configured spec is refused, saying where to configure it", () => {
    expect(results.oneOff!.code).toBe(1);
    expect(results.oneOff!.stderr).toMatch(
      /^error: generated\/ follows the configured spec, and --spec .*grown\.swagger\.json is another one: set package\.json "budgea\.spec" to it/,
    );
  });
});

describe("--fail-on-breaking when generated/ was built from a spec nothing holds any more", () => {
  test("fails rather than let an unseen breaking change through; generated/ untouched", () => {
    const { code, stdout, stderr } = results.noBaseline!;
    expect(code).toBe(1);
    expect(stdout).toMatch(/neither a known release nor in the local cache; pass --baseline/);
    expect(stderr).toMatch(/^error: --fail-on-breaking: cannot tell what breaks \(nothing to compare with\); generated\/ left as it was$/m);
    expect(snapshots.afterNoBaseline).toEqual(snapshots.afterFixed);
  });
});

describe("the CI recipe with BUDGEA_FAIL_ON_BREAKING on a spec that removes a field", () => {
  test("the run fails at generate, with the report in the job summary and generated/ untouched", () => {
    expect(breakingJob.failed).toBe(true);
    const generate = breakingJob.steps.find((s) => s.step.startsWith("Regenerate"))!;
    expect(generate.outcome).toBe("failure");
    expect(generate.stderr).toMatch(/^error: --fail-on-breaking: 1 breaking change\(s\); generated\/ left as it was$/m);
    expect(breakingJob.steps.filter((s) => s.outcome === "success")).toEqual([]);
    expect(breakingJob.steps.find((s) => s.step.startsWith("Open"))!.outcome).toBe("skipped");
    expect(breakingJob.summary).toContain("- **breaking**: property `wording` removed (was string)");
    expect(snapshots.afterBreaking).toEqual(generatedAtStart);
  });
});
