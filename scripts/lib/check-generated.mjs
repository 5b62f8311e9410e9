// Whether the committed generated files match a fresh generation. Regenerates into a temp dir (the
// working tree is never touched), so it is safe to run before or beside a build. In-process, so a
// test runs it without starting node twice (the CLI, then the generator).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { generatedFiles, loadApis, readmeOf } from "./apis.mjs";
import { generateApis } from "./generate-apis.mjs";

/** Resolves to whether the output is up to date; each stale file's diff (its first 40 lines) goes to `error`. */
export async function checkGenerated({ configPath, log = console.log, error = console.error }) {
  const configRoot = path.dirname(configPath);
  const outDir = mkdtempSync(path.join(tmpdir(), "syncline-generated-"));
  try {
    if (await generateApis({ configPath, only: [], outRoot: outDir, log: () => {}, error })) {
      error("check:generated could not regenerate (above)");
      return false;
    }
    const stale = [];
    // The generated files, and each package README whose method tables the generator wrote.
    const apis = loadApis({ configPath });
    const readmes = apis.map(readmeOf).filter((file) => file && existsSync(path.join(outDir, file)));
    for (const file of [...apis.flatMap(generatedFiles), ...readmes]) {
      const committedPath = path.join(configRoot, file);
      const committed = existsSync(committedPath) ? readFileSync(committedPath, "utf8") : "";
      const fresh = readFileSync(path.join(outDir, file), "utf8");
      if (committed !== fresh) {
        stale.push(file);
        const patch = createTwoFilesPatch(file, `${file} (regenerated)`, committed, fresh);
        // Enough of the diff to show what changed without flooding CI logs.
        error(patch.split("\n").slice(0, 40).join("\n"));
      }
    }
    if (stale.length > 0) {
      error(`\nStale generated output (run \`npm run generate\` and commit):\n  ${stale.join("\n  ")}`);
      return false;
    }
    log("Generated output is up to date.");
    return true;
  } catch (cause) {
    error(`check:generated could not regenerate: ${cause.message}`);
    return false;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
