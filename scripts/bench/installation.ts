/**
 * A user's project, once per run: package.json (ESM) and node_modules with "budgea" as published plus the
 * runtime packages the clients import. Row 3 puts its consumers in it; row 5 imports from it. The folder
 * exists at once; `ready` settles when the package is installed (callers can prepare in parallel).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { linkTool, publishedPackage } from "./published.ts";
import { tempDir } from "./tmp.ts";

export interface UserProject {
  dir: string;
  ready: Promise<void>;
}

let project: UserProject | undefined;

export function userProject(root: string): UserProject {
  if (!project) {
    const dir = tempDir("user-project");
    project = { dir, ready: install(root, dir) };
    project.ready.catch(() => undefined); // awaited by whoever needs it; not an unhandled rejection meanwhile
  }
  return project;
}

async function install(root: string, dir: string): Promise<void> {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await publishedPackage(root, dir);
  linkTool(root, dir, "@oazapfts/runtime");
}
