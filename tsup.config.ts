// The one build config every package uses: `tsup --config ../../tsup.config.ts`.
// ESM + CJS + .d.ts/.d.cts, platform-neutral so the clients run in Node and browsers.
import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { name: string; version: string };

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  splitting: false,
  treeshake: true,
  // import.meta.url in the CJS build (the mock loads its specs relative to itself).
  shims: true,
  // The x-syncline-client header names the package and its version.
  define: { __SYNCLINE_PACKAGE__: JSON.stringify(`${pkg.name}/${pkg.version}`) },
});
