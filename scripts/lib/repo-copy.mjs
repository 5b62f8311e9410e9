// Scratch copies of the repo for tests and benchmarks that change specs or
// run builds: the real checkout is never touched.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./apis.mjs";

/** A scratch copy of the repo's files (tracked and new), sharing node_modules. */
export function copyOfRepo() {
  const copy = mkdtempSync(path.join(tmpdir(), "syncline-repo-"));
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  for (const file of listed.split("\n").filter(Boolean)) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    try {
      cpSync(path.join(repoRoot, file), path.join(copy, file));
    } catch (error) {
      // A file another task writes for a moment may be gone by now: it is no part of the repo.
      if (error.code !== "ENOENT") throw error;
    }
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
  // A workspace's own node_modules holds what npm could not hoist (the mock's openapi-backend).
  for (const workspace of [...readdirSync(path.join(repoRoot, "packages")).map((name) => `packages/${name}`), "examples", "bench"]) {
    const modules = path.join(repoRoot, workspace, "node_modules");
    if (existsSync(modules) && existsSync(path.join(copy, workspace))) symlinkSync(modules, path.join(copy, workspace, "node_modules"), "dir");
  }
  return copy;
}

/**
 * copyOfRepo() whose workspace packages resolve to the copy's own (node_modules/@syncline/* link
 * to its packages/), so what it builds never reads the repo's dist while another test rebuilds it.
 * With `turboCache`, it starts from a copy of the repo's turbo cache: what the copy has not
 * changed replays instead of building again.
 */
export function isolatedCopyOfRepo({ turboCache = false } = {}) {
  const copy = copyOfRepo();
  rmSync(path.join(copy, "node_modules"));
  const modules = path.join(repoRoot, "node_modules");
  mkdirSync(path.join(copy, "node_modules/@syncline"), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry !== "@syncline") symlinkSync(path.join(modules, entry), path.join(copy, "node_modules", entry));
  }
  for (const name of readdirSync(path.join(modules, "@syncline"))) {
    const target = realpathSync(path.join(modules, "@syncline", name)).replace(repoRoot, copy);
    symlinkSync(target, path.join(copy, "node_modules/@syncline", name), "dir");
  }
  const cache = path.join(repoRoot, ".turbo/cache");
  if (turboCache && existsSync(cache)) cpSync(cache, path.join(copy, ".turbo/cache"), { recursive: true });
  return copy;
}
