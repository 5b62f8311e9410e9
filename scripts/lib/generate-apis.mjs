// What scripts/generate.mjs does, as a function: the CLI calls it, and the
// generator's tests call it in their own process (no node start-up per run).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadApis, readmeOf, repoRoot } from "./apis.mjs";
import { describeApi } from "./describe-api.mjs";
import { formatTypeScript } from "./format.mjs";
import { renderApi } from "./render-client.mjs";
import { withMethods } from "./render-readme.mjs";
import { renderTypes } from "./render-types.mjs";
import { writeAtomic } from "./write-atomic.mjs";

/** The command line `[api ...] [--out-dir DIR] [--config redocly.yaml]` as generateApis options. */
export function parseGenerateArgs(args) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "out-dir": { type: "string" }, config: { type: "string" } } });
  const configPath = path.resolve(values.config ?? path.join(repoRoot, "redocly.yaml"));
  // Spec paths in the config are relative to the config's folder.
  const configRoot = path.dirname(configPath);
  return { configPath, only: positionals, outRoot: values["out-dir"] ? path.resolve(values["out-dir"]) : configRoot };
}

/**
 * Generates each API's schema.ts, operations.ts and client.ts (and the method
 * tables of its package README, between their markers), one line per
 * API to `log` (or `error` when it fails). Resolves to whether any failed;
 * an API's files are all rendered before any is written, so a failure leaves
 * the previous ones as they were.
 */
export async function generateApis({ configPath, only, outRoot, log = console.log, error = console.error }) {
  const configRoot = path.dirname(configPath);
  let failed = false;
  for (const api of loadApis({ configPath, only })) {
    const started = performance.now();
    try {
      const files = [[api.output, formatTypeScript(await renderTypes(api, configRoot), api.output)]];
      const model = await describeApi(api, configRoot);
      for (const [name, text] of Object.entries(await renderApi(api, configRoot, model))) {
        const file = path.join(path.dirname(api.output), name);
        files.push([file, formatTypeScript(text, file)]);
      }
      // The package README's method tables, where it has the markers for them.
      const readme = readmeOf(api) && path.join(configRoot, readmeOf(api));
      const withTables = readme && existsSync(readme) ? withMethods(readFileSync(readme, "utf8"), model) : undefined;
      if (withTables !== undefined) files.push([readmeOf(api), withTables]);
      for (const [file, text] of files) writeAtomic(path.join(outRoot, file), text);
      const ms = Math.round(performance.now() - started);
      const modules = files.filter(([f]) => f !== readmeOf(api)).map(([f]) => path.basename(f));
      log(`${api.name.padEnd(10)} ${path.dirname(api.output)}/{${modules.join(",")}}${withTables ? ` and ${readmeOf(api)}'s method tables` : ""}  ${ms} ms`);
    } catch (cause) {
      failed = true;
      error(`${api.name.padEnd(10)} FAILED (${api.root}): ${cause?.message ?? cause}`);
    }
  }
  return failed;
}
