#!/usr/bin/env node
// The package's API report (etc/<name>.api.md, API Extractor), run from a
// package folder by the build and by `npm test`. On your machine it rewrites
// the report to match the built .d.ts; in CI (CI set) it only compares, and
// fails when the committed report differs, so a change to the public API is
// committed with its report. One task for both: after `npm run build`, the
// test's run replays from turbo's cache instead of analysing every package again.
// SYNCLINE_API_REPORT=update rewrites it even in CI (`npm run api:update`, `npm run dev`).
import path from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const ci = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.SYNCLINE_API_REPORT !== "update";
const config = ExtractorConfig.loadFileAndPrepare(path.resolve("api-extractor.json"));
const result = Extractor.invoke(config, {
  localBuild: !ci,
  messageCallback: (message) => {
    // API Extractor's own notices (its TypeScript version, its temp folder's copy); ours follow below.
    if (["console-preamble", "console-api-report-not-copied", "console-api-report-copied"].includes(message.messageId)) message.handled = true;
  },
});
const report = path.relative(process.cwd(), path.join(config.reportFolder, config.reportConfigs[0].fileName));
if (ci && result.apiReportChanged) {
  console.error(
    `${config.packageJson?.name}: ${report} does not match the public API of the build: run \`npm run build\` (or \`npm run api:update\`) and commit it.`,
  );
} else if (result.apiReportChanged) {
  console.log(`${config.packageJson?.name}: ${report} updated: commit it with the change.`);
}
if (!result.succeeded) process.exitCode = 1;
