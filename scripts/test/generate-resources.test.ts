// Resources by tag, and one function per operation: generated from a fixture
// spec, type-checked, and called against a loopback server that records the
// exact request.
import { readFileSync } from "node:fs";
import path from "node:path";
import { startFaultServer, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, repoRoot, typeErrors } from "./helpers";

const spec = readFileSync(path.join(repoRoot, "scripts/test/fixtures/resources.yaml"), "utf8");
let outDir: string;
let server: FaultServer;

beforeAll(async () => {
  ({ outDir } = await generatedFixture(spec));
  server = await startFaultServer([], { status: 200, headers: { "content-type": "application/json" }, body: "[]" });
});
afterAll(async () => {
  await server?.close();
});

describe("resources by tag", () => {
  it("type-checks", () => {
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts")])).toEqual([]);
  });

  it("groups operations by their first tag (camelCased), with the resource's name trimmed from each method name", async () => {
    const generated = await importGenerated(outDir);
    const client = generated.createDemoClient({ accessToken: "t", baseUrl: server.url, retries: false });
    expect(Object.keys(client.things)).toEqual(["list"]);
    expect(Object.keys(client.widgetParts)).toEqual(["list"]);
    expect(Object.keys(client.health)).toEqual(["list"]); // x-syncline-resource beats the tag
    server.reset([]);
    await client.things.list();
    await client.widgetParts.list({ widgetId: "w1" });
    await client.health.list();
    // Three methods named list, three endpoints: each calls its own.
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? "-"}`)).toEqual([
      "GET /things Bearer t",
      "GET /widgets/w1/parts Bearer t",
      "GET /status -",
    ]);
  });

  it("exports one function per operation, named resource + method, that takes the client's core", async () => {
    const generated = await importGenerated(outDir);
    const core = generated.createDemoCore({ accessToken: "t", baseUrl: server.url, retries: false });
    server.reset([]);
    await generated.widgetPartsList(core, { widgetId: "w2" });
    await generated.thingsList(core);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /widgets/w2/parts", "GET /things"]);
  });
});
