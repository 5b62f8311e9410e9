#!/usr/bin/env node
// npm run test:runtimes: the packed packages' consumer flow (consumer.mjs) on
// every JavaScript runtime users run, against the mock on 127.0.0.1, plus a
// type-check with the oldest TypeScript we support. The runtimes come from the
// npm registry into scripts/runtimes/node_modules (pinned in package.json
// here); a browser run needs Chromium from Debian (`apt-get install chromium`)
// and is reported as skipped without it. Not part of `npm test`: ~750 MB.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, startMockServer } from "@syncline/mock";
import { findChromium } from "../lib/chromium.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const bin = (...parts) => path.join(here, "node_modules", ...parts);
const run = (command, args, options = {}) => execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });

// 1. The runtimes, from the npm registry, once.
if (!existsSync(bin("node24"))) {
  console.log("installing the runtimes into scripts/runtimes/node_modules (once, ~750 MB) ...");
  run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: here });
}

// 2. A consumer project that installs the packed tarballs, as a user's app would.
const consumer = mkdtempSync(path.join(tmpdir(), "syncline-runtimes-"));
const tarballs = {};
for (const name of ["runtime", "commerce", "powens"]) {
  const file = run("npm", ["pack", "--pack-destination", consumer, "-w", `@syncline/${name}`], { cwd: repoRoot })
    .trim()
    .split("\n")
    .at(-1);
  tarballs[`@syncline/${name}`] = `file:./${file}`;
}
writeFileSync(
  path.join(consumer, "package.json"),
  JSON.stringify(
    { name: "consumer", private: true, type: "module", dependencies: tarballs, overrides: { "@syncline/runtime": tarballs["@syncline/runtime"] } },
    null,
    2,
  ),
);
run("npm", ["install", "--no-audit", "--no-fund"], { cwd: consumer });
for (const file of ["consumer.mjs", "main.mjs", "worker.mjs", "page.html", "types.ts"]) copyFileSync(path.join(here, file), path.join(consumer, file));

const mock = await startMockServer({ api: "all" });
const config = { codatUrl: mock.urls.commerce, powensUrl: mock.urls.powens, apiKey: DEFAULT_API_KEY, accessToken: DEFAULT_ACCESS_TOKEN };

/** Runs a command that prints the flow's JSON result; resolves with its passed steps or rejects with what it printed. */
async function cli(command, args) {
  const child = spawn(command, args, { cwd: consumer, env: { ...process.env, SYNCLINE_RUNTIME_CONFIG: JSON.stringify(config), NO_COLOR: "1" } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const [code] = await once(child, "exit");
  const result = output.split("\n").find((line) => line.startsWith('{"passed"'));
  if (code !== 0 || !result) throw new Error(output.trim().slice(-2000));
  return JSON.parse(result).passed;
}

/** Bundles an entry of the consumer app into one ES module, as a Worker or a page loads it. */
const bundleForWeb = (entry, outfile) =>
  build({
    entryPoints: [path.join(consumer, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: path.join(consumer, outfile),
    logLevel: "error",
  });

/** workerd: the flow bundled as a Worker, served by workerd, triggered by one request. */
async function workerd() {
  await bundleForWeb("worker.mjs", "worker.js");
  const port = await freePort();
  writeFileSync(
    path.join(consumer, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
# The mock is on this machine: the Worker may reach loopback addresses only.
const worker :Workerd.Worker = (modules = [ (name = "worker", esModule = embed "worker.js") ], compatibilityDate = "2026-11-01", globalOutbound = "loopback");
`,
  );
  const child = spawn(bin("@cloudflare/workerd-linux-64/bin/workerd"), ["serve", "config.capnp"], { cwd: consumer, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  try {
    for (let tries = 0; ; tries++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/?config=${encodeURIComponent(JSON.stringify(config))}`);
        const result = await response.json();
        if (result.error) throw new Error(result.error);
        return result.passed;
      } catch (error) {
        if (tries > 100 || !String(error.cause?.code ?? "").startsWith("ECONNREFUSED")) throw new Error(`${error.message}\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    child.kill();
  }
}

const chromiumBinary = findChromium();

/** Headless Chromium: the flow bundled for the browser, on a page served from 127.0.0.1 (the mock allows its origin). */
async function chromium() {
  if (!chromiumBinary) return "skipped: no Chromium on PATH (apt-get install chromium)";
  await bundleForWeb("consumer.mjs", "browser-bundle.js");
  let report;
  const reported = new Promise((resolve) => (report = resolve));
  const server = createServer(async (req, res) => {
    const route = new URL(req.url, "http://x").pathname;
    if (route === "/result") {
      let body = "";
      for await (const chunk of req) body += chunk;
      res.end();
      return report(JSON.parse(body));
    }
    const file = route === "/" ? "page.html" : "browser-bundle.js";
    res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html" : "text/javascript" });
    res.end(readFileSync(path.join(consumer, file)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${server.address().port}/?config=${encodeURIComponent(JSON.stringify(config))}`;
  const child = spawn(
    chromiumBinary,
    ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${path.join(consumer, "chromium-profile")}`, url],
    { stdio: "ignore" },
  );
  try {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("the page reported nothing within 30 s")), 30_000).unref());
    const result = await Promise.race([reported, timeout]);
    if (result.error) throw new Error(result.error);
    return result.passed;
  } finally {
    child.kill();
    server.close();
  }
}

/** The consumer's types with the oldest TypeScript we support. */
function typescriptMin() {
  const tsc = bin("typescript-min/bin/tsc");
  run(
    process.execPath,
    [tsc, "--noEmit", "--strict", "--skipLibCheck", "false", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "types.ts"],
    {
      cwd: consumer,
    },
  );
  return "passed: the consumer type-checks (strict, module nodenext, skipLibCheck false)";
}

async function freePort() {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  return port;
}

const version = (command, args = ["--version"]) => run(command, args).trim().split("\n")[0];
const runtimes = [
  ["Node.js", version(process.execPath), () => cli(process.execPath, ["main.mjs"])],
  ["Node.js", version(bin("node22/bin/node")), () => cli(bin("node22/bin/node"), ["main.mjs"])],
  ["Node.js", version(bin("node24/bin/node")), () => cli(bin("node24/bin/node"), ["main.mjs"])],
  ["Bun", version(bin("@oven/bun-linux-x64/bin/bun")), () => cli(bin("@oven/bun-linux-x64/bin/bun"), ["main.mjs"])],
  [
    "Deno",
    version(bin("@deno/linux-x64-glibc/deno")),
    () => cli(bin("@deno/linux-x64-glibc/deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "main.mjs"]),
  ],
  ["workerd (Cloudflare Workers)", version(bin("@cloudflare/workerd-linux-64/bin/workerd")), workerd],
  ["Chromium (headless)", chromiumBinary ? spawnSync(chromiumBinary, ["--version"], { encoding: "utf8" }).stdout.trim() : "-", chromium],
  ["TypeScript (oldest supported)", version(process.execPath, [bin("typescript-min/bin/tsc"), "--version"]), async () => typescriptMin()],
];

let failed = 0;
console.log("| runtime | version | result |\n|---|---|---|");
for (const [name, versionText, check] of runtimes) {
  const started = performance.now();
  try {
    const passed = await check();
    const ms = Math.round(performance.now() - started);
    console.log(`| ${name} | ${versionText} | ${typeof passed === "string" ? passed : `passed: ${passed.length} steps, ${ms} ms`} |`);
  } catch (error) {
    failed++;
    console.log(`| ${name} | ${versionText} | **FAILED**: ${String(error.message).split("\n")[0]} |`);
    // A failed command's own output (tsc's errors, a runtime's stack) says why.
    console.error([error.message, error.stdout, error.stderr].filter(Boolean).join("\n"));
  }
}
await mock.close();
rmSync(consumer, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
