#!/usr/bin/env node
// Instructions per request, under valgrind's callgrind: for each contender,
// (count after N calls − count after 0 calls) / N, both runs after the same
// warm-up, so process start-up cancels out. The server runs outside valgrind.
// Slow (a few minutes): `npm run bench:instructions -w @syncline/bench [-- N]`.
// Needs valgrind (Debian package `valgrind`). Not part of npm test.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

// 200 calls per run: with far fewer, a single GC pause swamps the per-request figure.
const n = Number(process.argv[2] ?? 200);
const contenders = ["raw", "bare", "syncline", "codatCommerce", "codatPlatform"];

// Child mode: make `calls` requests with one contender.
if (process.argv[2] === "--child") {
  const [, , , variant, calls, base] = process.argv;
  const { contenders: make } = await import("./contenders.mjs");
  const names = {
    raw: "raw fetch",
    bare: "openapi-fetch (bare)",
    syncline: "@syncline/commerce",
    codatCommerce: "@codat/sync-for-commerce 5.0.0",
    codatPlatform: "@codat/platform 6.2.1",
  };
  const { call } = make(base).find((c) => c.name === names[variant]);
  for (let i = 0; i < 50; i++) await call();
  for (let i = 0; i < Number(calls); i++) await call();
  process.exit(0);
}

const server = spawn(process.execPath, [fileURLToPath(new URL("./server.mjs", import.meta.url))], { stdio: ["ignore", "pipe", "inherit"] });
const base = (await once(server.stdout, "data"))[0].toString().trim();
const count = (variant, calls) => {
  // callgrind reports its totals on stderr.
  const { stderr } = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, fileURLToPath(import.meta.url), "--child", variant, String(calls), base],
    { encoding: "utf8" },
  );
  const collected = /Collected : (\d+)/.exec(stderr)?.[1];
  if (!collected) throw new Error(`callgrind gave no count for ${variant}:\n${stderr.slice(-500)}`);
  return Number(collected);
};
try {
  const perRequest = {};
  for (const variant of contenders) perRequest[variant] = (count(variant, n) - count(variant, 0)) / n;
  console.log(`| contender | instructions / request | over raw fetch |\n|---|---|---|`);
  for (const variant of contenders)
    console.log(
      `| ${variant} | ${Math.round(perRequest[variant]).toLocaleString("en")} | ${Math.round(perRequest[variant] - perRequest.raw).toLocaleString("en")} |`,
    );
} finally {
  server.kill();
}
