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
          testTimeout: 240_000,
          // npm test runs it with the scripts' tests, in one pool of two workers: the longest file,
          // it starts first (vitest runs the largest files first) instead of after every other task.
          maxWorkers: 2,
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
        },
      },
    ],
  },
});
