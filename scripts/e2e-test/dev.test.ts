// npm run dev in a scratch copy of the repo (its own workspace links, the repo's other node_modules,
// and a copy of turbo's cache): a spec save reaches the package's dist, rebuilding only that package
// (and the mock, which bundles it), and the package's API report follows, so `npm test` finds it
// current. The 10 s the loop promises is measured in bench/ (`npm run bench`), on a machine doing
// nothing else; here other test tasks share the two cores.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDevSession } from "../lib/dev-session.mjs";

let dev: Awaited<ReturnType<typeof startDevSession>>;

beforeAll(async () => {
  dev = await startDevSession();
}, 180_000);

afterAll(() => dev?.stop());

it("rebuilds only the package of a saved spec, then updates its API report", async () => {
  const reports = dev.count(/^API reports updated in /m);
  const seconds = await dev.savePlatformSpec();
  console.log(`npm run dev: the spec save reached dist in ${seconds.toFixed(1)} s`);
  const dist = path.join(dev.copy, "packages/platform/dist");
  for (const file of ["index.js", "index.cjs", "index.d.ts"]) expect(readFileSync(path.join(dist, file), "utf8"), file).toContain("integrationsGetLogo");
  expect(dev.output()).toMatch(/built in [\d.]+ s \(rebuilt: @syncline\/platform(, @syncline\/mock)?\)/);
  // A rebuild of everything takes over a minute from cold; one package is a few seconds.
  expect(seconds, dev.output()).toBeLessThanOrEqual(40);

  await dev.printed(/^API reports updated in /m, reports + 1, 60_000);
  expect(readFileSync(path.join(dev.copy, "packages/platform/etc/platform.api.md"), "utf8")).toContain("export function integrationsGetLogo(");
}, 120_000);
