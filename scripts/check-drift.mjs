#!/usr/bin/env node
// npm run check:drift -- <api | our-spec-file> <vendor-spec-file>
// Compares our spec of <api> (its root in redocly.yaml) with the vendor's published description (OpenAPI
// 3.0 or 3.1, YAML or JSON, several files) for the operations ours covers.
// Exit 1 when a difference is not recorded as an `x-syncline-deviation`: run it
// when the vendor publishes a new spec, change ours, then `npm run build`.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadApis, repoRoot } from "./lib/apis.mjs";
import { compareSpecs, formatDrift } from "./lib/drift.mjs";

const [name, vendorFile, ...rest] = process.argv.slice(2);
if (!name || !vendorFile || rest.length > 0) {
  console.error("usage: npm run check:drift -- <api | our-spec-file> <vendor-spec-file>");
  process.exit(2);
}
try {
  // Files are named from where the user ran `npm run` (npm itself runs scripts from the repo root).
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: run by hand, not by turbo: nothing to cache
  const cwd = process.env.INIT_CWD ?? process.cwd();
  // An API's name, or a spec file of ours that is not (yet) in redocly.yaml.
  const isFile = /\.(ya?ml|json)$/.test(name) && existsSync(path.resolve(cwd, name));
  const ours = isFile ? path.resolve(cwd, name) : path.join(repoRoot, loadApis({ only: [name] })[0].root);
  const result = await compareSpecs(ours, path.resolve(cwd, vendorFile));
  console.log(formatDrift(result, { ours: path.relative(cwd, ours), vendor: vendorFile }));
  process.exitCode = result.differences.some((difference) => !difference.recorded) ? 1 : 0;
} catch (error) {
  console.error(`check:drift: ${error.message}`);
  process.exitCode = 2;
}
