import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateExamples } from "../lib/spec-examples.mjs";
import { repoRoot } from "./helpers";

// Every spec file we write (each API's, and the files they share); a vendor's spec added as
// published (redocly.yaml gives it the vendor profile, `extends`) keeps its examples as they are.
const config = parse(readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8")) as { apis: Record<string, { root: string; extends?: unknown }> };
const vendorRoots = new Set(
  Object.values(config.apis)
    .filter((api) => api.extends !== undefined)
    .map((api) => path.join(repoRoot, api.root)),
);
const specs = readdirSync(path.join(repoRoot, "specs"))
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => path.join(repoRoot, "specs", name))
  .filter((file) => !vendorRoots.has(file));
const fixture = (name: string) => path.join(repoRoot, "scripts/test/fixtures", name);

describe("spec examples", () => {
  it("every example in every spec is valid against its schema", () => {
    const { checked, failures } = validateExamples(specs);
    expect(failures).toEqual([]);
    // Every request body and 2xx/4xx response has one; guard against the walk silently finding none.
    expect(checked).toBeGreaterThanOrEqual(60);
  });

  it("reports each wrong example with its location and the violation", () => {
    const { checked, failures } = validateExamples([fixture("wrong-examples.yaml"), fixture("wrong-examples-common.yaml")]);
    expect(checked).toBe(5);
    const byPlace = Object.fromEntries(failures.map((f) => [f.where, f.errors.join("; ")]));
    expect(Object.keys(byPlace).sort()).toEqual([
      "wrong-examples.yaml#/components/schemas/Code/examples/1",
      "wrong-examples.yaml#/paths/~1things/get/parameters/0/example",
      "wrong-examples.yaml#/paths/~1things/get/responses/200/content/application~1json/examples/Inline",
      "wrong-examples.yaml#/paths/~1things/get/responses/200/content/application~1json/examples/Shared",
    ]);
    expect(byPlace["wrong-examples.yaml#/paths/~1things/get/parameters/0/example"]).toContain("must be >= 1");
    const shared = byPlace["wrong-examples.yaml#/paths/~1things/get/responses/200/content/application~1json/examples/Shared"];
    expect(shared).toContain("must NOT have additional properties");
    expect(shared).toContain('/id must match format "uuid"');
    expect(shared).toContain("/status must be equal to one of the allowed values");
    expect(byPlace["wrong-examples.yaml#/paths/~1things/get/responses/200/content/application~1json/examples/Inline"]).toContain("/id must be string");
  });
});
