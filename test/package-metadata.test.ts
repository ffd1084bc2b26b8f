/**
 * What a user of the package notices before running it: where it lives, how to install it without the
 * registry, and that the docs README links to ship with it. (The tarball itself: `npm run test:package`.)
 */
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: { url: string };
  files: string[];
};
const readme = readFileSync("README.md", "utf8");

test("package.json says where the project lives: repository, homepage, bugs", () => {
  expect(pkg.repository).toEqual({
    type: "git",
    url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w-]+\/budgea\.git$/),
  });
  const web = pkg.repository!.url.replace(/^git\+/, "").replace(/\.git$/, "");
  expect(pkg.homepage).toBe(`${web}#readme`);
  expect(pkg.bugs).toEqual({ url: `${web}/issues` });
  expect(readme).toContain(`git clone ${web}.git`);
});

test("README installs from a clone as a tarball (the package is not on the registry), with commands that exist", () => {
  const install = readme.slice(
    readme.indexOf("## Using it"),
    readme.indexOf("<!-- snippet: docs/snippets/quickstart.ts -->"),
  );
  expect(install).toMatch(/npm ci && npm run build && npm pack/);
  expect(install).toMatch(/npm install \.\.\/budgea\/budgea-\d+\.\d+\.\d+\.tgz/);
  expect(install).not.toMatch(/^npm install budgea$/m);
  const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
  expect(install).toContain(`budgea-${version}.tgz`);
});

test("every local document README links to is in the package's files (or is repository-only tooling)", () => {
  const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)#]+)\)/g)].map((m) => m[1]!);
  expect(links).toContain("src/testing/README.md");
  const repositoryOnly = ["spec/README.md", ".github/workflows/regenerate.yml", "spec/"];
  for (const link of links.filter((l) => !repositoryOnly.includes(l))) {
    expect({ link, shipped: pkg.files.some((f) => link === f || link.startsWith(`${f}/`)) }).toEqual({
      link,
      shipped: true,
    });
  }
});

test("source maps ship with the build (the scripts name them)", () => {
  expect(pkg.files).toContain("dist");
  expect(pkg.files.filter((f) => f.startsWith("!"))).toEqual([]);
});
