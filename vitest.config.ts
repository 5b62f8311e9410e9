// One vitest config for the repo: each package is a project (named after its
// package.json), plus the repo-level tests of scripts/ (scripts and generator:
// in npm test; e2e and docs: their own commands).
import { defineConfig } from "vitest/config";

// The repo-level tests of scripts/ (the scripts and generator projects).
const repoTests = {
  testTimeout: 60_000,
  // Set-ups copy the repo or generate clients: seconds alone, more while other tasks share the cores.
  hookTimeout: 60_000,
  // Generation, type-checking and scratch repos: CPU-bound files with no tight timing, so two at
  // a time (vitest's default on 2 cores is one). The runtime's fault tests, which mostly wait on
  // timers, run two at a time too (its package.json's --maxWorkers=2), and share one module graph per
  // worker too (--no-isolate: 30 % less CPU; none mocks a module, and the one that fakes timers restores
  // them); the other packages keep one worker.
  maxWorkers: 2,
  // One module graph per worker, not per file: TypeScript, its parsed lib files and the
  // generator load once per worker instead of once per file (half the project's CPU). Each
  // file writes to its own scratch folder and none mocks a module or global.
  isolate: false,
};

export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "examples",
      {
        test: {
          // The repo's own commands end to end in scratch copies of it: a maintainer's next release
          // published to a local registry and installed by a consumer, add-api, the dev loop, a build
          // with a broken spec, a stale API report in CI. `npm run test:e2e`, run by CI's own job and before every publish:
          // about 4 minutes of CPU, so not part of `npm test`'s 2 minutes.
          name: "e2e",
          include: ["scripts/e2e-test/**/*.test.ts"],
          testTimeout: 240_000,
          // Set-ups copy the repo, then scaffold or build in it.
          hookTimeout: 180_000,
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
      { test: { name: "scripts", include: ["scripts/test/**/*.test.ts"], exclude: ["scripts/test/generate*.test.ts"], ...repoTests } },
      // The generator's tests: a turbo task of their own beside the scripts', so neither is a long tail of npm test.
      // They compile and bundle generated code against the runtime's sources: their task waits for no build, so
      // turbo starts it first (the scripts' waits for the two builds the docs smoke build reads).
      { test: { name: "generator", include: ["scripts/test/generate*.test.ts"], ...repoTests } },
    ],
  },
});
