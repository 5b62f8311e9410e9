#!/usr/bin/env node
// Generates each API's types (schema.ts, by openapi-typescript), operations
// (operations.ts) and client (client.ts) from its spec into packages/<api>/src/generated/.
//   node scripts/generate.mjs [api ...] [--out-dir DIR] [--config redocly.yaml]
// --out-dir writes under DIR instead of the repo (used by check-generated).
import path from "node:path";
import { parseArgs } from "node:util";
import { loadApis, repoRoot } from "./lib/apis.mjs";
import { formatTypeScript } from "./lib/format.mjs";
import { renderApi } from "./lib/render-client.mjs";
import { renderTypes } from "./lib/render-types.mjs";
import { writeAtomic } from "./lib/write-atomic.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "out-dir": { type: "string" }, config: { type: "string" } },
});

const configPath = path.resolve(values.config ?? path.join(repoRoot, "redocly.yaml"));
// Spec paths in the config are relative to the config's folder.
const configRoot = path.dirname(configPath);
const outRoot = values["out-dir"] ? path.resolve(values["out-dir"]) : configRoot;

let failed = false;
for (const api of loadApis({ configPath, only: positionals })) {
  const started = performance.now();
  try {
    // Render everything first: a failure leaves every previous file as it was.
    const files = [[api.output, formatTypeScript(await renderTypes(api, configRoot), api.output)]];
    for (const [name, text] of Object.entries(renderApi(api, configRoot))) {
      const file = path.join(path.dirname(api.output), name);
      files.push([file, formatTypeScript(text, file)]);
    }
    for (const [file, text] of files) writeAtomic(path.join(outRoot, file), text);
    const ms = Math.round(performance.now() - started);
    console.log(`${api.name.padEnd(10)} ${path.dirname(api.output)}/{${files.map(([f]) => path.basename(f)).join(",")}}  ${ms} ms`);
  } catch (error) {
    failed = true;
    console.error(`${api.name.padEnd(10)} FAILED (${api.root}): ${error?.message ?? error}`);
  }
}
process.exitCode = failed ? 1 : 0;
