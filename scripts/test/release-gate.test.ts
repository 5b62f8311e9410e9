// The spec-change gate: redocly diff (with diff-recommended rules) rates
// changes, and pending changesets must declare at least that bump.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadApis } from "../lib/apis.mjs";
import { bumpFor, classifySpecChange, evaluateRelease } from "../lib/release-gate.mjs";
import { gitRepoCopy, repoRoot, run } from "./helpers";

const baseFile = path.join(repoRoot, "scripts/test/fixtures/release/base.yaml");
const base = readFileSync(baseFile, "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "syncline-release-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const revision = (name: string, from: string, to: string) => {
  expect(base).toContain(from);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, base.replace(from, to));
  return file;
};

const deleteOperation = `    delete:
      operationId: delete-thing
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "204":
          description: Deleted.
`;
const param = (name: string, required: boolean, type: string) =>
  `      parameters:\n        - name: ${name}\n          in: query\n          required: ${required}\n          schema:\n            type: ${type}\n        - name: status`;
const newOperation = `paths:
  /things/{id}/archive:
    post:
      operationId: archive-thing
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: Archived.
`;

describe("classifySpecChange (fixture spec pairs)", () => {
  it.each([
    ["removed operation", "major", deleteOperation, ""],
    ["new required parameter", "major", "      parameters:\n        - name: status", param("owner", true, "string")],
    ["narrowed enum", "major", "enum: [active, archived, deleted]", "enum: [active, archived]"],
    ["new optional query parameter", "minor", "      parameters:\n        - name: status", param("limit", false, "integer")],
    ["new operation", "minor", "paths:\n", newOperation],
    ["description edit", "patch", "description: Lists things.", "description: Lists every thing, newest first."],
  ])("%s -> %s", (name, expected, from, to) => {
    const { bump, changes } = classifySpecChange(baseFile, revision(name.replaceAll(" ", "-"), from, to));
    expect(bump).toBe(expected);
    expect(changes.length).toBeGreaterThan(0);
  });

  it("no change -> none", () => {
    expect(classifySpecChange(baseFile, baseFile).bump).toBe("none");
  });
});

describe("evaluateRelease", () => {
  it("fails a smaller or missing bump, passes an equal or bigger one, ignores unchanged packages", () => {
    const results = evaluateRelease(
      {
        "@syncline/a": { bump: "major", reason: "removed operation" },
        "@syncline/b": { bump: "minor", reason: "new operation" },
        "@syncline/c": { bump: "patch", reason: "description" },
        "@syncline/d": { bump: "none", reason: "" },
      },
      { "@syncline/a": "minor", "@syncline/c": "major" },
    );
    expect(results.map((r) => [r.package, r.ok])).toEqual([
      ["@syncline/a", false],
      ["@syncline/b", false],
      ["@syncline/c", true],
    ]);
  });
});

describe("bumpFor", () => {
  it("asks a package below 1.0.0 for a minor where a breaking change needs a major, and changes nothing else", () => {
    expect(["major", "minor", "patch", "none"].map((bump) => bumpFor(bump, "0.1.0"))).toEqual(["minor", "minor", "patch", "none"]);
    expect(["major", "minor", "patch", "none"].map((bump) => bumpFor(bump, "1.0.0"))).toEqual(["major", "minor", "patch", "none"]);
    expect(bumpFor("major", "10.2.3")).toBe("major");
  });
});

describe("npm run check:release in a scratch repo", () => {
  let copy: string;
  beforeAll(() => {
    copy = gitRepoCopy();
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("fails a breaking spec change with no changeset, and with a too-small one; passes with major (minor below 1.0.0)", () => {
    const spec = path.join(copy, "specs/powens.yaml");
    const text = readFileSync(spec, "utf8");
    // Remove deleteUserConnection: a breaking change.
    const start = text.indexOf("    delete:\n      operationId: deleteUserConnection");
    const end = text.indexOf("  /webauth:");
    writeFileSync(spec, text.slice(0, start) + text.slice(end));
    const gate = () => run(process.execPath, [path.join(copy, "scripts/check-release.mjs"), "--base", "HEAD"], copy);
    // At 1.0.0 and above a breaking change is a major release.
    const manifest = path.join(copy, "packages/powens/package.json");
    const atZero = readFileSync(manifest, "utf8");
    writeFileSync(manifest, atZero.replace(/"version": "0\.\d+\.\d+"/, '"version": "1.2.0"'));

    let result = gate();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL @syncline\/powens +needs major declared none/);

    writeFileSync(path.join(copy, ".changeset/drop-delete.md"), '---\n"@syncline/powens": minor\n---\n\nRemove deleteUserConnection.\n');
    result = gate();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL @syncline\/powens +needs major declared minor/);

    writeFileSync(path.join(copy, ".changeset/drop-delete.md"), '---\n"@syncline/powens": major\n---\n\nRemove deleteUserConnection.\n');
    result = gate();
    expect(result.stdout).toMatch(/ok {3}@syncline\/powens +needs major declared major/);
    expect(result.code).toBe(0);

    // Below 1.0.0, a minor: ^0.1.0 never picks up 0.2.0, and a major would publish 1.0.0 as a side effect.
    writeFileSync(manifest, atZero);
    writeFileSync(path.join(copy, ".changeset/drop-delete.md"), '---\n"@syncline/powens": patch\n---\n\nRemove deleteUserConnection.\n');
    result = gate();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL @syncline\/powens +needs minor declared patch .*\(breaking, so a minor while @syncline\/powens is 0\.1\.0\); first: major: removed/,
    );
    writeFileSync(path.join(copy, ".changeset/drop-delete.md"), '---\n"@syncline/powens": minor\n---\n\nRemove deleteUserConnection.\n');
    expect(gate().code).toBe(0);
  });
});

describe("changeset version", () => {
  it("a runtime release bumps every client and its runtime range", () => {
    const copy = gitRepoCopy();
    try {
      writeFileSync(path.join(copy, ".changeset/runtime-minor.md"), '---\n"@syncline/runtime": minor\n---\n\nA new runtime feature.\n');
      const result = run(path.join(repoRoot, "node_modules/.bin/changeset"), ["version"], copy);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const manifest = (name: string) => JSON.parse(readFileSync(path.join(copy, "packages", name, "package.json"), "utf8"));
      expect(manifest("runtime").version).toBe("0.2.0");
      for (const client of loadApis().map((api) => api.name)) {
        // A patch bump of its own version (a package add-api just created starts at 0.0.0).
        const [major, minor, patch] = JSON.parse(readFileSync(path.join(repoRoot, "packages", client, "package.json"), "utf8"))
          .version.split(".")
          .map(Number);
        expect(manifest(client).version, client).toBe(`${major}.${minor}.${patch + 1}`);
        expect(manifest(client).dependencies["@syncline/runtime"], client).toBe("^0.2.0");
        expect(readFileSync(path.join(copy, "packages", client, "CHANGELOG.md"), "utf8"), client).toContain("@syncline/runtime@0.2.0");
      }
      // Private workspaces are left alone.
      expect(JSON.parse(readFileSync(path.join(copy, "examples/package.json"), "utf8")).version).toBe("0.0.0");
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
