#!/usr/bin/env node
// npm run bench: every benchmark, side by side, with ratios. `--smoke` runs
// each with tiny N (part of npm test, so the benchmarks cannot rot).
import { writeFileSync } from "node:fs";
import { bundleSizes } from "./bundle-size.mjs";
import { devLoopLatency } from "./dev-loop.mjs";
import { generationScaling, repoBuildTimes } from "./generation.mjs";
import { importTimes } from "./import-time.mjs";
import { overhead, pairedOverhead } from "./overhead.mjs";
import { redactionCost } from "./redaction-cost.mjs";
import { requestCost } from "./request-cost.mjs";
import { typecheckCost } from "./typecheck-cost.mjs";
import { uploadMemory } from "./upload-memory.mjs";

const smoke = process.argv.includes("--smoke");
const f = (n, digits = 0) => n.toFixed(digits);
const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const out = [];
const results = {};

const cost = await requestCost(smoke ? { requests: 30, rounds: 1, warmup: 5 } : { requests: 5000, rounds: 3, warmup: 1000 });
results.requestCost = cost;
const raw = cost.find((r) => r.name === "raw fetch");
const bare = cost.find((r) => r.name === "openapi-fetch (bare)");
out.push(
  `### Per request (${smoke ? "smoke" : "5,000 requests × 3 interleaved rounds, median"})`,
  table(
    ["client", "CPU µs/req (seq)", "over raw", "× raw", "req/s (seq)", "CPU µs/req (c=32)", "over raw", "req/s (c=32)"],
    cost.map((r) => [
      r.name,
      f(r.seqCpuUs),
      f(r.seqCpuUs - raw.seqCpuUs),
      f(r.seqCpuUs / raw.seqCpuUs, 2),
      f(r.seqRps),
      f(r.concCpuUs),
      f(r.concCpuUs - raw.concCpuUs),
      f(r.concRps),
    ]),
  ),
);
const ours = cost.find((r) => r.name === "@syncline/commerce");
const codatOverheads = cost.filter((r) => r.name.startsWith("@codat")).map((r) => r.seqCpuUs - raw.seqCpuUs);
out.push(
  `Syncline over bare openapi-fetch: ${f(ours.seqCpuUs - bare.seqCpuUs, 1)} µs/req sequential, ${f(ours.concCpuUs - bare.concCpuUs, 1)} µs/req at c=32. ` +
    `Syncline's overhead over raw fetch is ${f((ours.seqCpuUs - raw.seqCpuUs) / Math.min(...codatOverheads), 2)}× the smallest Codat SDK's.`,
);

const inProcess = await overhead(smoke ? { calls: 20, rounds: 1, warmup: 5 } : { calls: 2000, rounds: 30, warmup: 3000 });
const paired = await pairedOverhead(smoke ? { pairs: 4, batch: 5, warmup: 5 } : { pairs: 400, batch: 200, warmup: 3000 });
results.inProcess = { ...inProcess, paired };
const rawIn = inProcess.rows.find((r) => r.name === "raw fetch");
out.push(
  `### Per call without the network (in-process transport; ${smoke ? "smoke" : `${inProcess.calls} calls × ${inProcess.rounds} interleaved rounds, median`})`,
  table(
    ["client", "µs/call", "over raw", "CPU µs/call", "over raw"],
    inProcess.rows.map((r) => [r.name, f(r.wallUs, 1), f(r.wallUs - rawIn.wallUs, 1), f(r.cpuUs, 1), f(r.cpuUs - rawIn.cpuUs, 1)]),
  ),
  `Syncline minus bare openapi-fetch in ${paired.pairs} adjacent pairs of ${paired.batch}-call batches: median **${f(paired.wall.medianUs, 1)} µs per call** ` +
    `(quartiles ${f(paired.wall.q1Us, 1)} to ${f(paired.wall.q3Us, 1)}); CPU time ${f(paired.cpu.medianUs, 1)} µs (quartiles ${f(paired.cpu.q1Us, 1)} to ${f(paired.cpu.q3Us, 1)}).`,
);

const { rows: sizes, runtimeModules } = await bundleSizes();
results.bundleSizes = sizes;
results.runtimeModules = runtimeModules;
const bareSize = sizes.find((r) => r.name === "openapi-fetch (bare)");
out.push(
  "### Bundle (esbuild, minified, tree-shaken, ESM, browser; create a client, or its core, and call two operations: list and create)",
  table(
    ["entry", "min bytes", "gzip bytes", "gzip × openapi-fetch", "min bytes by package"],
    sizes.map((r) => [r.name, r.minBytes, r.gzipBytes, f(r.gzipBytes / bareSize.gzipBytes, 2), r.parts.map(([name, bytes]) => `${name} ${bytes}`).join(", ")]),
  ),
  `The runtime in the commerce bundle, min bytes by module: ${runtimeModules.map(([name, bytes]) => `${name} ${bytes}`).join(", ")}.`,
);

const imports = importTimes({ runs: smoke ? 2 : 15 });
results.importTimes = imports;
out.push(
  `### Cold import (median of ${smoke ? 2 : 15} fresh processes, interleaved; each times its own \`await import()\`)`,
  table(
    ["module", "import ms", "over a one-line module ms"],
    imports.map((r) => [r.name, f(r.medianMs, 1), f(r.overBareMs, 1)]),
  ),
);

const scaling = await generationScaling(smoke ? [10] : [10, 300, 1000, 5000]);
results.generation = scaling;
out.push(
  "### Generation on synthetic specs (types, operations and client; then tsc on the output; an app calling two operations)",
  table(
    ["operations", "generate ms", "ms per op", "type-check ms", "two calls, client: gzip B", "two calls, functions: gzip B"],
    scaling.map((r) => [r.operations, f(r.generateMs), f(r.generateMs / r.operations, 2), f(r.typecheckMs), r.clientGzip, r.functionsGzip]),
  ),
);
if (!smoke) {
  const build = repoBuildTimes();
  results.build = build;
  out.push(
    `Repo build (lint, generate, bundle + docs, build; 5 packages + mock): clean \`turbo run build --force\` ${f(build.cleanMs / 1000, 1)} s, cached ${f(build.cachedMs / 1000, 2)} s.`,
  );
  const devLoop = await devLoopLatency({ saves: 5 });
  results.devLoop = devLoop;
  out.push(
    `\`npm run dev\`, a save of specs/platform.yaml to its rebuilt dist (5 saves): median ${f(devLoop[2], 1)} s, slowest ${f(devLoop[4], 1)} s (target 10 s).`,
  );
}

const redaction = redactionCost(smoke ? { megabytes: 0.2, runs: 1 } : { megabytes: 3, runs: 7 });
results.redaction = redaction;
const parseFloor = redaction.find((r) => r.name.startsWith("JSON.parse")).msPerMb;
out.push(
  `### Redacting an error body (${f(redaction[0].mb, 1)} MB of JSON; a long key and a 4-digit PIN among the secrets; median of ${smoke ? 1 : 7})`,
  table(
    ["body", "ms per MB", "× JSON.parse"],
    redaction.map((r) => [r.name, f(r.msPerMb, 1), f(r.msPerMb / parseFloor, 1)]),
  ),
);

const uploads = await uploadMemory({ megabytes: smoke ? 2 : 300 });
results.uploads = uploads;
out.push(
  `### Uploading a file on disk (${uploads[0].megabytes} MB, a multipart PUT to a server in another process): peak memory growth of the client`,
  table(
    ["sent as", "peak MB", "× the floor"],
    uploads.map((r) => [r.name, f(r.peakMb), f(r.peakMb / uploads[2].peakMb, 2)]),
  ),
);

const typecheck = typecheckCost({ runs: smoke ? 1 : 3, withCodat: !smoke, libCheck: !smoke });
results.typecheck = typecheck;
out.push(
  `### Consumer type-check (tsc --noEmit, strict, skipLibCheck ${!smoke})`,
  table(
    ["consumer", "median ms", "files loaded"],
    typecheck.map((r) => [r.name, f(r.medianMs), r.files]),
  ),
);

console.log(out.join("\n\n"));
// An ignored file: a run changes nothing tracked; copy it to results.json to record it with the README's tables.
if (!smoke)
  writeFileSync(
    new URL("../results.latest.json", import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
