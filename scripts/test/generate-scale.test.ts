// A 300-operation API generates, type-checks and calls its endpoints like a
// small one, and the cost of a call does not grow with it: an app calling two
// operations through the standalone functions bundles what it does for a
// 10-operation API; the client object carries them all. (The bench measures
// the same, from 10 to 5,000 operations.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { json, startFaultServer } from "@syncline/test-utils";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { syntheticSpec, twoCallBundles } from "../../bench/src/generation.mjs";
import { generatedFixture, importGenerated, repoRoot, typeErrors } from "./helpers";

const alias = { "@syncline/runtime": path.join(repoRoot, "packages/runtime/src/index.ts") };

async function twoCalls(operations: number) {
  const { outDir } = await generatedFixture(stringify(syntheticSpec(operations)));
  const { clientGzip, functionsGzip } = await twoCallBundles(outDir, { api: "demo", alias });
  return { outDir, functions: functionsGzip, client: clientGzip, operationsFile: readFileSync(path.join(outDir, "operations.ts"), "utf8").length };
}

describe("one call's cost and the size of the API", () => {
  it("a 300-operation API type-checks and reaches its endpoints, and two of its functions bundle what two of a 10-operation API do", async () => {
    const small = await twoCalls(10);
    const large = await twoCalls(300);
    expect(large.operationsFile).toBeGreaterThan(20 * small.operationsFile); // the API really is larger
    expect(Math.abs(large.functions - small.functions)).toBeLessThanOrEqual(50);
    // The client object brings every operation along: the functions are what keeps an app small.
    expect(large.client).toBeGreaterThan(large.functions + 4000);

    // And the large API is a working client: it type-checks, and its last operations reach their own endpoints.
    expect(typeErrors(["client.ts", "operations.ts"].map((file) => path.join(large.outDir, file)))).toEqual([]);
    const server = await startFaultServer([], json(200, { id: "t", status: "on", note: null }));
    try {
      const client = (await importGenerated(large.outDir)).createDemoClient({ accessToken: "t", baseUrl: server.url, retries: false });
      await expect(client.things.getThing298({ thingId: "a" })).resolves.toEqual({ id: "t", status: "on", note: null });
      await client.things.updateThing299({ thingId: "b", page: 2, requestBody: { status: "off" } });
      expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body.toString()}`)).toEqual([
        "GET /things298/a ",
        'PATCH /things298/b?page=2 {"status":"off"}',
      ]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
