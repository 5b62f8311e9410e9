// npm run dev in a scratch copy of the repo (its own workspace links, the
// repo's other node_modules, and a copy of turbo's cache): a spec save reaches the package's dist within 10 s, and the
// package's API report follows, so `npm test` finds it current.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isolatedCopyOfRepo, repoRoot } from "./helpers";

let copy: string;
let dev: ChildProcess;
let output = "";

/** Resolves when dev's output has `count` lines matching `pattern`. */
async function printed(pattern: RegExp, count = 1, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((output.match(new RegExp(pattern.source, "gm")) ?? []).length < count) {
    if (Date.now() > deadline || /^failed after /m.test(output)) throw new Error(`dev never printed ${pattern}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  copy = isolatedCopyOfRepo();
  // The repo's turbo cache: what the copy has not changed replays instead of building again.
  if (existsSync(path.join(repoRoot, ".turbo/cache"))) cpSync(path.join(repoRoot, ".turbo/cache"), path.join(copy, ".turbo/cache"), { recursive: true });
  dev = spawn(process.execPath, [path.join(copy, "scripts/dev.mjs")], { cwd: copy, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  dev.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  dev.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await printed(/^watching /m);
}, 180_000);

afterAll(() => {
  // The whole group: dev, turbo and the tasks turbo started.
  if (dev?.pid) process.kill(-dev.pid, "SIGTERM");
  rmSync(copy, { recursive: true, force: true });
});

it("rebuilds the package of a saved spec within 10 s, then updates its API report", async () => {
  const spec = path.join(copy, "specs/platform.yaml");
  const branding = "  /integrations/{platformKey}/branding:\n";
  writeFileSync(
    spec,
    readFileSync(spec, "utf8").replace(
      branding,
      `  /integrations/{platformKey}/logo:
    parameters:
      - $ref: "./codat-common.yaml#/components/parameters/platformKey"
    get:
      operationId: get-integration-logo
      x-syncline-method: getLogo
      summary: Get logo
      description: The integration's logo.
      tags: [Integrations]
      responses:
        "200":
          $ref: "#/components/responses/Branding"
        "404":
          $ref: "./codat-common.yaml#/components/responses/Not-Found"
${branding}`,
    ),
  );
  const lines = (pattern: RegExp) => (output.match(new RegExp(pattern.source, "gm")) ?? []).length;
  const [builds, reports] = [lines(/^built in /m), lines(/^API reports updated in /m)];
  const saved = performance.now();
  await printed(/^built in /m, builds + 1, 60_000);
  const seconds = (performance.now() - saved) / 1000;
  console.log(`npm run dev: the spec save reached dist in ${seconds.toFixed(1)} s`);
  const dist = path.join(copy, "packages/platform/dist");
  for (const file of ["index.js", "index.cjs", "index.d.ts"]) expect(readFileSync(path.join(dist, file), "utf8"), file).toContain("integrationsGetLogo");
  expect(output).toMatch(/built in [\d.]+ s \(rebuilt: @syncline\/platform(, @syncline\/mock)?\)/);
  expect(seconds, output).toBeLessThanOrEqual(10);

  await printed(/^API reports updated in /m, reports + 1, 60_000);
  expect(readFileSync(path.join(copy, "packages/platform/etc/platform.api.md"), "utf8")).toContain("export function integrationsGetLogo(");
}, 90_000);
