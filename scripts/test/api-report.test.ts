// The API reports (etc/<name>.api.md): one task for the build and npm test, whose mode (rewrite on
// your machine, compare in CI) is part of its hash. What it does in a scratch copy of the repo is
// an end-to-end test (scripts/e2e-test/api-report.test.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "./helpers";

it("the build and npm test run the same report task, so the test replays the build's", () => {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  expect(scripts.build).toMatch(/turbo run .*\bapi-report\b/);
  expect(scripts.test).toMatch(/turbo run .*\bapi-report\b/);
  const turbo = JSON.parse(readFileSync(path.join(repoRoot, "turbo.json"), "utf8"));
  // Whether it writes or checks depends on CI: part of the task's hash, so neither mode replays the other.
  expect(turbo.tasks["api-report"].env).toEqual(["CI", "SYNCLINE_API_REPORT"]);
  // The built declarations count through the build's hash: turbo hashes input files before the build writes them.
  expect(turbo.tasks["api-report"].dependsOn).toEqual(["build"]);
  expect(turbo.tasks["api-report"].inputs.filter((input: string) => input.startsWith("dist"))).toEqual([]);
  expect(scripts["api:update"]).toMatch(/^SYNCLINE_API_REPORT=update .*turbo run api-report$/);
});
