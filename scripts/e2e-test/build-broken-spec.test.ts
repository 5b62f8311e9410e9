// The real main job (`npm run build`) in a scratch copy of the repo with a
// broken spec: it must fail with redocly's file:line message and leave the
// previously generated types as they were.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyOfRepo, run } from "../test/helpers";

const specPath = "specs/platform.yaml";
const generatedPath = "packages/platform/src/generated/schema.ts";
let copy: string;
let originalSpec: string;

beforeAll(() => {
  copy = copyOfRepo();
  originalSpec = readFileSync(path.join(copy, specPath), "utf8");
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

function buildWith(spec: string) {
  writeFileSync(path.join(copy, specPath), spec);
  const result = run("npm", ["run", "build"], copy);
  return { ...result, output: result.stdout + result.stderr };
}

describe("npm run build with a broken spec", () => {
  it("fails on a YAML syntax error with file and line, output untouched", () => {
    const generatedBefore = readFileSync(path.join(copy, generatedPath), "utf8");
    const { code, output } = buildWith(originalSpec.replace(/^paths:$/m, "paths: [oops"));
    expect(code).not.toBe(0);
    expect(output).toMatch(/platform\.yaml" \(\d+:\d+\)/);
    expect(output).toContain("@syncline/platform:lint:specs");
    expect(readFileSync(path.join(copy, generatedPath), "utf8")).toBe(generatedBefore);
  });

  it("fails on a lint error with file:line:column, output untouched", () => {
    const generatedBefore = readFileSync(path.join(copy, generatedPath), "utf8");
    const { code, output } = buildWith(originalSpec.replace("  version: 3.0.0", "  version: 3"));
    expect(originalSpec).toContain("  version: 3.0.0");
    expect(code).not.toBe(0);
    expect(output).toMatch(/specs\/platform\.yaml:4:12 at #\/info\/version/);
    expect(output).toContain("Expected type `string` but got `integer`");
    expect(readFileSync(path.join(copy, generatedPath), "utf8")).toBe(generatedBefore);
  });
});
