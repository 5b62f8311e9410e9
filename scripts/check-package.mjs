#!/usr/bin/env node
// Package hygiene on what npm would publish, run from a package folder:
// the packed file list, the manifest fields consumers rely on, publint
// (--strict) and arethetypeswrong (types resolve for import and require).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./lib/apis.mjs";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const dir = path.relative(repoRoot, process.cwd());
const problems = [];
const expect = (ok, message) => ok || problems.push(message);
const bin = (name) => path.join(repoRoot, "node_modules/.bin", name);

// 1. The tarball: built code and docs only. Packed once; publint and attw read the same file.
const packDir = mkdtempSync(path.join(tmpdir(), "syncline-pack-"));
process.on("exit", () => rmSync(packDir, { recursive: true, force: true }));
const [packed] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
);
const tarball = path.join(packDir, packed.filename);
const files = packed.files.map((f) => f.path);
for (const file of files) {
  expect(!/(^|\/)(test|tests|__tests__|src)\//.test(file) && !/\.test\.[cm]?[jt]s$/.test(file), `tarball holds a source or test file: ${file}`);
  if (file.endsWith(".map")) {
    const map = JSON.parse(readFileSync(file, "utf8"));
    expect(map.sourcesContent || map.sources.every((s) => files.includes(path.join(path.dirname(file), s))), `${file} maps to sources that are not published`);
  }
}
for (const required of ["package.json", "README.md", "CHANGELOG.md", "LICENSE"]) expect(files.includes(required), `tarball lacks ${required}`);

// 2. The manifest.
expect(JSON.stringify(manifest.files) !== undefined, "package.json needs `files`");
expect(manifest.sideEffects === false, "`sideEffects` must be false");
expect(typeof manifest.engines?.node === "string", "`engines.node` is required");
expect(manifest.repository?.directory === dir, `repository.directory must be "${dir}"`);
expect(manifest.publishConfig?.access === "public", "publishConfig.access must be public");
expect(typeof manifest.license === "string", "`license` is required");
const root = manifest.exports?.["."];
expect(root?.import?.types && root?.import?.default, 'exports["."].import needs types and default');
expect(root?.require?.types && root?.require?.default, 'exports["."].require needs types and default');
expect(manifest.exports?.["./package.json"] === "./package.json", '"./package.json" must be exported');

// 3. publint and attw on the packed package. Data entry points (the bundled
// spec) are not code: attw checks only the JavaScript ones.
const run = (command, args) => {
  try {
    execFileSync(command, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    problems.push(`${path.basename(command)} failed:\n${error.stdout}${error.stderr}`);
  }
};
run(bin("publint"), ["run", tarball, "--strict"]);
const dataEntries = Object.keys(manifest.exports ?? {}).filter((key) => /\.(json|ya?ml)$/.test(key) && key !== "./package.json");
run(bin("attw"), [tarball, "--format", "ascii", ...(dataEntries.length ? ["--exclude-entrypoints", ...dataEntries] : [])]);

if (problems.length > 0) {
  console.error(`${manifest.name}: ${problems.length} packaging problem(s)\n- ${problems.join("\n- ")}`);
  process.exitCode = 1;
} else {
  console.log(`${manifest.name}: ${files.length} files packed; manifest, publint --strict and attw all pass`);
}
