/**
 * A copy of the project in a temp folder, as a user's checkout: what `generate`, `build` and the CI recipe
 * read and write (package.json, spec/, scripts/, src/, generated/, the build configs), `../shared` beside it
 * (the known releases) and a node_modules of links to ours (its own `.cache`, so nothing leaks back).
 * Commands run there exactly as a user types them.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { projectRoot } from "../../../scripts/lib/spec-source.js";

const COPIED = [
  ...["package.json", "tsconfig.json", "tsconfig.build.json", "tsup.config.ts", ".gitignore"],
  ...["scripts", "spec", "src", "generated", ".github"],
];

export interface ProjectCopy {
  root: string;
  /** Sets package.json's `budgea.spec` (the one place that names the spec). */
  configure(spec: string): void;
  /** Runs a shell command there; never rejects. */
  sh(command: string, env?: NodeJS.ProcessEnv): Promise<Run>;
  /** sha256 of every file under a folder of the copy, by relative path (`{}` when absent). */
  snapshot(dir: string): Record<string, string>;
  remove(): void;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A copy committed to a fresh git repository (the CI recipe asks git whether generated/ changed). */
export function copyProject(): ProjectCopy {
  const source = projectRoot();
  const base = mkdtempSync(join(tmpdir(), "budgea-project-"));
  const root = join(base, "project");
  mkdirSync(root);
  symlinkSync(join(source, "..", "shared"), join(base, "shared"), "dir");
  for (const name of COPIED) cpSync(join(source, name), join(root, name), { recursive: true });
  mkdirSync(join(root, "node_modules"));
  for (const name of readdirSync(join(source, "node_modules"))) {
    if (name !== ".cache") symlinkSync(join(source, "node_modules", name), join(root, "node_modules", name));
  }
  startFromRelease(root);
  execFileSync("git", ["init", "-q"], { cwd: root });
  execFileSync("git", ["add", "-A"], { cwd: root });
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-qm", "base"], {
    cwd: root,
  });
  return {
    root,
    configure(spec) {
      const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
      manifest.budgea = { ...manifest.budgea, spec };
      writeFileSync(join(root, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
    },
    sh(command, env = {}) {
      return new Promise((resolve) => {
        execFile(
          "bash",
          ["-c", command],
          { cwd: root, env: { ...process.env, ...env }, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
        );
      });
    },
    snapshot(dir) {
      const out: Record<string, string> = {};
      const top = join(root, dir);
      const visit = (d: string) => {
        for (const name of readdirSync(d)) {
          const path = join(d, name);
          if (statSync(path).isDirectory()) visit(path);
          else out[relative(top, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
        }
      };
      try {
        visit(top);
      } catch {
        return {};
      }
      return out;
    },
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * The fixtures are edits of the 2020 release: the copy starts configured to it, with generated/ built from it,
 * whatever spec the checkout it comes from is configured to (a user who regenerated from their domain's spec).
 */
function startFromRelease(root: string): void {
  const release = RELEASE_SPEC;
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const header = readFileSync(join(root, "generated", "list-keys.ts"), "utf8").slice(0, 300);
  if (manifest.budgea?.spec === release && header.includes(RELEASE_SHA_PREFIX)) return;
  manifest.budgea = { ...manifest.budgea, spec: release };
  writeFileSync(join(root, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  execFileSync(process.execPath, ["--import", "tsx", "scripts/generate.ts"], { cwd: root, stdio: "pipe" });
}

const RELEASE_SPEC = "../shared/spec/budgea-2020-02-07.swagger.json";
const RELEASE_SHA_PREFIX = "sha256 e8de92de2968";
