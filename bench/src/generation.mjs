// Generation cost: our generator on synthetic specs of N operations
// (generate = types, operations and client; then tsc type-checks the output),
// the gzip size of an app calling two of those N operations (the bundle must
// not grow with the API), and the repo's own clean vs cached build.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { renderApi } from "../../scripts/lib/render-client.mjs";
import { renderTypes } from "../../scripts/lib/render-types.mjs";
import { formatTypeScript } from "../../scripts/lib/format.mjs";

const benchDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.resolve(benchDir, "..");

/** A spec with `n` operations over `n / 2` paths, sharing components like a real API. */
export function syntheticSpec(n) {
  const paths = {};
  for (let i = 0; i < n; i += 2) {
    const op = (method, index) => ({
      operationId: `${method}-thing-${index}`,
      "x-syncline-method": `${method}Thing${index}`,
      parameters: [
        { name: "thingId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
        { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
      ],
      ...(method === "update"
        ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ThingUpdate" } } } } }
        : {}),
      responses: {
        200: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
        404: { description: "Not found", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    });
    paths[`/things${i}/{thingId}`] = { get: op("get", i), patch: op("update", i + 1) };
  }
  return {
    openapi: "3.1.0",
    info: { title: `Synthetic ${n}`, version: "1.0.0" },
    servers: [{ url: "https://api.example.com" }],
    security: [{ bearer: [] }],
    "x-syncline-resource": "things",
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Thing: {
          type: "object",
          required: ["id", "status"],
          properties: { id: { type: "string" }, status: { type: "string", enum: ["on", "off"] }, note: { type: ["string", "null"] } },
        },
        ThingUpdate: { type: "object", properties: { status: { type: "string", enum: ["on", "off"] } } },
        Error: { type: "object", properties: { error: { type: "string" } } },
      },
    },
  };
}

export async function generationScaling(sizes) {
  const rows = [];
  for (const n of sizes) {
    // Inside bench/ so the generated client resolves @syncline/runtime like a package does.
    const dir = mkdtempSync(path.join(benchDir, ".synthetic-"));
    try {
      writeFileSync(path.join(dir, "spec.json"), JSON.stringify(syntheticSpec(n)));
      const api = { name: "synthetic", key: "synthetic@v1", root: "spec.json", output: "schema.ts" };
      const started = performance.now();
      // Formatted as `npm run generate` formats them.
      writeFileSync(path.join(dir, "schema.ts"), formatTypeScript(await renderTypes(api, dir), "bench/synthetic/schema.ts"));
      for (const [file, text] of Object.entries(await renderApi(api, dir)))
        writeFileSync(path.join(dir, file), formatTypeScript(text, `bench/synthetic/${file}`));
      const generateMs = performance.now() - started;
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { target: "es2022", module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, skipLibCheck: true, types: [] },
          files: ["client.ts", "operations.ts"],
        }),
      );
      const checkStarted = performance.now();
      execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], { stdio: "pipe" });
      const typecheckMs = performance.now() - checkStarted;
      rows.push({ operations: n, generateMs, typecheckMs, ...(await twoCallBundles(dir)) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/**
 * Gzip bytes of an app calling two operations of a generated synthetic API (named `api`, in
 * `dir`): through the client object, and as functions. `alias` maps packages to sources (a test
 * outside the repo's workspaces bundles the runtime from its sources).
 */
export async function twoCallBundles(dir, { api = "synthetic", alias } = {}) {
  const Api = api[0].toUpperCase() + api.slice(1);
  const gzipOf = async (source) => {
    writeFileSync(path.join(dir, "app.ts"), source);
    const result = await build({
      entryPoints: [path.join(dir, "app.ts")],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
      alias,
    });
    return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  };
  const clientGzip = await gzipOf(`import { create${Api}Client } from "./client";
const client = create${Api}Client({ accessToken: "t" });
client.things.getThing0({ thingId: "a" }).then(console.log);
client.things.updateThing1({ thingId: "a", requestBody: { status: "on" } }).then(console.log);`);
  const functionsGzip = await gzipOf(`import { create${Api}Core } from "./client";
import { thingsGetThing0, thingsUpdateThing1 } from "./operations";
const core = create${Api}Core({ accessToken: "t" });
thingsGetThing0(core, { thingId: "a" }).then(console.log);
thingsUpdateThing1(core, { thingId: "a", requestBody: { status: "on" } }).then(console.log);`);
  return { clientGzip, functionsGzip };
}

/** `turbo run build --force` (everything from scratch) vs a second, cached `turbo run build`. */
export function repoBuildTimes() {
  const turbo = path.join(repoRoot, "node_modules/.bin/turbo");
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };
  const time = (args) => {
    const started = performance.now();
    execFileSync(turbo, ["run", "build", ...args], { cwd: repoRoot, env, stdio: "ignore" });
    return performance.now() - started;
  };
  return { cleanMs: time(["--force"]), cachedMs: time([]) };
}
