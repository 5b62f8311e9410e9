// Bundle size of an app that creates a client and calls two operations: esbuild,
// minified, tree-shaken, ESM, browser. Bytes minified and gzipped (level 9).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { apps } from "./apps.mjs";

// Every API in redocly.yaml, twice: the client object and the standalone functions (apps.mjs).
const clientEntries = apps.flatMap(({ name, client, functions }) => [
  [`@syncline/${name}`, client.source],
  [`@syncline/${name} (functions)`, functions.source],
]);

/** Apps that create a client and call two operations (list and create), one entry per contender. */
export const entries = {
  ...Object.fromEntries(clientEntries),
  "openapi-fetch (bare)": `import createClient from "openapi-fetch";
const client = createClient({ baseUrl: "https://api.codat.io" });
client.GET("/companies/{companyId}/connections", { params: { path: { companyId: "c" } } }).then(console.log);
client.POST("/companies/{companyId}/connections", { params: { path: { companyId: "c" } }, body: { platformKey: "gbol" } }).then(console.log);`,
  "@codat/sync-for-commerce 5.0.0": `import { CodatSyncCommerce } from "@codat/sync-for-commerce";
const client = new CodatSyncCommerce({ authHeader: "Basic k" });
client.connections.list({ companyId: "c" }).then(console.log);
client.connections.create({ companyId: "c", requestBody: { platformKey: "gbol" } }).then(console.log);`,
  "@codat/platform 6.2.1": `import { CodatPlatform } from "@codat/platform";
const client = new CodatPlatform({ authHeader: "Basic k" });
client.connections.list({ companyId: "c" }).then(console.log);
client.connections.create({ companyId: "c", requestBody: { platformKey: "gbol" } }).then(console.log);`,
};

/** Minified bytes per package in the bundle (esbuild's metafile), largest first: where the bytes go. */
function parts(metafile) {
  const byPackage = {};
  for (const [input, { bytesInOutput }] of Object.entries(Object.values(metafile.outputs)[0].inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)|packages\/([^/]+)/.exec(input);
    const name = match ? (match[1] ?? `@syncline/${match[2]}`) : "(entry)";
    byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
  }
  return Object.entries(byPackage).sort((a, b) => b[1] - a[1]);
}

/** An app's bundle as a browser build would ship it: minified, tree-shaken ESM, in memory. */
const bundle = (file, options = {}) =>
  build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    metafile: true,
    ...options,
  });

export async function bundleSizes() {
  const dir = mkdtempSync(path.join(path.dirname(new URL(import.meta.url).pathname), ".bundle-"));
  try {
    const rows = [];
    for (const [name, source] of Object.entries(entries)) {
      const file = path.join(dir, `${rows.length}.mjs`);
      writeFileSync(file, source);
      const result = await bundle(file);
      const code = result.outputFiles[0].contents;
      rows.push({ name, minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, parts: parts(result.metafile) });
    }
    // The same commerce bundle built from the runtime's sources: bytes per runtime module.
    const file = path.join(dir, "modules.mjs");
    writeFileSync(file, entries["@syncline/commerce"]);
    const runtimeSrc = fileURLToPath(new URL("../../packages/runtime/src/index.ts", import.meta.url));
    const fromSource = await bundle(file, { alias: { "@syncline/runtime": runtimeSrc } });
    const modules = Object.entries(Object.values(fromSource.metafile.outputs)[0].inputs)
      .filter(([input]) => input.includes("packages/runtime/src/"))
      .map(([input, { bytesInOutput }]) => [path.basename(input), bytesInOutput])
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1]);
    return { rows, runtimeModules: modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
