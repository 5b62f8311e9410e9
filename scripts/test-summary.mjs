#!/usr/bin/env node
// Adds up the per-project vitest JSON reports (written by each `test` task,
// restored by turbo on a cache hit) into one closing line for CI logs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./lib/apis.mjs";

// Every workspace in package.json ("packages/*" or a plain folder), plus the root.
const { workspaces } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const folders = workspaces.flatMap((pattern) =>
  pattern.endsWith("/*") ? readdirSync(path.join(repoRoot, pattern.slice(0, -2))).map((dir) => path.join(pattern.slice(0, -2), dir)) : [pattern],
);
// test-results.json per workspace, and the root's (the scripts' tests; the generator's in test-results.generator.json).
const reports = ["", ...folders].flatMap((folder) =>
  existsSync(path.join(repoRoot, folder))
    ? readdirSync(path.join(repoRoot, folder))
        .filter((file) => /^test-results(\.[a-z]+)?\.json$/.test(file))
        .map((file) => path.join(repoRoot, folder, file))
    : [],
);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`\nAll test projects (${reports.length} reports):`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exitCode = 1;
