// One vitest config for the repo: each package is a project (named after its
// package.json), plus the repo-level tests of scripts/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "examples",
      {
        test: {
          name: "release",
          include: ["scripts/release-test/**/*.test.ts"],
          // The end-to-end release on a local registry: `npm run test:release`, run by CI's own job and
          // before every publish; about 2.5 minutes of CPU, so not part of `npm test`'s 2 minutes.
          testTimeout: 240_000,
        },
      },
      {
        test: {
          // The documentation site in headless Chromium: `npm run test:docs`, not part of `npm test`.
          name: "docs",
          include: ["scripts/docs-test/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "scripts",
          include: ["scripts/test/**/*.test.ts"],
          testTimeout: 60_000,
          // Set-ups copy the repo or generate clients: seconds alone, more while other tasks share the cores.
          hookTimeout: 60_000,
          // Generation, type-checking and scratch repos: CPU-bound files with no tight timing, so two at
          // a time (vitest's default on 2 cores is one). The packages' fault tests keep one.
          maxWorkers: 2,
          // One module graph per worker, not per file: TypeScript, its parsed lib files and the
          // generator load once per worker instead of once per file (half the project's CPU). Each
          // file writes to its own scratch folder and none mocks a module or global.
          isolate: false,
        },
      },
    ],
  },
});
