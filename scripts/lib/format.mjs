// Formats generated TypeScript with the repo's Biome config (biome.jsonc), so
// generated code reads like the hand-written code and passes `npm run lint`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { repoRoot } from "./apis.mjs";

const require = createRequire(import.meta.url);

// Biome's native binary, called directly: its npm wrapper (`@biomejs/biome/bin/biome`) starts a
// node process and runs `ldd` for every call, five times the binary's own cost, and generation
// formats three files per API. npm installs only the platform package that fits this machine.
function biomeCommand() {
  const executable = process.platform === "win32" ? "biome.exe" : "biome";
  for (const variant of ["", "-musl"]) {
    try {
      return [require.resolve(`@biomejs/cli-${process.platform}-${process.arch}${variant}/${executable}`)];
    } catch {
      // Not installed for this platform: try the next, then the wrapper.
    }
  }
  return [process.execPath, require.resolve("@biomejs/biome/bin/biome")];
}

const [command, ...commandArgs] = biomeCommand();

/** `text` formatted as the file at `filePath` (relative to the repo root) would be. */
export function formatTypeScript(text, filePath) {
  const result = spawnSync(command, [...commandArgs, "format", `--stdin-file-path=${filePath}`], {
    cwd: repoRoot,
    input: text,
    encoding: "utf8",
    maxBuffer: 1024 ** 3,
  });
  if (result.status !== 0) throw new Error(`biome could not format ${filePath}:\n${result.stderr || result.stdout}`);
  return result.stdout;
}
