// `npm run add-api` end to end, in a scratch copy of the repo: a vendor spec
// (OpenAPI 3.0, its schemas in another file, no x-syncline extensions) becomes
// a package that lints, generates, builds, type-checks, passes check:package
// and its own smoke test; a spec it cannot take leaves the repo as it was.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copyOfRepo, repoRoot, run } from "../test/helpers";

const fixture = path.join(repoRoot, "scripts/test/fixtures/add-api/widgets.yaml");
// A name no real API of this repo is likely to take: the test runs in a copy of the repo as it is.
const NAME = "acme-widgets";
let copy: string;
let added: ReturnType<typeof run>;
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);
const read = (file: string) => readFileSync(path.join(copy, file), "utf8");

beforeAll(() => {
  copy = copyOfRepo();
  added = run(process.execPath, ["scripts/add-api.mjs", NAME, fixture], copy);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("npm run add-api", () => {
  it("bundles the spec, registers it with the vendor lint profile, scaffolds the package and says what to review", () => {
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Added @syncline/acme-widgets (acme-widgets@v2, 3 operations, vendor lint profile)");
    expect(added.stdout).toContain("npm install && npm run build");
    // One file: the schemas of schemas.yaml are bundled in.
    expect(read("specs/acme-widgets.yaml")).toContain("Widget:");
    expect(read("specs/acme-widgets.yaml")).not.toContain("schemas.yaml");
    const config = parse(read("redocly.yaml"));
    expect(config.apis["acme-widgets@v2"]).toMatchObject({
      root: "specs/acme-widgets.yaml",
      extends: ["minimal"],
      "x-openapi-ts": { output: "packages/acme-widgets/src/generated/schema.ts" },
    });
    // The other APIs' entries and the hand-written formatting are kept.
    expect(read("redocly.yaml").startsWith(readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8"))).toBe(true);
    const manifest = JSON.parse(read("packages/acme-widgets/package.json"));
    expect(manifest).toMatchObject({
      name: "@syncline/acme-widgets",
      version: "0.0.0",
      // The vendor's findings are warnings, one line each.
      scripts: { "lint:specs": "redocly lint --config ../../redocly.yaml --format=stylish --max-problems=10 acme-widgets@v2" },
    });
    // Nothing of another package's: its own changelog heading, README and test.
    expect(read("packages/acme-widgets/CHANGELOG.md")).toBe("# @syncline/acme-widgets\n");
    // API Extractor writes the report there, and does not create the folder itself.
    expect(existsSync(path.join(copy, "packages/acme-widgets/etc"))).toBe(true);
    expect(read("packages/acme-widgets/README.md")).toContain("await client.widgets.list()");
    expect(read("packages/acme-widgets/test/smoke.test.ts")).toContain('it("widgets.list sends GET /widgets with its credentials"');
    expect(read(".changeset/add-acme-widgets.md")).toContain('"@syncline/acme-widgets": minor');
    // The mock serves and the benchmarks measure every client they depend on.
    for (const consumer of ["packages/mock/package.json", "bench/package.json"]) {
      expect(JSON.parse(read(consumer)).dependencies).toHaveProperty("@syncline/acme-widgets");
    }
  });

  it("the new package lints, builds, type-checks, passes check:package and its smoke test", () => {
    const pkg = path.join(copy, "packages/acme-widgets");
    const step = (command: string, args: string[], cwd = pkg) => {
      const result = run(command, args, cwd);
      expect(result.code, `${command} ${args.join(" ")}\n${result.stdout}${result.stderr}`).toBe(0);
      return result;
    };
    step(bin("redocly"), ["lint", "--config", "../../redocly.yaml", "acme-widgets@v2"]);
    step(process.execPath, ["../../scripts/bundle.mjs", NAME]);
    step(bin("tsup"), ["--config", "../../tsup.config.ts"]);
    // The README's examples compile, as a reader would paste them.
    const blocks = [...read("packages/acme-widgets/README.md").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks).toHaveLength(2);
    for (const [i, block] of blocks.entries()) {
      writeFileSync(path.join(pkg, `test/readme-${i}.ts`), `${block.replaceAll('"@syncline/acme-widgets"', '"../src/index"')}\nexport {};\n`);
    }
    step(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
    for (const i of blocks.keys()) rmSync(path.join(pkg, `test/readme-${i}.ts`));
    step(process.execPath, ["../../scripts/check-package.mjs"]);
    // What `npm install` does for a workspace: link it where its test imports it from.
    mkdirSync(path.join(pkg, "node_modules/@syncline"), { recursive: true });
    symlinkSync(pkg, path.join(pkg, "node_modules/@syncline/acme-widgets"), "dir");
    const smoke = step(bin("vitest"), ["run", "--root", copy, "--project", "@syncline/acme-widgets"], copy);
    expect(smoke.stdout).toMatch(/Tests\s+1 passed/);
  }, 120_000);

  it("the mock serves the new API from its spec: examples answer, requests and credentials are checked", async () => {
    // What `npm install` links for the copy's mock: its own dependencies, and the new client.
    const realModules = path.join(repoRoot, "packages/mock/node_modules");
    const modules = path.join(copy, "packages/mock/node_modules");
    // The copy links the repo's own; this one gets a folder of its own, so nothing is added to the repo's.
    rmSync(modules);
    mkdirSync(path.join(modules, "@syncline"), { recursive: true });
    for (const entry of readdirSync(realModules)) symlinkSync(path.join(realModules, entry), path.join(modules, entry), "dir");
    symlinkSync(path.join(copy, "packages/acme-widgets"), path.join(modules, "@syncline/acme-widgets"), "dir");
    const mock = (await import(path.join(copy, "packages/mock/src/index.ts"))) as typeof import("../../packages/mock/src/index");
    expect(mock.API_NAMES).toContain("acme-widgets");
    const server = await mock.startMockServer({ api: "acme-widgets" });
    try {
      const { createAcmeWidgetsClient } = await import(path.join(copy, "packages/acme-widgets/dist/index.js"));
      const client = createAcmeWidgetsClient({ accessToken: "any-token", baseUrl: server.url, retries: false });
      // The answer is the spec's example of a Widget.
      expect(await client.widgets.get({ widgetId: 7 })).toEqual({ id: 7, name: "Sprocket", colour: "blue" });
      await expect(client.widgets.create({ requestBody: { name: "Gear" } })).resolves.toMatchObject({ id: 7 });
      // A request the spec forbids, and one without its credential, are refused with the reason.
      const invalid = await fetch(`${server.url}/widgets`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ id: "not a number" }),
      });
      expect(invalid.status).toBe(404);
      expect(invalid.headers.get("x-mock-reason")).toMatch(/does not match the API description; requestBody must have required property 'name'/);
      const anonymous = await fetch(`${server.url}/widgets`);
      expect(anonymous.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("refuses a name already taken, and a spec the generator cannot take, changing nothing", () => {
    const taken = run(process.execPath, ["scripts/add-api.mjs", "payables", fixture], copy);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("redocly.yaml already has an API named payables");
    const before = read("redocly.yaml");
    const unsupported = path.join(copy, "basic-auth.yaml");
    const spec = readFileSync(fixture, "utf8").replace("scheme: bearer", "scheme: digest");
    writeFileSync(unsupported, spec.replaceAll("./schemas.yaml", path.join(path.dirname(fixture), "schemas.yaml")));
    const refused = run(process.execPath, ["scripts/add-api.mjs", "gadgets", unsupported], copy);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("unsupported security scheme token");
    expect(read("redocly.yaml")).toBe(before);
    expect(() => read("specs/gadgets.yaml")).toThrow();
    // A $ref that leads nowhere: one line with the file, the line, the ref and where it is, and no banner.
    const broken = path.join(copy, "broken-ref.yaml");
    writeFileSync(
      broken,
      readFileSync(fixture, "utf8")
        .replace("./schemas.yaml#/Widget", "./schemas.yaml#/Gadget")
        .replaceAll("./schemas.yaml", path.join(path.dirname(fixture), "schemas.yaml")),
    );
    const unresolved = run(process.execPath, ["scripts/add-api.mjs", "gadgets", broken], copy);
    expect(unresolved.code).toBe(1);
    expect(unresolved.stderr).toMatch(
      /^add-api: \S+ cannot be added: \S*broken-ref\.yaml:31:\d+: Can't resolve \$ref "\S+\/schemas\.yaml#\/Gadget" at #\/paths\/~1widgets\/get\S*\n$/,
    );
    expect(read("redocly.yaml")).toBe(before);
  });

  it("keeps a spec of one file byte for byte, and counts its lint findings as warnings that do not block the build", () => {
    const published = path.join(repoRoot, "scripts/test/fixtures/vendor-as-published.yaml");
    const result = run(process.execPath, ["scripts/add-api.mjs", "sprockets", published], copy);
    expect(result.code, result.stderr).toBe(0);
    expect(read("specs/sprockets.yaml")).toBe(readFileSync(published, "utf8"));
    expect(result.stdout).toMatch(/Lint: You have \d+ warnings\. None blocks the build\. The first:/);
    expect(result.stdout).toMatch(/^ {2}specs\/sprockets\.yaml:\d+:\d+ +warning +struct +Property `nullable` is not expected here\.$/m);
    const lint = run(bin("redocly"), ["lint", "--config", "../../redocly.yaml", "--format=stylish", "sprockets@v1"], path.join(copy, "packages/sprockets"));
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
  });

  it("converts Swagger 2.0 to OpenAPI 3.0, says so, and generates its client", () => {
    const result = run(process.execPath, ["scripts/add-api.mjs", "gizmos", path.join(repoRoot, "scripts/test/fixtures/add-api/gizmos-swagger.yaml")], copy);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Converted Swagger 2\.0 to OpenAPI 3\.0\.\d with swagger2openapi \d+\.\d+\.\d+: specs\/gizmos\.yaml is the converted spec\./);
    const spec = parse(read("specs/gizmos.yaml"));
    expect(spec.openapi).toMatch(/^3\.0\./);
    expect(spec.servers[0].url).toBe("https://api.gizmos.example/v3");
    const client = read("packages/gizmos/src/generated/client.ts");
    expect(client).toContain("gizmosCreate");
    // The body parameter became the request body; the header key, an option.
    expect(read("packages/gizmos/src/generated/schema.ts")).toMatch(
      /requestBody: \{\s+content: \{\s+"application\/json": components\["schemas"\]\["NewGizmo"\]/,
    );
    expect(client).toMatch(/apiKey: string;/);
  });

  it("a spec without an absolute server URL gets a README that passes baseUrl", () => {
    const relative = path.join(copy, "relative-server.yaml");
    writeFileSync(
      relative,
      readFileSync(path.join(repoRoot, "scripts/test/fixtures/vendor-as-published.yaml"), "utf8").replace("https://api.vendor.example/", "/v1"),
    );
    const result = run(process.execPath, ["scripts/add-api.mjs", "bank-feed", relative], copy);
    expect(result.code, result.stderr).toBe(0);
    expect(read("packages/bank-feed/README.md")).toContain("createBankFeedClient({ baseUrl: process.env.BANK_FEED_BASE_URL! })");
  });
});
