// The one build config every package uses: `tsup --config ../../tsup.config.ts`.
// ESM + CJS + .d.ts/.d.cts, platform-neutral so the clients run in Node and browsers.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  splitting: false,
  treeshake: true,
});
