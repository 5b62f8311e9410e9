// `npm run lint` (Biome, run first by `npm test`) checks the formatting and the lint
// rules of every source file, generated code included. Here the repo's own
// config runs on scratch files: it fails on a misformatted line and on a lint error.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers";

const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
const scratch = mkdtempSync(path.join(tmpdir(), "syncline-lint-"));
// The scratch folder is no git checkout: the same config without its git ignore-file lookup.
writeFileSync(
  path.join(scratch, "biome.jsonc"),
  readFileSync(path.join(repoRoot, "biome.jsonc"), "utf8").replace('"enabled": true, "clientKind"', '"enabled": false, "clientKind"'),
);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function check(file: string, source: string) {
  const full = path.join(scratch, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, source);
  const result = spawnSync(process.execPath, [biome, "check", file], { cwd: scratch, encoding: "utf8" });
  rmSync(full);
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("npm run lint", () => {
  it("passes well-formatted, clean code", () => {
    expect(check("src/example.ts", 'export const greeting = "hello";\n').status).toBe(0);
  });

  it("fails on formatting, naming the file", () => {
    const result = check("src/example.ts", "export const greeting='hello'\n");
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("example.ts format");
  });

  it("fails on a lint error, in generated code too", () => {
    const result = check("src/generated/client.ts", "export function f() {\n  debugger;\n}\n");
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("noDebugger");
  });
});
