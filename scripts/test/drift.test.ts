import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadApis } from "../lib/apis.mjs";
import { compareSpecs } from "../lib/drift.mjs";
import { repoRoot, runScript } from "./helpers";

const fixtures = path.join(repoRoot, "scripts/test/fixtures/drift");
const ours = path.join(fixtures, "ours.yaml");
const scratch = mkdtempSync(path.join(tmpdir(), "syncline-drift-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Difference {
  kind: "missing" | "extra" | "different";
  where: string;
  site: string;
  what: string;
  recorded?: string;
  ours?: unknown;
  vendor?: unknown;
}

/** The differences as short comparable rows: kind, where, what, and whether a deviation records it. */
async function drift(vendorFile: string) {
  const result = (await compareSpecs(ours, path.join(fixtures, vendorFile))) as { differences: Difference[]; matched: Record<string, number> };
  const rows = result.differences.map((d) => [d.kind, d.where, d.what, d.recorded ? "recorded" : "not recorded"]);
  return { ...result, rows };
}

describe("check:drift: our spec against a vendor's published description", () => {
  it("finds each difference planted in a 3.0 description, and reads nullable, exclusiveMinimum: true and allOf+nullable as 3.1 does", async () => {
    const { rows, differences } = await drift("vendor-3.0.yaml");
    expect(rows).toEqual(
      expect.arrayContaining([
        ["missing", "POST /widgets response 200 body application/json.weight", "property", "not recorded"],
        ["missing", "GET /widgets/{widgetId} response 200 body application/json.color", "enum value yellow", "recorded"],
        ["different", "GET /widgets/{widgetId} response 200 body application/json.color", "enum openness", "recorded"],
        ["different", "POST /widgets request body application/json.name", "maxLength", "not recorded"],
        ["different", "GET /widgets/{widgetId} parameter query include", "required", "not recorded"],
        ["different", "GET /widgets/{widgetId} response 200 body application/json.tags", "nullability", "not recorded"],
        ["missing", "GET /widgets/{widgetId} response 410", "response", "not recorded"],
        ["extra", "GET /widgets/{widgetId} response 429 header retry-after", "header", "recorded"],
        ["extra", "DELETE /widgets/{widgetId}", "operation", "recorded"],
      ]),
    );
    // Spelled differently, meaning the same: nothing to report.
    for (const place of [".note", ".owner", ".size", ".id", ".label", ".alias", "header x-trace"]) {
      expect(differences.filter((d) => d.where.endsWith(place))).toEqual([]);
    }
    // Documentation (titles, summaries, descriptions, examples, operationIds) is not drift.
    expect(differences.map((d) => d.what).filter((what) => /title|summary|description|example|operationId/.test(what))).toEqual([]);
    expect(differences).toHaveLength(13);
  });

  it("finds each difference planted in a 3.1 JSON description, and reads a type array and anyOf with null as ours", async () => {
    const { rows, differences } = await drift("vendor-3.1.json");
    expect(rows).toEqual(
      expect.arrayContaining([
        ["different", "POST /widgets response 200 body application/json.size", "type", "not recorded"],
        ["missing", "GET /widgets/{widgetId} parameter query limit", "parameter", "not recorded"],
        ["different", "POST /widgets request body application/json", "additionalProperties", "recorded"],
        ["different", "GET /widgets/{widgetId} response 429 header retry-after", "type", "recorded"],
        ["extra", "DELETE /widgets/{widgetId}", "operation", "recorded"],
      ]),
    );
    expect(differences.filter((d) => d.where.endsWith(".size") && d.what === "type")[0]).toMatchObject({ ours: "integer", vendor: "number" });
    expect(differences).toHaveLength(6);
  });

  it("follows $refs across the files of a split description", async () => {
    const { rows, matched } = await drift("vendor-split/openapi.yaml");
    expect(rows).toEqual([
      ["different", "POST /widgets response 200 body application/json.owner.id", "format", "not recorded"],
      ["extra", "GET /widgets/{widgetId} parameter header x-trace", "parameter", "not recorded"],
      ["different", "GET /widgets/{widgetId} response 200 body application/json.owner.id", "format", "not recorded"],
    ]);
    expect(matched.operations).toBe(3);
  });

  it("a deviation covers its own node, never drift in the properties below it", async () => {
    // NewWidget records that it is closed; its name's maxLength still differs, unrecorded.
    const { differences } = await drift("vendor-3.0.yaml");
    const name = differences.find((d) => d.where === "POST /widgets request body application/json.name");
    expect(name).toMatchObject({ what: "maxLength", ours: 50, vendor: 100 });
    expect(name?.recorded).toBeUndefined();
  });

  it("each of our specs compared with itself has no difference", async () => {
    for (const api of loadApis()) {
      const file = path.join(repoRoot, api.root);
      const { differences, matched } = await compareSpecs(file, file);
      expect({ api: api.name, differences }).toEqual({ api: api.name, differences: [] });
      expect(matched.operations).toBeGreaterThan(0);
    }
  });

  it("the command prints one line per difference, marks deviations, and exits 1 while one is unrecorded", () => {
    const result = runScript("check-drift.mjs", [ours, path.join(fixtures, "vendor-3.0.yaml")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("(OpenAPI 3.1.0) vs");
    expect(result.stdout).toMatch(
      /^ {2}missing in ours Widget\.weight: property \(2 places, first POST \/widgets response 200 body application\/json\.weight\)$/m,
    );
    expect(result.stdout).toMatch(/^ {2}extra in ours {3}DELETE \/widgets\/\{widgetId\}: operation {2}\[deviation: Documented in the vendor's guide/m);
    expect(result.stdout).toMatch(/^ {2}different {7}POST \/widgets request body application\/json\.name: maxLength: ours 50, vendor 100$/m);
    expect(result.stdout).toMatch(/Differences: 5 missing in ours, 2 extra in ours, 6 different; 6 recorded as deviations, 7 not\.$/m);
  });

  it("exits 0 when every difference is a recorded deviation", () => {
    // The vendor's description is ours without the DELETE that ours records as a deviation.
    const vendor = parse(readFileSync(ours, "utf8"));
    delete vendor.paths["/widgets/{widgetId}"].delete;
    const file = path.join(scratch, "vendor.yaml");
    writeFileSync(file, stringify(vendor));
    const result = runScript("check-drift.mjs", [ours, file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Differences: 0 missing in ours, 1 extra in ours, 0 different; 1 recorded as deviations, 0 not.");
  });

  it("names an unknown API, an unreadable file and a broken $ref, exiting 2", () => {
    const unknown = runScript("check-drift.mjs", ["nope", path.join(fixtures, "vendor-3.0.yaml")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown API nope; redocly.yaml lists: .*platform/);
    const missing = runScript("check-drift.mjs", ["platform", path.join(scratch, "absent.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("absent.yaml");
    const broken = path.join(scratch, "broken.yaml");
    writeFileSync(broken, readFileSync(path.join(fixtures, "vendor-split/openapi.yaml"), "utf8").replace("./schemas.yaml#/Widget", "./schemas.yaml#/Wodget"));
    const result = runScript("check-drift.mjs", [ours, broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("check:drift:");
    expect(runScript("check-drift.mjs", []).code).toBe(2);
  });
});
