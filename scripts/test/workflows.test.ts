// The GitHub workflows: each valid against the workflow schema (action-validator),
// CI running exactly the README's two commands on Node 22 and 24, and the
// release publishing through changesets with npm provenance.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot, run } from "./helpers";

const folder = path.join(repoRoot, ".github/workflows");
const validate = (file: string) => run(path.join(repoRoot, "node_modules/.bin/action-validator"), [file]);
const workflow = (name: string) => parse(readFileSync(path.join(folder, name), "utf8"));
const commands = (job: { steps: { run?: string }[] }) => job.steps.flatMap((step) => (step.run ? [step.run] : []));

/** The README's two commands, from its "On a fresh machine" block. */
function readmeCommands(): string[] {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const block = readme.slice(readme.indexOf("## On a fresh machine")).match(/```sh\n([\s\S]*?)```/)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
}

describe("GitHub workflows", () => {
  it.each(readdirSync(folder))("%s is a valid workflow", (file) => {
    const result = validate(path.join(folder, file));
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("the validator refuses a broken workflow (a step's `with` that is not a map)", () => {
    const broken = path.join(tmpdir(), "syncline-broken-workflow.yml");
    writeFileSync(broken, "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with: 3\n");
    expect(validate(broken).code).not.toBe(0);
  });

  it("CI runs the README's two commands on Node 22 and 24", () => {
    expect(readmeCommands()).toEqual(["npm ci && npm run build", "npm test"]);
    const { jobs } = workflow("ci.yml");
    expect(jobs.test.strategy.matrix.node).toEqual([22, 24]);
    expect(commands(jobs.test).filter((command) => !command.startsWith("npm install --global"))).toEqual(readmeCommands());
  });

  it("CI and the release run the end-to-end tests npm test leaves out: the release on a local registry, add-api, the dev loop", () => {
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).scripts;
    expect(scripts["test:e2e"]).toBe("vitest run --project e2e");
    // npm test's vitest run names its projects: the e2e project is not one of them.
    expect(scripts["test:scripts"]).toMatch(/--project scripts /);
    expect(scripts["test:generator"]).toMatch(/--project generator /);
    for (const task of ["test:scripts", "test:generator"]) expect(scripts[task]).not.toMatch(/--project (e2e|docs)/);
    expect(scripts.test).toMatch(/ test:scripts test:generator /);
    const ci = workflow("ci.yml").jobs.e2e;
    expect(commands(ci).filter((command) => !command.startsWith("npm install --global"))).toEqual([readmeCommands()[0], "npm run test:e2e"]);
    // Before publishing: after npm test, before changesets' action.
    const steps = workflow("release.yml").jobs.release.steps.map((step: { run?: string; uses?: string }) => step.run ?? step.uses);
    const at = (step: string) => steps.findIndex((s: string) => s.startsWith(step));
    expect(at("npm test")).toBeGreaterThan(-1);
    expect(at("npm run test:e2e")).toBe(at("npm test") + 1);
    expect(at("changesets/action@")).toBeGreaterThan(at("npm run test:e2e"));
  });

  it("the release opens the version pull request or publishes, with npm provenance, after the same checks", () => {
    const { jobs } = workflow("release.yml");
    const release = jobs.release;
    expect(release.permissions["id-token"]).toBe("write");
    expect(commands(release)).toEqual(expect.arrayContaining(readmeCommands()));
    const changesets = release.steps.find((step: { uses?: string }) => step.uses?.startsWith("changesets/action@"));
    expect(changesets.with).toMatchObject({ version: "npm run version-packages", publish: "npm run release" });
    expect(changesets.env.NPM_CONFIG_PROVENANCE).toBe("true");
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).scripts;
    expect(scripts["version-packages"]).toMatch(/^changeset version/);
    expect(scripts.release).toMatch(/changeset publish$/);
  });

  it("a publish deploys the documentation site to GitHub Pages, once it passed the browser test", () => {
    const { jobs } = workflow("release.yml");
    const changesets = jobs.release.steps.find((step: { uses?: string }) => step.uses?.startsWith("changesets/action@"));
    expect(jobs.release.outputs.published).toBe(`\${{ steps.${changesets.id}.outputs.published }}`);
    const docs = jobs.docs;
    expect(docs.needs).toBe("release");
    expect(docs.if).toBe("needs.release.outputs.published == 'true'");
    expect(docs.permissions).toMatchObject({ pages: "write", "id-token": "write" });
    // The README's commands, then the site built and loaded page by page in Chromium, then deployed.
    expect(commands(docs)).toEqual(expect.arrayContaining([...readmeCommands().slice(0, 1), "npm run test:docs"]));
    const uses = docs.steps.map((step: { uses?: string }) => step.uses?.replace(/@.*/, "")).filter(Boolean);
    expect(uses.slice(-2)).toEqual(["actions/upload-pages-artifact", "actions/deploy-pages"]);
    expect(docs.steps.find((step: { uses?: string }) => step.uses?.startsWith("actions/upload-pages-artifact")).with.path).toBe("site");
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).scripts;
    expect(scripts["test:docs"]).toMatch(/^npm run docs && /);
  });
});
