// The API reports (etc/<name>.api.md) in a scratch copy of the repo: the build rewrites them on
// your machine, and in CI (where the README's first command is the same build) a report that was
// not committed with the API change fails instead of being rewritten.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { copyOfRepo, repoRoot, run } from "../test/helpers";

let copy: string;
beforeAll(() => {
  copy = copyOfRepo();
  // The built declarations the report is read from (dist is not part of the repo's files).
  cpSync(path.join(repoRoot, "packages/platform/dist"), path.join(copy, "packages/platform/dist"), { recursive: true });
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

it("a stale report fails in CI, naming the file and the fix, and is rewritten on your machine", () => {
  const pkg = path.join(copy, "packages/platform");
  const report = path.join(pkg, "etc/platform.api.md");
  const committed = readFileSync(report, "utf8");
  // The report as it was before an operation was added: one function fewer.
  const stale = committed.replace(/\r?\n\/\/ @public\r?\nexport function integrationsGet\([^\n]+\n/, "\n");
  expect(stale).not.toBe(committed);
  writeFileSync(report, stale);
  const apiReport = (env: NodeJS.ProcessEnv) => run(process.execPath, [path.join(copy, "scripts/api-report.mjs")], pkg, env);

  const ci = apiReport({ CI: "true" });
  expect(ci.code).toBe(1);
  expect(ci.stderr).toContain(
    "@syncline/platform: etc/platform.api.md does not match the public API of the build: run `npm run build` (or `npm run api:update`) and commit it.",
  );
  expect(readFileSync(report, "utf8")).toBe(stale);

  const local = apiReport({ CI: undefined });
  expect(local.code, local.stderr).toBe(0);
  expect(local.stdout).toContain("@syncline/platform: etc/platform.api.md updated: commit it with the change.");
  expect(readFileSync(report, "utf8")).toBe(committed);

  // `npm run api:update` and `npm run dev` ask for the rewrite even where CI is set.
  writeFileSync(report, stale);
  expect(apiReport({ CI: "true", SYNCLINE_API_REPORT: "update" }).code).toBe(0);
  expect(readFileSync(report, "utf8")).toBe(committed);
});
