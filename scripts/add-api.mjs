#!/usr/bin/env node
// Adds an API to the repo in one step:
//   npm run add-api -- <name> <path-to-spec.yaml|json> [--strict]
// copies the spec into specs/ as the vendor wrote it (a multi-file spec is
// bundled into one file; Swagger 2.0 is converted to OpenAPI 3.0 with
// swagger2openapi), registers it in redocly.yaml (with the vendor lint
// profile, whose findings are warnings, or the house rules with --strict),
// scaffolds packages/<name>/ (manifest, turbo and tsconfig files, a README
// whose example calls this API, a smoke test of its own client, an empty
// CHANGELOG), generates its client, and writes a changeset. Nothing is copied
// from another package.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseDocument, stringify } from "yaml";
import { loadApis, repoRoot, VENDOR_LINT_PROFILE } from "./lib/apis.mjs";
import { packagePage, SITE_URL } from "./lib/docs-site.mjs";
import { describeApi, pascal } from "./lib/describe-api.mjs";
import { functionName, renderApi } from "./lib/render-client.mjs";
import { METHODS_BEGIN, METHODS_END } from "./lib/render-readme.mjs";
import { renderTypes } from "./lib/render-types.mjs";
import { loadSpec } from "./lib/spec-loader.mjs";

const { values: flags, positionals } = parseArgs({ allowPositionals: true, options: { strict: { type: "boolean", default: false } } });
const [name, specArgument] = positionals;
const fail = (message) => {
  console.error(`add-api: ${message}`);
  process.exit(1);
};
if (!name || !specArgument) fail("usage: npm run add-api -- <name> <path-to-spec.yaml|json> [--strict]");
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail(`"${name}" is not a package name: lowercase letters, digits and single hyphens`);
// A relative path is taken from where `npm run` was called (npm's INIT_CWD), not the repo root.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by npm, not a turbo task input
const specSource = path.resolve(process.env.INIT_CWD ?? process.cwd(), specArgument);
if (!existsSync(specSource)) fail(`no spec at ${specSource}`);
if (loadApis().some((api) => api.name === name)) fail(`redocly.yaml already has an API named ${name}`);
const packageDir = path.join(repoRoot, "packages", name);
if (existsSync(packageDir)) fail(`packages/${name} already exists`);
const existing = ["yaml", "json"].map((ext) => `specs/${name}.${ext}`).find((file) => existsSync(path.join(repoRoot, file)));
if (existing) fail(`${existing} already exists`);

const written = [];
const write = (file, text) => {
  mkdirSync(path.dirname(path.join(repoRoot, file)), { recursive: true });
  writeFileSync(path.join(repoRoot, file), text);
  written.push(file);
};
const redocly = (args) =>
  execFileSync(path.join(repoRoot, "node_modules/.bin/redocly"), args, {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  });

// 1. The spec, as one file. Read aside first: a spec the generator cannot take leaves the repo untouched.
const scratch = mkdtempSync(path.join(tmpdir(), "syncline-add-api-"));
const source = parseDocument(readFileSync(specSource, "utf8")).toJS();
const swagger2 = String(source?.swagger ?? "").startsWith("2.");
// A spec of one file is kept byte for byte (check:drift then compares it with the vendor's next
// release as is); several files are bundled into one by redocly's bundler, and Swagger 2.0 converted.
const singleFile = !swagger2 && !hasExternalRefs(source);
const specFile = singleFile && /\.json$/i.test(specSource) ? `specs/${name}.json` : `specs/${name}.yaml`;
const notes = [];
let model;
try {
  // A $ref that leads nowhere is named in one line (file:line, the ref, where), before redocly's own report.
  await loadSpec(specSource);
  redocly(["bundle", specSource, "-o", path.join(scratch, "spec.yaml")]);
  if (swagger2) {
    const { convertObj } = await import("swagger2openapi");
    const bundled = parseDocument(readFileSync(path.join(scratch, "spec.yaml"), "utf8")).toJS();
    // patch: fixes the small mistakes the converter knows (as vendors' 2.0 files have); warnOnly: the rest is lint's to report.
    const { openapi } = await convertObj(bundled, { patch: true, warnOnly: true });
    writeFileSync(path.join(scratch, "spec.yaml"), stringify(openapi, { lineWidth: 0 }));
    const converter = JSON.parse(readFileSync(path.join(repoRoot, "node_modules/swagger2openapi/package.json"), "utf8"));
    notes.push(
      `Converted Swagger ${source.swagger} to OpenAPI ${openapi.openapi} with swagger2openapi ${converter.version}: ${specFile} is the converted spec.`,
    );
  } else if (!singleFile) {
    notes.push(`Bundled ${specArgument} and the files it references into ${specFile}.`);
  }
  const entry = { name, key: name, root: "spec.yaml", output: "out/schema.ts" };
  model = await describeApi(entry, scratch);
  // Everything the generator does, aside: its types and client must come out before anything is written.
  await renderTypes(entry, scratch);
  await renderApi(entry, scratch);
} catch (error) {
  rmSync(scratch, { recursive: true, force: true });
  fail(`${specArgument} cannot be added: ${error.stderr ?? error.message}`);
}
mkdirSync(path.join(repoRoot, "specs"), { recursive: true });
copyFileSync(singleFile ? specSource : path.join(scratch, "spec.yaml"), path.join(repoRoot, specFile));
rmSync(scratch, { recursive: true, force: true });
model.specPath = specFile;

/** Whether a spec refers to other files (a $ref that is not a pointer into itself). */
function hasExternalRefs(node) {
  if (!node || typeof node !== "object") return false;
  if (typeof node.$ref === "string" && !node.$ref.startsWith("#")) return true;
  return Object.values(node).some(hasExternalRefs);
}

// 2. redocly.yaml: the one list of APIs that lint, bundle, docs, generation and the checks read.
const spec = parseDocument(readFileSync(path.join(repoRoot, specFile), "utf8")).toJS();
const major = String(spec.info?.version ?? "1").match(/\d+/)?.[0] ?? "1";
const key = `${name}@v${major}`;
const configPath = path.join(repoRoot, "redocly.yaml");
const config = parseDocument(readFileSync(configPath, "utf8"));
config.setIn(["apis", key], {
  root: specFile,
  ...(flags.strict ? {} : VENDOR_LINT_PROFILE),
  "x-openapi-ts": { output: `packages/${name}/src/generated/schema.ts` },
});
// As the file is written by hand: no folded lines, flow lists as they were.
writeFileSync(configPath, config.toString({ lineWidth: 0, flowCollectionPadding: false }));

// 3. The package's own files.
const Api = pascal(name);
const packageName = `@syncline/${name}`;
const runtimeVersion = JSON.parse(readFileSync(path.join(repoRoot, "packages/runtime/package.json"), "utf8")).version;
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
// The credentials the test and the README pass.
const schemesUsed = model.auth.exampleSchemes;
const oauth = schemesUsed.some((scheme) => scheme.kind === "clientCredentials");
const credentialOptions = (valueFor) => schemesUsed.flatMap((scheme) => scheme.options.map((option) => `${option}: ${valueFor(option)}`)).join(", ");
const envName = (option) => option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
// The test's token endpoint is its own loopback server (code written into the test file).
const credential = [credentialOptions((option) => JSON.stringify(`test-${option}`)), ...(oauth ? [`tokenUrl: \`\${server.url}/token\``] : [])]
  .filter(Boolean)
  .join(", ");
// A spec without an absolute server URL (UK Open Banking's "/open-banking/v3.1/aisp") leaves the base URL to the caller.
const credentialFromEnv = [
  credentialOptions((option) => `process.env.${envName(option)}!`),
  ...(model.baseUrlRequired ? [`baseUrl: process.env.${envName(model.variable)}_BASE_URL!`] : []),
]
  .filter(Boolean)
  .join(", ");
// What the request must carry once those credentials are applied.
const evidence = schemesUsed.map((scheme) => {
  const [first, second] = scheme.options.map((option) => `test-${option}`);
  if (scheme.kind === "codat") return `Basic ${btoa(first)}`;
  if (scheme.kind === "basic") return `Basic ${btoa(`${first}:${second}`)}`;
  if (scheme.kind === "bearer" || scheme.kind === "oauth2Token") return `Bearer ${first}`;
  if (scheme.kind === "clientCredentials") return "Bearer test-token";
  return first;
});

write(
  `packages/${name}/package.json`,
  json({
    name: packageName,
    version: "0.0.0",
    description: `Typed client for ${model.title}`,
    license: "MIT",
    type: "module",
    sideEffects: false,
    engines: { node: ">=20.19" },
    repository: { type: "git", url: "git+https://github.com/syncline/syncline.git", directory: `packages/${name}` },
    publishConfig: { access: "public" },
    files: ["dist", "openapi", "CHANGELOG.md"],
    main: "./dist/index.cjs",
    module: "./dist/index.js",
    types: "./dist/index.d.cts",
    exports: {
      ".": {
        import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
        require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
      },
      "./openapi.json": "./openapi/openapi.json",
      "./openapi.yaml": "./openapi/openapi.yaml",
      "./package.json": "./package.json",
    },
    scripts: {
      // A vendor's spec: its findings are warnings, listed in one line each (the first 10, and the count).
      "lint:specs": `redocly lint --config ../../redocly.yaml ${flags.strict ? "" : "--format=stylish --max-problems=10 "}${key}`,
      generate: `node ../../scripts/generate.mjs ${name}`,
      bundle: `node ../../scripts/bundle.mjs ${name}`,
      build: "tsup --config ../../tsup.config.ts",
      test: "vitest run --root ../.. --project $npm_package_name --passWithNoTests --reporter=default --reporter=json --outputFile.json=$PWD/test-results.json",
      "check:package": "node ../../scripts/check-package.mjs",
      "api-report": "node ../../scripts/api-report.mjs",
    },
    dependencies: { "@syncline/runtime": `^${runtimeVersion}`, "openapi-fetch": "^0.17.0" },
    devDependencies: { "@syncline/test-utils": "0.0.0" },
  }),
);
write(
  `packages/${name}/turbo.json`,
  json({
    $schema: "https://turbo.build/schema.json",
    extends: ["//"],
    tasks: { "lint:specs": { inputs: ["$TURBO_EXTENDS$", `$TURBO_ROOT$/${specFile}`] } },
  }),
);
write(`packages/${name}/tsconfig.json`, json({ extends: "../../tsconfig.base.json", include: ["src", "test"] }));
write(`packages/${name}/api-extractor.json`, json({ extends: "../../api-extractor.base.json", projectFolder: "." }));
// Where the build (api-report) writes the API report: API Extractor does not create the folder.
mkdirSync(path.join(packageDir, "etc"), { recursive: true });
copyFileSync(path.join(repoRoot, "LICENSE"), path.join(packageDir, "LICENSE"));
written.push(`packages/${name}/LICENSE`);
// changesets writes the entries; a package starts with its heading.
write(`packages/${name}/CHANGELOG.md`, `# ${packageName}\n`);
write(
  `packages/${name}/src/index.ts`,
  "// Everything here is generated from the spec: the client (src/generated/client.ts)\n// and one function per operation (src/generated/operations.ts).\n" +
    'export * from "./generated/client";\nexport * from "./generated/operations";\n',
);

// The smoke test and the README call one operation: the first that needs no request body.
const op = model.operations.find((candidate) => !candidate.redirect && !candidate.required.includes("requestBody")) ?? model.operations[0];
if (!op) fail(`${specFile} has no operations`);
const request = op.exampleParameters;
const requestText =
  Object.keys(request).length || op.required.includes("requestBody")
    ? JSON.stringify({ ...request, ...(op.required.includes("requestBody") ? { requestBody: {} } : {}) })
    : "";
const expectedPath = op.route.replace(/\{([^{}]+)\}/g, (_, param) => encodeURIComponent(String(request[param])));
const call = `${op.resource}.${op.name}`;

write(
  `packages/${name}/test/smoke.test.ts`,
  `// A first test of this package's own client: it sends ${op.method} ${op.route}
// to a loopback server with its credentials. Add one per method as you review them.
import { startFaultServer, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, expect, it } from "vitest";
import { create${Api}Client } from "${packageName}";

let server: FaultServer;
beforeAll(async () => {
  const body = ${JSON.stringify(oauth ? '{"access_token":"test-token","expires_in":3600}' : "{}")};
  server = await startFaultServer([], { status: 200, headers: { "content-type": "application/json" }, body });
});
afterAll(() => server.close());

it("${call} sends ${op.method} ${op.route} with its credentials", async () => {
  const client = create${Api}Client({ ${credential}, baseUrl: server.url, retries: false });
  await client.${call}(${requestText}${requestText && op.required.includes("requestBody") ? " as never" : ""});
  const [sent, ...others] = server.requests.filter((request) => !request.path.startsWith("/token"));
  expect(others).toEqual([]);
  expect(\`\${sent!.method} \${sent!.path.split("?")[0]}\`).toBe(${JSON.stringify(`${op.method} ${expectedPath}`)});${evidence
    .filter(() => op.auth)
    .map((value) => `\n  expect(JSON.stringify([sent!.path, sent!.headers])).toContain(${JSON.stringify(value)});`)
    .join("")}
});
`,
);

write(
  `packages/${name}/README.md`,
  `# ${packageName}

Typed client for ${model.title}, generated from \`${specFile}\`. Auth, retries, timeouts and typed errors
come from [\`@syncline/runtime\`](../runtime).

**Documentation:** [SDK reference](${SITE_URL}${packagePage(packageName)}) · [HTTP API reference](${SITE_URL}api/${name}.html) · [guides](${SITE_URL}index.html) (the same site builds offline with \`npm run docs\`).

\`\`\`sh
npm install ${packageName}
\`\`\`

\`\`\`ts
import { create${Api}Client, isApiError } from "${packageName}";

const client = create${Api}Client({ ${credentialFromEnv} });
try {
  console.log(await client.${call}(${op.example}));
} catch (error) {
  if (isApiError(error)) console.log(error.status, error.requestId, error.body);
  else throw error;
}
\`\`\`

Every method is also a function of its own that takes the client's core, so an app bundles only the
operations it calls:

\`\`\`ts
import { create${Api}Core, ${functionName(op.resource, op.name)} } from "${packageName}";

const core = create${Api}Core({ ${credentialFromEnv} });
await ${functionName(op.resource, op.name)}(${["core", op.example].filter(Boolean).join(", ")});
\`\`\`

## Methods

${METHODS_BEGIN}
${METHODS_END}
`,
);
write(
  `.changeset/add-${name}.md`,
  `---\n"${packageName}": minor\n"@syncline/mock": minor\n---\n\nFirst release: a typed client for ${model.title}; the mock serves it.\n`,
);

// 4. The mock serves, and the benchmarks measure, every client they depend on.
for (const consumer of ["packages/mock/package.json", "bench/package.json"]) {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, consumer), "utf8"));
  manifest.dependencies = Object.fromEntries(Object.entries({ ...manifest.dependencies, [packageName]: "^0.0.0" }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(path.join(repoRoot, consumer), json(manifest));
}

// 5. The generated client, now, so a broken spec shows here and not at build time.
try {
  execFileSync(process.execPath, [path.join(repoRoot, "scripts/generate.mjs"), name], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
} catch (error) {
  fail(`the spec was added, but its client does not generate:\n${error.stderr}`);
}

// 6. What lint finds in the vendor's spec: counted and shown, one line each (the first 5).
const lint = spawnSync(path.join(repoRoot, "node_modules/.bin/redocly"), ["lint", "--format=stylish", "--max-problems=5", key], {
  cwd: repoRoot,
  encoding: "utf8",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" },
});
const lintText = `${lint.stdout}${lint.stderr}`;
const findings = lintText.split("\n").filter((line) => /^\s+\d+:\d+\s+(warning|error)\s/.test(line));
const verdict = lintText.match(/^(You have \d+ warnings?\.|❌ Validation failed with .*)$/m)?.[0];
if (findings.length > 0) {
  notes.push(
    `Lint: ${verdict ?? `${findings.length} findings`}${lint.status === 0 ? " None blocks the build." : " The errors block the build: fix them in the spec."} The first:`,
    ...findings.map((line) => `  ${specFile}:${line.trim()}`),
    `  (all of them: npm run lint:specs -w ${packageName})`,
  );
}

console.log(`Added ${packageName} (${key}, ${model.operations.length} operations, ${flags.strict ? "house lint rules" : "vendor lint profile"}).
${notes.map((note) => `${note}\n`).join("")}
Wrote ${specFile}, redocly.yaml, the mock's and the benchmarks' package.json and:
  ${written.filter((file) => file !== specFile).join("\n  ")}

Next:
  npm install && npm run build     # links the workspace, generates, bundles, builds, writes packages/${name}/etc/${name}.api.md
Review: the public API in that report, the method names (x-syncline-method), the resources (tags or x-syncline-resource),
the README example, the smoke test (add one test per method), and the changeset.`);
