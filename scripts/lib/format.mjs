// Formats generated TypeScript with the repo's Biome config (biome.jsonc), so
// generated code reads like the hand-written code and passes `npm run lint`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { repoRoot } from "./apis.mjs";

const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

/** `text` formatted as the file at `filePath` (relative to the repo root) would be. */
export function formatTypeScript(text, filePath) {
  const result = spawnSync(process.execPath, [biome, "format", `--stdin-file-path=${filePath}`], {
    cwd: repoRoot,
    input: text,
    encoding: "utf8",
    maxBuffer: 1024 ** 3,
  });
  if (result.status !== 0) throw new Error(`biome could not format ${filePath}:\n${result.stderr || result.stdout}`);
  return result.stdout;
}
