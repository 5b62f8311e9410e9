// The cost of a call does not grow with the API: an app calling two
// operations of a 300-operation API through the standalone functions bundles
// what it does for a 10-operation API; the client object carries them all.
// (The bench measures the same, from 10 to 5,000 operations.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { syntheticSpec, twoCallBundles } from "../../bench/src/generation.mjs";
import { generatedFixture, repoRoot } from "./helpers";

const alias = { "@syncline/runtime": path.join(repoRoot, "packages/runtime/src/index.ts") };

async function twoCalls(operations: number) {
  const { outDir } = await generatedFixture(stringify(syntheticSpec(operations)));
  const { clientGzip, functionsGzip } = await twoCallBundles(outDir, { api: "demo", alias });
  return { functions: functionsGzip, client: clientGzip, operationsFile: readFileSync(path.join(outDir, "operations.ts"), "utf8").length };
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
