#!/usr/bin/env node
// Did a change to the runtime or the generator cost CPU? The commerce client
// as it was at a git ref vs as it is in the working tree, in one process, in
// adjacent pairs of batches against the in-process transport (overhead.mjs),
// so machine drift between two `npm run bench` runs drops out.
//   npm run bench:compare -w @syncline/bench -- [REF]     (default HEAD; ~20 s)
// Both clients are bundled from their sources with esbuild; REF's sources come
// from `git archive`, so the repository is only read.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { inProcessFetch, pairedDifference } from "./overhead.mjs";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const smoke = process.argv.includes("--smoke");
const ref = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? "HEAD";

/** Bundles the commerce client of the tree at `root` and returns one `list` call. */
async function commerceList(root, outfile) {
  await build({
    entryPoints: [path.join(root, "packages/commerce/src/index.ts")],
    alias: { "@syncline/runtime": path.join(root, "packages/runtime/src/index.ts") },
    nodePaths: [path.join(repo, "node_modules")],
    define: { __SYNCLINE_PACKAGE__: '"@syncline/commerce/bench"' },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "error",
  });
  const { createCommerceClient } = await import(pathToFileURL(outfile).href);
  const client = createCommerceClient({ apiKey: "k", baseUrl: "https://api.codat.io", fetch: inProcessFetch });
  return () => client.connections.list({ companyId: "c", page: 1, pageSize: 100 });
}

const dir = mkdtempSync(path.join(tmpdir(), "syncline-compare-"));
try {
  const before = path.join(dir, "ref");
  mkdirSync(before);
  const archive = execFileSync("git", ["-C", repo, "archive", ref, "packages/runtime/src", "packages/commerce/src"]);
  execFileSync("tar", ["-x", "-C", before], { input: archive });
  const old = await commerceList(before, path.join(dir, "ref.mjs"));
  const now = await commerceList(repo, path.join(dir, "now.mjs"));
  const { wall } = await pairedDifference(now, old, smoke ? { pairs: 4, batch: 5, warmup: 5 } : { pairs: 400, batch: 200, warmup: 3000 });
  console.log(
    `Working tree minus ${ref}, commerce connections.list, ${smoke ? "smoke" : "400 adjacent pairs of 200-call batches"}: ` +
      `median **${wall.medianUs.toFixed(1)} µs per call** (quartiles ${wall.q1Us.toFixed(1)} to ${wall.q3Us.toFixed(1)}).`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
