// Bundle size of an app that creates a client and calls list: esbuild,
// minified, tree-shaken, ESM, browser. Bytes minified and gzipped (level 9).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const entries = {
  "@syncline/commerce": `import { createCommerceClient } from "@syncline/commerce";
createCommerceClient({ apiKey: "k" }).connections.list({ companyId: "c" }).then(console.log);`,
  "@syncline/payables": `import { createPayablesClient } from "@syncline/payables";
createPayablesClient({ apiKey: "k" }).connections.list({ companyId: "c" }).then(console.log);`,
  "@syncline/platform": `import { createPlatformClient } from "@syncline/platform";
createPlatformClient({ apiKey: "k" }).connections.list({ companyId: "c" }).then(console.log);`,
  "@syncline/powens": `import { createPowensClient } from "@syncline/powens";
createPowensClient({ accessToken: "t" }).connections.listUserConnections().then(console.log);`,
  "openapi-fetch (bare)": `import createClient from "openapi-fetch";
createClient({ baseUrl: "https://api.codat.io" }).GET("/companies/{companyId}/connections", { params: { path: { companyId: "c" } } }).then(console.log);`,
  "@codat/sync-for-commerce 5.0.0": `import { CodatSyncCommerce } from "@codat/sync-for-commerce";
new CodatSyncCommerce({ authHeader: "Basic k" }).connections.list({ companyId: "c" }).then(console.log);`,
  "@codat/platform 6.2.1": `import { CodatPlatform } from "@codat/platform";
new CodatPlatform({ authHeader: "Basic k" }).connections.list({ companyId: "c" }).then(console.log);`,
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
