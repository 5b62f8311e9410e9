#!/usr/bin/env node
// Fails when committed generated files differ from a fresh generation.
// Regenerates into a temp dir (the working tree is never touched), so it is
// safe to run before or beside a build.
//   node scripts/check-generated.mjs [--config redocly.yaml]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTwoFilesPatch } from "diff";
import { generatedFiles, loadApis, readmeOf, repoRoot } from "./lib/apis.mjs";

const { values } = parseArgs({ options: { config: { type: "string" } } });
const configPath = path.resolve(values.config ?? path.join(repoRoot, "redocly.yaml"));
const configRoot = path.dirname(configPath);
const outDir = mkdtempSync(path.join(tmpdir(), "syncline-generated-"));
try {
  execFileSync(process.execPath, [path.join(repoRoot, "scripts/generate.mjs"), "--config", configPath, "--out-dir", outDir], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stale = [];
  // The generated files, and each package README whose method tables the generator wrote.
  const readmes = loadApis({ configPath })
    .map(readmeOf)
    .filter((file) => file && existsSync(path.join(outDir, file)));
  for (const file of [...loadApis({ configPath }).flatMap(generatedFiles), ...readmes]) {
    const committedPath = path.join(configRoot, file);
    const committed = existsSync(committedPath) ? readFileSync(committedPath, "utf8") : "";
    const fresh = readFileSync(path.join(outDir, file), "utf8");
    if (committed !== fresh) {
      stale.push(file);
      const patch = createTwoFilesPatch(file, `${file} (regenerated)`, committed, fresh);
      // Enough of the diff to show what changed without flooding CI logs.
      console.error(patch.split("\n").slice(0, 40).join("\n"));
    }
  }
  if (stale.length > 0) {
    console.error(`\nStale generated output (run \`npm run generate\` and commit):\n  ${stale.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log("Generated output is up to date.");
  }
} catch (error) {
  console.error(`check:generated could not regenerate: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
