#!/usr/bin/env node
// Bundles one API's spec into a single file for publishing (YAML and JSON,
// shipped in the package as `@syncline/<api>/openapi.{yaml,json}`); the
// documentation site renders its HTML reference from it (`npm run docs`).
// Run from the package folder:
//   node ../../scripts/bundle.mjs <api>
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { loadApis, repoRoot } from "./lib/apis.mjs";
import { writeAtomic } from "./lib/write-atomic.mjs";

const [name] = process.argv.slice(2);
const [api] = loadApis({ only: [name] });
const redocly = path.join(repoRoot, "node_modules/.bin/redocly");
const config = path.join(repoRoot, "redocly.yaml");
const outDir = path.join(repoRoot, path.dirname(api.output), "../../openapi");
const yamlPath = path.join(outDir, "openapi.yaml");

const run = (args) => execFileSync(redocly, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, REDOCLY_TELEMETRY: "off" } });

const started = performance.now();
run(["bundle", "--config", config, api.key, "-o", yamlPath]);
writeAtomic(path.join(outDir, "openapi.json"), `${JSON.stringify(parse(readFileSync(yamlPath, "utf8")), null, 2)}\n`);
console.log(`${api.name.padEnd(10)} ${path.relative(repoRoot, outDir)}/openapi.{yaml,json}  ${Math.round(performance.now() - started)} ms`);
