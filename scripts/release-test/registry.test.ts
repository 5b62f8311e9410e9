// The release, proven end to end on a real registry: Verdaccio on 127.0.0.1
// with a throwaway storage dir, the real publish command pointed at it, then a
// scratch project outside the repo installs two clients from it and uses them
// from ESM, CommonJS and TypeScript (node16 and bundler resolution) against
// @syncline/mock. Nothing is published anywhere else; Verdaccio is stopped after.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, startMockServer, type MockServer } from "@syncline/mock";
import { loadApis } from "../lib/apis.mjs";
import { gitRepoCopy } from "../test/helpers";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(path.join(tmpdir(), "syncline-release-"));
const consumer = path.join(work, "consumer");
let registry: string;
let verdaccio: ChildProcess;
let mock: MockServer;
let npmEnv: NodeJS.ProcessEnv;

function sh(command: string, args: string[], cwd: string, env = npmEnv) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

/** A new project in `dir` that installs `packages`: the @syncline scope from the local registry, everything else from the usual one. */
function installIn(dir: string, packages: string[]) {
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true, version: "1.0.0" }));
  writeFileSync(path.join(dir, ".npmrc"), `@syncline:registry=${registry}\n`);
  const env = { ...npmEnv };
  delete env.npm_config_registry;
  delete env.NPM_CONFIG_REGISTRY;
  return sh("npm", ["install", ...packages, "--no-audit", "--no-fund"], dir, env);
}

/** For scripts that call the in-process mock: spawnSync would block the loop the mock answers on. */
async function node(script: string, env: NodeJS.ProcessEnv) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: consumer, env, timeout: 60_000 });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

beforeAll(async () => {
  const port = await freePort();
  registry = `http://127.0.0.1:${port}/`;
  const storage = path.join(work, "storage");
  mkdirSync(storage);
  writeFileSync(
    path.join(work, "verdaccio.yaml"),
    [
      `storage: ${storage}`,
      "auth:",
      "  htpasswd:",
      `    file: ${path.join(work, "htpasswd")}`,
      "uplinks: {}",
      "packages:",
      "  '@syncline/*':",
      "    access: $all",
      "    publish: $anonymous $authenticated",
      "  '**':",
      "    access: $all",
      `listen: 127.0.0.1:${port}`,
      "web:",
      "  enable: false",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  verdaccio = spawn(path.join(repoRoot, "node_modules/.bin/verdaccio"), ["--config", path.join(work, "verdaccio.yaml")], { stdio: "ignore" });
  // Ready when it answers.
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${registry}-/ping`)).ok) break;
    } catch {
      if (i > 100) throw new Error("verdaccio did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // An isolated npm config: a dummy token for the local registry only (npm 11 refuses to publish without one).
  const userconfig = path.join(work, "npmrc");
  writeFileSync(userconfig, `//127.0.0.1:${port}/:_authToken=local-test-token\n`);
  npmEnv = { ...process.env, NPM_CONFIG_USERCONFIG: userconfig, npm_config_registry: registry, NPM_CONFIG_REGISTRY: registry, TURBO_TELEMETRY_DISABLED: "1" };
  mock = await startMockServer({ api: "all" });
}, 60_000);

afterAll(async () => {
  verdaccio?.kill();
  await mock?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("release to a local registry", () => {
  it("publishes every public package with the real release command", () => {
    const result = sh("npm", ["run", "release", "--", "--no-git-tag"], repoRoot);
    expect(result.code, result.out).toBe(0);
    for (const name of ["runtime", ...loadApis().map((api) => api.name), "mock"]) {
      const view = sh("npm", ["view", `@syncline/${name}`, "version", "--registry", registry], work);
      expect(view.stdout.trim(), name).toBe(JSON.parse(readFileSync(path.join(repoRoot, "packages", name, "package.json"), "utf8")).version);
      // The tarball sits in this registry's throwaway storage.
      expect(
        readdirSync(path.join(work, "storage", "@syncline", name)).some((f) => f.endsWith(".tgz")),
        name,
      ).toBe(true);
    }
    // Private workspaces are never published.
    expect(sh("npm", ["view", "@syncline/test-utils", "version", "--registry", registry], work).code).not.toBe(0);
  });

  it("installs @syncline/commerce and @syncline/powens in a scratch project outside the repo", () => {
    const result = installIn(consumer, ["@syncline/commerce", "@syncline/powens"]);
    expect(result.code, result.out).toBe(0);
    // The clients and their runtime came from here: the same versions the repo just published.
    for (const name of ["commerce", "powens", "runtime"]) {
      expect(existsSync(path.join(consumer, "node_modules/@syncline", name, "dist/index.js")), name).toBe(true);
    }
  });

  it("works from an ESM script", async () => {
    writeFileSync(
      path.join(consumer, "esm.mjs"),
      `import { createCommerceClient, NotFoundError } from "@syncline/commerce";
const client = createCommerceClient({ apiKey: process.env.KEY, baseUrl: process.env.URL });
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const created = await client.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
const page = await client.connections.list({ companyId });
await client.connections.delete({ companyId, connectionId: created.id });
const gone = await client.connections.get({ companyId, connectionId: created.id }).catch((e) => e);
console.log(JSON.stringify({ status: created.status, listed: page.totalResults, notFound: gone instanceof NotFoundError }));
`,
    );
    const result = await node("esm.mjs", { ...process.env, URL: mock.urls.commerce, KEY: DEFAULT_API_KEY });
    expect(result.code, result.out).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ status: "PendingAuth", listed: 1, notFound: true });
  });

  it("works from a CommonJS script", async () => {
    writeFileSync(
      path.join(consumer, "cjs.cjs"),
      `const { createPowensClient } = require("@syncline/powens");
const client = createPowensClient({ accessToken: process.env.TOKEN, baseUrl: process.env.URL });
(async () => {
  const created = await client.connections.createUserConnection({ requestBody: { connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf", username: "u", password: "p" } });
  const { connections } = await client.connections.listUserConnections({ expand: ["connector"] });
  console.log(JSON.stringify({ id: created.id, connector: connections[0].connector.name }));
})().catch((error) => { console.error(error); process.exit(1); });
`,
    );
    const result = await node("cjs.cjs", { ...process.env, URL: mock.urls.powens, TOKEN: DEFAULT_ACCESS_TOKEN });
    expect(result.code, result.out).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ id: 1, connector: "Connecteur de test" });
  });

  it.each(["node16", "bundler"])("type-checks a TypeScript consumer with moduleResolution %s", (resolution) => {
    writeFileSync(
      path.join(consumer, "consumer.ts"),
      `import { createCommerceClient, type Connection, type DataConnectionStatus } from "@syncline/commerce";
import { createPowensClient, type ConnectionsList } from "@syncline/powens";
const commerce = createCommerceClient({ apiKey: "k" });
const powens = createPowensClient({ accessToken: () => "t", domain: "acme-sandbox" });
export async function run(): Promise<[DataConnectionStatus, ConnectionsList]> {
  const c: Connection = await commerce.connections.get({ companyId: "c", connectionId: "x" });
  // @ts-expect-error connectionId is a number for Powens
  await powens.connections.getUserConnection({ connectionId: "1" });
  return [c.status, await powens.connections.listUserConnections()];
}
`,
    );
    const options = resolution === "node16" ? { module: "node16", moduleResolution: "node16" } : { module: "esnext", moduleResolution: "bundler" };
    writeFileSync(
      path.join(consumer, `tsconfig.${resolution}.json`),
      JSON.stringify({
        compilerOptions: { ...options, target: "es2022", strict: true, skipLibCheck: false, noEmit: true, lib: ["es2022", "dom"], types: [] },
        files: ["consumer.ts"],
      }),
    );
    const result = sh(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", `tsconfig.${resolution}.json`], consumer, process.env);
    expect(result.out).toBe("");
    expect(result.code).toBe(0);
  });
});

/** The versions of @syncline/runtime installed in a project, one entry per copy on disk. */
function installedRuntimes(project: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const modules = path.join(dir, "node_modules");
    if (!existsSync(modules)) return;
    const runtime = path.join(modules, "@syncline/runtime/package.json");
    if (existsSync(runtime)) found.push(JSON.parse(readFileSync(runtime, "utf8")).version);
    for (const entry of readdirSync(modules)) {
      const scoped = entry.startsWith("@") ? readdirSync(path.join(modules, entry)).map((name) => path.join(entry, name)) : [entry];
      for (const name of scoped) walk(path.join(modules, name));
    }
  };
  walk(project);
  return found;
}

describe("the next release, a runtime minor, published after the first", () => {
  it("publishes the runtime and every client again; a consumer of two clients and the mock gets one runtime, the new one", () => {
    expect(installedRuntimes(consumer)).toHaveLength(1);
    const copy = gitRepoCopy();
    try {
      writeFileSync(path.join(copy, ".changeset/runtime-minor.md"), '---\n"@syncline/runtime": minor\n---\n\nA runtime feature.\n');
      const version = sh(path.join(repoRoot, "node_modules/.bin/changeset"), ["version"], copy);
      expect(version.code, version.out).toBe(0);
      // A release changes versions only: the build output is the repo's.
      for (const dir of readdirSync(path.join(repoRoot, "packages"))) {
        for (const output of ["dist", "openapi"]) {
          if (existsSync(path.join(repoRoot, "packages", dir, output)))
            cpSync(path.join(repoRoot, "packages", dir, output), path.join(copy, "packages", dir, output), { recursive: true });
        }
      }
      const publish = sh(path.join(repoRoot, "node_modules/.bin/changeset"), ["publish", "--no-git-tag"], copy);
      expect(publish.code, publish.out).toBe(0);
      const runtime = JSON.parse(readFileSync(path.join(copy, "packages/runtime/package.json"), "utf8")).version;
      expect(sh("npm", ["view", "@syncline/runtime", "version", "--registry", registry], work).stdout.trim()).toBe(runtime);

      const next = path.join(work, "next-consumer");
      const install = installIn(next, ["@syncline/commerce", "@syncline/powens", "@syncline/mock"]);
      expect(install.code, install.out).toBe(0);
      expect(installedRuntimes(next)).toEqual([runtime]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 240_000);
});
