// The release, proven end to end on a real registry: Verdaccio on 127.0.0.1
// with a throwaway storage dir, the real publish command pointed at it, then a
// scratch project outside the repo installs two clients from it and uses them
// from ESM, CommonJS and TypeScript (node16 and bundler resolution) against
// @syncline/mock. Nothing is published anywhere else; Verdaccio is stopped after.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, startMockServer, type MockServer } from "@syncline/mock";
import semver from "semver";
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

/**
 * `source` as consumer.ts in `dir`, type-checked as a strict consumer would (skipLibCheck false, so
 * the published .d.ts are checked too) with `resolution`'s module settings: tsc's output and exit code.
 */
function typeCheckConsumer(dir: string, source: string, resolution: "node16" | "bundler") {
  writeFileSync(path.join(dir, "consumer.ts"), source);
  const options = resolution === "node16" ? { module: "node16", moduleResolution: "node16" } : { module: "esnext", moduleResolution: "bundler" };
  writeFileSync(
    path.join(dir, `tsconfig.${resolution}.json`),
    JSON.stringify({
      compilerOptions: { ...options, target: "es2022", strict: true, skipLibCheck: false, noEmit: true, lib: ["es2022", "dom"], types: [] },
      files: ["consumer.ts"],
    }),
  );
  return sh(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", `tsconfig.${resolution}.json`], dir, process.env);
}

/** For scripts that call the in-process mock: spawnSync would block the loop the mock answers on. */
async function node(script: string, env: NodeJS.ProcessEnv, cwd = consumer) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd, env, timeout: 60_000 });
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
    // From a copy: the release builds, and other tests read the checkout's dist meanwhile.
    const copy = gitRepoCopy({ isolated: true });
    try {
      const result = sh("npm", ["run", "release", "--", "--no-git-tag"], copy);
      expect(result.code, result.out).toBe(0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
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

  it.each(["node16", "bundler"] as const)("type-checks a TypeScript consumer with moduleResolution %s", (resolution) => {
    const result = typeCheckConsumer(
      consumer,
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
      resolution,
    );
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

/** An edit of a file in `root`: `from` must occur exactly once. */
function edit(root: string, file: string, from: string, to: string) {
  const text = readFileSync(path.join(root, file), "utf8");
  expect(text.split(from).length - 1, `${file}: ${from}`).toBe(1);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

const versionIn = (root: string, dir: string): string => JSON.parse(readFileSync(path.join(root, "packages", dir, "package.json"), "utf8")).version;

/**
 * The kinds of change a maintainer makes (an optional field and an operation added, a path
 * parameter renamed with the code that calls it, a hand-written fix), on two branches as the
 * README's "After editing a spec" says: the edits, whether it runs the build (a spec change regenerates its package
 * and updates its API report; a hand-written fix needs neither for the gate), what the gate says of
 * it before its changeset, and the changesets `changeset:suggest` writes.
 */
const CHANGES: { branch: string; edits: [string, string, string][]; build: boolean; verdicts: (string | RegExp)[]; suggested: string[] }[] = [
  {
    branch: "platform-changes",
    edits: [
      [
        "specs/platform.yaml",
        "        isOfflineConnector:\n",
        "        documentationUrl:\n          type: string\n          format: uri\n          description: Where the integration's setup guide is.\n        isOfflineConnector:\n",
      ],
      [
        "specs/platform.yaml",
        "  /integrations:\n",
        `  /companies/{companyId}/data/all:
    parameters:
      - $ref: "./codat-common.yaml#/components/parameters/companyId"
    post:
      operationId: refresh-all-data-types
      x-syncline-method: refreshAllData
      summary: Refresh all data
      description: Queue a pull of every data type the company's connections offer.
      tags: [Companies]
      responses:
        "204":
          description: The pulls are queued.
        "401":
          $ref: "./codat-common.yaml#/components/responses/Unauthorized"
        "404":
          $ref: "./codat-common.yaml#/components/responses/Not-Found"
  /integrations:
`,
      ],
      [
        "specs/platform.yaml",
        '  /integrations/{platformKey}/branding:\n    parameters:\n      - $ref: "./codat-common.yaml#/components/parameters/platformKey"\n',
        '  /integrations/{integrationKey}/branding:\n    parameters:\n      - name: integrationKey\n        in: path\n        required: true\n        schema:\n          $ref: "./codat-common.yaml#/components/schemas/PlatformKey"\n',
      ],
      // A breaking change moves its callers too: the mock's handler and its tests.
      ["packages/mock/src/codat.ts", "const platform = PLATFORMS[params.platformKey!];", "const platform = PLATFORMS[params.integrationKey!];"],
      [
        "packages/mock/src/codat.ts",
        "unknownIntegration(params.platformKey));\n      const image",
        "unknownIntegration(params.integrationKey));\n      const image",
      ],
      ["packages/mock/test/mock.test.ts", 'getBranding({ platformKey: "gbol" })', 'getBranding({ integrationKey: "gbol" })'],
      ["packages/mock/test/prism-contract.test.ts", 'getBranding({ platformKey: "gbol" })', 'getBranding({ integrationKey: "gbol" })'],
    ],
    build: true,
    verdicts: [
      /FAIL @syncline\/mock +needs patch declared none/,
      "- 1 source file(s) changed (packages/mock/src/codat.ts): patch",
      /FAIL @syncline\/platform +needs minor declared none +\(breaking, so a minor while @syncline\/platform is 0\./,
      "- Integration.documentationUrl: new optional field: additive",
      "- companies.refreshAllData: new operation (POST /companies/{companyId}/data/all): additive",
      "- integrations.getBranding: path parameter platformKey renamed integrationKey: breaking",
    ],
    suggested: ["mock-platform-changes.md", "platform-platform-changes.md"],
  },
  {
    branch: "runtime-fix",
    edits: [["packages/runtime/src/redact.ts", "\nexport function redactSecrets(", "\n// A fix.\nexport function redactSecrets("]],
    build: false,
    verdicts: [/FAIL @syncline\/runtime +needs patch declared none/, "1 source file(s) changed (packages/runtime/src/redact.ts): patch"],
    suggested: ["runtime-runtime-fix.md"],
  },
];

describe("a maintainer's next release: two branches as the README says, version-packages, the tests, the release", () => {
  it("rates each change in words, suggests its changeset, versions what changed, keeps the tests green and publishes what a consumer then uses", async () => {
    const copy = gitRepoCopy({ isolated: true });
    // A maintainer's machine, also when this test runs in CI: the build updates the API reports there.
    const inCopy = (command: string, args: string[], env = npmEnv) => sh(command, args, copy, { ...env, FORCE_COLOR: "0", CI: undefined });
    const git = (...args: string[]) => {
      const result = inCopy("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args]);
      expect(result.code, `git ${args.join(" ")}: ${result.out}`).toBe(0);
    };
    // The scenario's transcript, for the log: each command and what the gate said.
    const started = Date.now();
    const say = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);
    const names = ["runtime", "platform", "commerce", "mock"] as const;
    const versions = () => Object.fromEntries(names.map((dir) => [dir, versionIn(copy, dir)])) as Record<(typeof names)[number], string>;
    const before = versions();
    try {
      for (const change of CHANGES) {
        git("checkout", "-qb", change.branch, "main");
        for (const [file, from, to] of change.edits) edit(copy, file, from, to);
        say(`branch ${change.branch}: edited ${[...new Set(change.edits.map(([file]) => file))].join(", ")}`);
        if (change.build) {
          const build = inCopy("npm", ["run", "build"]);
          expect(build.code, build.out).toBe(0);
          say("npm run build");
        }
        let gate = inCopy("npm", ["run", "-s", "check:release"]);
        say(`npm run check:release\n${gate.out.trim()}`);
        expect(gate.code, `${change.branch}: ${gate.out}`).toBe(1);
        for (const verdict of change.verdicts) expect(gate.out, change.branch).toMatch(verdict);

        const suggest = inCopy("npm", ["run", "-s", "changeset:suggest"]);
        expect(suggest.code, suggest.out).toBe(0);
        const written = [...suggest.out.matchAll(/^wrote \.changeset\/(\S+)/gm)].map((match) => match[1]);
        expect(written.sort(), change.branch).toEqual(change.suggested);
        say(`npm run changeset:suggest: wrote ${written.join(", ")}`);
        gate = inCopy("npm", ["run", "-s", "check:release"]);
        expect(gate.code, `${change.branch}: ${gate.out}`).toBe(0);

        git("add", "-A");
        git("commit", "-qm", change.branch);
        git("checkout", "-q", "main");
        git("merge", "-q", "--no-ff", "-m", `Merge ${change.branch}`, change.branch);
      }

      // The release: versions and changelogs from the branches' changesets.
      const version = inCopy("npm", ["run", "version-packages"], process.env);
      expect(version.code, version.out).toBe(0);
      const after = versions();
      say(
        `npm run version-packages: ${Object.keys(after)
          .map((name) => `${name} ${before[name]} -> ${after[name]}`)
          .join(", ")}`,
      );
      expect(after.runtime).toBe(semver.inc(before.runtime, "patch"));
      expect(after.platform).toBe(semver.inc(before.platform, "minor"));
      expect(after.mock).toBe(semver.inc(before.mock, "patch"));
      // A runtime patch reaches the other clients through their ^ range: they keep their version.
      expect(after.commerce).toBe(before.commerce);
      const changelog = readFileSync(path.join(copy, "packages/platform/CHANGELOG.md"), "utf8");
      for (const line of [
        "Integration.documentationUrl: new optional field: additive",
        "integrations.getBranding: path parameter platformKey renamed integrationKey: breaking",
        "companies.refreshAllData: new operation (POST /companies/{companyId}/data/all): additive",
      ])
        expect(changelog).toContain(line);
      git("commit", "-qam", "release");

      const release = inCopy("npm", ["run", "release"]);
      expect(release.code, release.out).toBe(0);
      for (const [name, published] of Object.entries(after)) {
        expect(sh("npm", ["view", `@syncline/${name}`, "version", "--registry", registry], work).stdout.trim(), name).toBe(published);
      }
      say("npm run release: published to the local registry");

      // The tests still pass on the released main: the gate's (no version written into them), the
      // spec coverage (the new operation with no hand edit), the mock's and the platform client's.
      const vitest = path.join(copy, "node_modules/.bin/vitest");
      for (const args of [
        ["--project", "scripts", "scripts/test/release-gate.test.ts", "scripts/test/spec-coverage.test.ts"],
        ["--project", "@syncline/mock", "--project", "@syncline/platform", "packages/mock/test/mock.test.ts", "packages/platform/test"],
      ]) {
        const tests = inCopy(vitest, ["run", ...args], process.env);
        expect(tests.code, tests.out).toBe(0);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary
        say(`vitest run ${args.join(" ")}: ${tests.out.replace(/\u001b\[[0-9;]*m/g, "").match(/Tests +\d+ passed/)?.[0]}`);
      }

      // A consumer of the new release: one runtime, the new one, and the changed API as the gate described it.
      const next = path.join(work, "next-consumer");
      const install = installIn(next, ["@syncline/platform", "@syncline/commerce", "@syncline/mock"]);
      expect(install.code, install.out).toBe(0);
      expect(installedRuntimes(next)).toEqual([after.runtime]);
      const typecheck = typeCheckConsumer(
        next,
        `import { createPlatformClient, type Integration } from "@syncline/platform";
const platform = createPlatformClient({ apiKey: "k" });
export async function run(): Promise<string | undefined> {
  await platform.companies.refreshAllData({ companyId: "c" });
  // @ts-expect-error the branding's key is integrationKey since this release
  await platform.integrations.getBranding({ platformKey: "gbol" });
  const integration: Integration = await platform.integrations.get({ platformKey: "gbol" });
  await platform.integrations.getBranding({ integrationKey: integration.key });
  return integration.documentationUrl;
}
`,
        "node16",
      );
      expect(typecheck.out).toBe("");
      // And it runs against the published mock, which answers the new operation and the renamed parameter.
      writeFileSync(
        path.join(next, "run.mjs"),
        `import { createPlatformClient } from "@syncline/platform";
import { DEFAULT_API_KEY, startMockServer } from "@syncline/mock";
const mock = await startMockServer({ api: "platform" });
try {
  const platform = createPlatformClient({ apiKey: DEFAULT_API_KEY, baseUrl: mock.urls.platform, retries: false });
  const company = await platform.companies.create({ requestBody: { name: "Acme" } });
  await platform.companies.refreshAllData({ companyId: company.id });
  const branding = await platform.integrations.getBranding({ integrationKey: "gbol" });
  console.log(JSON.stringify({ refreshed: true, branding: Boolean(branding.logo) }));
} finally {
  await mock.close();
}
`,
      );
      const ran = await node("run.mjs", process.env, next);
      expect(ran.code, ran.out).toBe(0);
      expect(JSON.parse(ran.out)).toEqual({ refreshed: true, branding: true });
      say(
        `a consumer installed @syncline/platform@${after.platform}, @syncline/commerce and @syncline/mock: one runtime (${after.runtime}); it type-checks and runs`,
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 240_000);
});
