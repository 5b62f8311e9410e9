// Bundle size of an app that creates a client and calls list: esbuild,
// minified, tree-shaken, ESM, browser. Bytes minified and gzipped (level 9).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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

export async function bundleSizes() {
  const dir = mkdtempSync(path.join(path.dirname(new URL(import.meta.url).pathname), ".bundle-"));
  try {
    const rows = [];
    for (const [name, source] of Object.entries(entries)) {
      const file = path.join(dir, `${rows.length}.mjs`);
      writeFileSync(file, source);
      const result = await build({ entryPoints: [file], bundle: true, minify: true, treeShaking: true, format: "esm", platform: "browser", write: false, logLevel: "silent" });
      const code = result.outputFiles[0].contents;
      rows.push({ name, minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
