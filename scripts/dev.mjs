#!/usr/bin/env node
// npm run dev: watches the specs, the hand-written sources and the generator,
// and after each save runs the build's task graph (lint the specs, generate,
// bundle, build), then updates the API report of each package it rebuilt.
// turbo hashes every task's inputs, so only what the save changed runs again;
// the rest replays from its cache. A lint or type error is printed, and the
// watch goes on. Ctrl-C stops.
import { spawn } from "node:child_process";
import { readFileSync, rmSync, watch } from "node:fs";
import path from "node:path";
import { repoRoot } from "./lib/apis.mjs";

const WATCHED = ["specs", "packages", "scripts/lib", "scripts/generate.mjs", "scripts/bundle.mjs", "redocly.yaml", "tsup.config.ts"];
// What the build writes (or tools keep): a save there is the loop's own doing, never a reason to run again.
const OUTPUTS = /(^|\/)(node_modules|dist|generated|openapi|docs|temp|etc|\.turbo)(\/|$)|test-results|\.tmp$|~$/;
const TASKS = ["lint:specs", "build"];

let running;
let updatingReports = false;
let pending = false;
let timer;
// Packages rebuilt whose API reports are not yet updated (a save during the update cancels it).
const reportsDue = new Set();

/** Runs turbo with `args` in a process group of its own (Ctrl-C ends every task it started); resolves to its exit code and output. */
function turbo(args) {
  running = spawn(path.join(repoRoot, "node_modules/.bin/turbo"), ["run", ...args, "--output-logs=errors-only"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
    // The API reports follow the watched sources, whether or not CI is set where dev runs.
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", REDOCLY_TELEMETRY: "off", SYNCLINE_API_REPORT: "update" },
    detached: true,
  });
  let output = "";
  running.stdout.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => running.on("exit", (code) => resolve({ code, output })));
}

/** The packages whose build ran (not replayed from the cache), from turbo's run summary. */
function rebuilt(output) {
  const summary = output.match(/Summary:\s+(\S+\.json)/)?.[1];
  if (!summary) return [];
  const { tasks } = JSON.parse(readFileSync(summary, "utf8"));
  rmSync(summary); // one per save: a long session would pile them up
  return tasks.filter((task) => task.task === "build" && task.cache.status !== "HIT").map((task) => task.package);
}

async function build(reason) {
  if (running) {
    pending = true;
    // The reports wait; the next build comes first, so a save is never queued behind API Extractor.
    if (updatingReports) process.kill(-running.pid, "SIGTERM");
    return;
  }
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${reason}: building...`);
  let { code, output } = await turbo([...TASKS, "--summarize"]);
  const packages = code === 0 ? rebuilt(output) : [];
  if (code === 0) console.log(`built in ${seconds()} s (rebuilt: ${packages.join(", ") || "nothing"})`);
  for (const name of packages) reportsDue.add(name);
  // The API reports of what changed, so `npm test` finds them current (CI refuses a stale one).
  if (code === 0 && reportsDue.size > 0 && !pending) {
    updatingReports = true;
    ({ code, output } = await turbo(["api-report", ...[...reportsDue].map((name) => `--filter=${name}`)]));
    updatingReports = false;
    if (code === 0) {
      reportsDue.clear();
      console.log(`API reports updated in ${seconds()} s`);
    }
  }
  running = undefined;
  if (pending) {
    pending = false;
    build("changed while building");
    return;
  }
  if (code === 0) console.log(`watching ${WATCHED.join(", ")}`);
  else console.log(`${output.trim()}\nfailed after ${seconds()} s; fix it and save again`);
}

for (const target of WATCHED) {
  watch(path.join(repoRoot, target), { recursive: true }, (_event, file) => {
    const changed = file ? path.join(target, String(file)) : target;
    if (OUTPUTS.test(changed)) return;
    // Editors save in bursts (a temp file, a rename): one build per burst.
    clearTimeout(timer);
    timer = setTimeout(() => build(changed), 100);
  });
}

function stop() {
  if (running) process.kill(-running.pid, "SIGTERM");
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

build("start");
