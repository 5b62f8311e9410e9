// The cost of a call does not grow with the API: an app calling two
// operations of a 300-operation API through the standalone functions bundles
// what it does for a 10-operation API; the client object carries them all.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { syntheticSpec } from "../../bench/src/generation.mjs";
import { fixtureProject, generate, repoRoot } from "./helpers";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Gzip bytes of `source` bundled as a browser app would ship it, the runtime from its sources. */
async function gzipOf(dir: string, source: string): Promise<number> {
  writeFileSync(path.join(dir, "app.ts"), source);
  const result = await build({
    entryPoints: [path.join(dir, "app.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    alias: { "@syncline/runtime": path.join(repoRoot, "packages/runtime/src/index.ts") },
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

async function twoCalls(operations: number) {
  const fixture = fixtureProject(stringify(syntheticSpec(operations)));
  dirs.push(fixture.dir);
  const result = await generate(["--config", fixture.config]);
  expect(result.code, result.stderr).toBe(0);
  const out = path.dirname(fixture.output);
  const functions = await gzipOf(
    out,
    `import { createDemoCore } from "./client";
import { thingsGetThing0, thingsUpdateThing1 } from "./operations";
const core = createDemoCore({ accessToken: "t" });
thingsGetThing0(core, { thingId: "a" }).then(console.log);
thingsUpdateThing1(core, { thingId: "a", requestBody: { status: "on" } }).then(console.log);`,
  );
  const client = await gzipOf(
    out,
    `import { createDemoClient } from "./client";
const client = createDemoClient({ accessToken: "t" });
client.things.getThing0({ thingId: "a" }).then(console.log);`,
  );
  return { functions, client, operationsFile: readFileSync(path.join(out, "operations.ts"), "utf8").length };
}

describe("one call's cost and the size of the API", () => {
  it("two functions of a 300-operation API bundle what two of a 10-operation API do", async () => {
    const small = await twoCalls(10);
    const large = await twoCalls(300);
    expect(large.operationsFile).toBeGreaterThan(20 * small.operationsFile); // the API really is larger
    expect(Math.abs(large.functions - small.functions)).toBeLessThanOrEqual(50);
    // The client object brings every operation along: the functions are what keeps an app small.
    expect(large.client).toBeGreaterThan(large.functions + 4000);
  }, 60_000);
});
