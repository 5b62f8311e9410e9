#!/usr/bin/env node
// Release gate: every spec change (or generated-output change) since the base
// needs a pending changeset for its package that declares at least the bump
// the change requires: breaking -> major (minor below 1.0.0), additive -> minor,
// docs -> patch.
//   node scripts/check-release.mjs [--base REF]
// The base defaults to the merge-base with main (SYNCLINE_RELEASE_BASE overrides);
// uncommitted work counts as changed. On main itself there is nothing to compare.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import readChangesets from "@changesets/read";
import { generatedFiles, loadApis, repoRoot } from "./lib/apis.mjs";
import { bumpFor, classifySpecChange, evaluateRelease, higher } from "./lib/release-gate.mjs";

const { values } = parseArgs({ options: { base: { type: "string" } } });
const git = (...args) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();

const refExists = (ref) => {
  try {
    git("rev-parse", "--verify", "--quiet", ref);
    return true;
  } catch {
    return false;
  }
};
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script alone, never inside a turbo task
const baseRef = values.base ?? process.env.SYNCLINE_RELEASE_BASE ?? git("merge-base", "HEAD", refExists("origin/main") ? "origin/main" : "main");
const changedFiles = new Set(git("diff", "--name-only", baseRef).split("\n").filter(Boolean));
for (const file of git("ls-files", "--others", "--exclude-standard").split("\n").filter(Boolean)) changedFiles.add(file);

// The base's specs, as files, so cross-file $refs resolve as they did then.
const baseDir = mkdtempSync(path.join(tmpdir(), "syncline-release-base-"));
const required = {};
try {
  for (const file of git("ls-tree", "-r", "--name-only", baseRef, "--", "specs").split("\n").filter(Boolean)) {
    mkdirSync(path.dirname(path.join(baseDir, file)), { recursive: true });
    writeFileSync(path.join(baseDir, file), execFileSync("git", ["show", `${baseRef}:${file}`], { cwd: repoRoot }));
  }
  const specsChanged = [...changedFiles].some((file) => file.startsWith("specs/"));
  for (const api of loadApis()) {
    const name = `@syncline/${api.name}`;
    let need = { bump: "none", reason: "" };
    if (specsChanged) {
      const exists = git("ls-tree", "--name-only", baseRef, "--", api.root) !== "";
      if (!exists) need = { bump: "minor", reason: `new API ${api.root}` };
      else {
        const { bump, changes } = classifySpecChange(path.join(baseDir, api.root), path.join(repoRoot, api.root));
        const { version } = JSON.parse(readFileSync(path.join(repoRoot, api.output.split("/src/")[0], "package.json"), "utf8"));
        const breakingBelowOne = bump !== bumpFor(bump, version) ? ` (breaking, so a minor while ${name} is ${version})` : "";
        const first = changes.find((change) => change.startsWith(`${bump}:`)) ?? changes[0];
        if (bump !== "none") need = { bump: bumpFor(bump, version), reason: `${api.root}: ${changes.length} change(s)${breakingBelowOne}; first: ${first}` };
      }
    }
    if (need.bump === "none" && generatedFiles(api).some((file) => changedFiles.has(file))) {
      need = { bump: higher(need.bump, "patch"), reason: "generated output changed" };
    }
    required[name] = need;
  }
} finally {
  rmSync(baseDir, { recursive: true, force: true });
}

const declared = {};
for (const changeset of await readChangesets(repoRoot)) {
  for (const release of changeset.releases) declared[release.name] = higher(declared[release.name] ?? "none", release.type);
}

const results = evaluateRelease(required, declared);
console.log(`Release gate against ${baseRef.slice(0, 12)}:`);
if (results.length === 0) console.log("  no spec or generated-output changes need a release.");
for (const r of results) {
  console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.package.padEnd(20)} needs ${r.required.padEnd(5)} declared ${r.declared.padEnd(5)} ${r.reason}`);
}
const failures = results.filter((r) => !r.ok);
if (failures.length > 0) {
  console.error(`\n${failures.length} package(s) need a changeset with a bigger bump: run \`npm run changeset\` and pick at least the bump shown.`);
  process.exitCode = 1;
}
