/**
 * Runs the CI recipe (.github/workflows/regenerate.yml) in a project copy the way a runner would: each `run`
 * step's own commands in bash (-eo pipefail, as GitHub runs them) with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
 * RUNNER_TEMP, step `if:` conditions evaluated, the job stopped at the first failing step. Action steps
 * (`uses:`) are recorded with their resolved inputs, not run; `npm ci` is skipped (the copy has node_modules).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import type { ProjectCopy } from "./project-copy.js";
import { projectRoot } from "../../../scripts/lib/spec-source.js";

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}

export interface StepResult {
  step: string;
  outcome: "success" | "failure" | "skipped" | "action";
  code?: number;
  stdout?: string;
  stderr?: string;
  /** An action's inputs, `${{ … }}` resolved. */
  inputs?: Record<string, unknown>;
}

export interface JobResult {
  steps: StepResult[];
  outputs: Record<string, Record<string, string>>;
  summary: string;
  failed: boolean;
}

export function workflowSteps(): Step[] {
  const text = readFileSync(join(projectRoot(), ".github", "workflows", "regenerate.yml"), "utf8");
  const workflow = YAML.parse(text) as { jobs: Record<string, { steps: Step[] }> };
  return workflow.jobs.regenerate!.steps;
}

export async function runJob(copy: ProjectCopy, env: Record<string, string>): Promise<JobResult> {
  const temp = mkdtempSync(join(copy.root, "..", "runner-"));
  const summaryFile = join(temp, "summary.md");
  writeFileSync(summaryFile, "");
  const outputs: Record<string, Record<string, string>> = {};
  const results: StepResult[] = [];
  let failed = false;
  for (const [i, step] of workflowSteps().entries()) {
    const name = step.name ?? step.uses ?? step.run!.split("\n")[0]!;
    const condition = step.if ? evaluate(step.if, outputs, env) : true;
    if (failed || !condition || step.run?.trim() === "npm ci") {
      results.push({ step: name, outcome: "skipped" });
      continue;
    }
    if (step.uses) {
      results.push({ step: name, outcome: "action", inputs: resolveInputs(step.with ?? {}, outputs) });
      continue;
    }
    const outputFile = join(temp, `output-${i}`);
    writeFileSync(outputFile, "");
    const run = await copy.sh(`set -eo pipefail\n${step.run}`, {
      ...env,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    });
    if (step.id) outputs[step.id] = parseOutputs(readFileSync(outputFile, "utf8"));
    failed = run.code !== 0;
    results.push({ step: name, outcome: failed ? "failure" : "success", ...run });
  }
  return { steps: results, outputs, summary: readFileSync(summaryFile, "utf8"), failed };
}

/** `steps.<id>.outputs.<name> == 'v'` and `env.<NAME> == 'v'`, joined by `&&`: what the recipe uses. */
function evaluate(expression: string, outputs: JobResult["outputs"], env: Record<string, string>): boolean {
  return expression.split("&&").every((clause) => {
    const match = /^\s*(steps\.([\w-]+)\.outputs\.([\w-]+)|env\.(\w+))\s*==\s*'([^']*)'\s*$/.exec(clause);
    if (!match) throw new Error(`the test cannot evaluate the condition \`${clause.trim()}\`: extend workflow.ts`);
    const value = match[2] ? outputs[match[2]]?.[match[3]!] : env[match[4]!];
    return value === match[5];
  });
}

function resolveInputs(inputs: Record<string, unknown>, outputs: JobResult["outputs"]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [
      key,
      typeof value === "string"
        ? value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_, id, name) => outputs[id]?.[name] ?? "")
        : value,
    ]),
  );
}

function parseOutputs(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/** The body of the pull request the recipe would open, when it would open one. */
export function pullRequestBody(job: JobResult): string | undefined {
  const step = job.steps.find((s) => s.step === "Open or update a pull request");
  const path = step?.outcome === "action" ? String(step.inputs?.["body-path"] ?? "") : "";
  return path && existsSync(path) ? readFileSync(path, "utf8") : undefined;
}
