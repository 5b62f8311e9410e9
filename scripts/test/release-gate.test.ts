// The release gate: what a change to a published package requires (rated by
// lib/consumer-diff.mjs and the API report diff; release-rating.test.ts holds
// the table of spec edits), and whether the changesets that change added
// declare at least that bump.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadApis } from "../lib/apis.mjs";
import { bumpFor, evaluateRelease, reportChanges } from "../lib/release-gate.mjs";
import { checkRelease, gitRepoCopy, repoRoot, run } from "./helpers";

describe("evaluateRelease", () => {
  it("fails a smaller or missing bump, passes an equal or bigger one, ignores unchanged packages", () => {
    const results = evaluateRelease(
      {
        "@syncline/a": { bump: "major", changes: [] },
        "@syncline/b": { bump: "minor", changes: [] },
        "@syncline/c": { bump: "patch", changes: [] },
        "@syncline/d": { bump: "none", changes: [] },
      },
      { "@syncline/a": "minor", "@syncline/c": "major" },
    );
    expect(results.map((r) => [r.package, r.ok])).toEqual([
      ["@syncline/a", false],
      ["@syncline/b", false],
      ["@syncline/c", true],
    ]);
  });
});

describe("bumpFor", () => {
  it("asks a package below 1.0.0 for a minor where a breaking change needs a major, and changes nothing else", () => {
    expect(["major", "minor", "patch", "none"].map((bump) => bumpFor(bump, "0.1.0"))).toEqual(["minor", "minor", "patch", "none"]);
    expect(["major", "minor", "patch", "none"].map((bump) => bumpFor(bump, "1.0.0"))).toEqual(["major", "minor", "patch", "none"]);
    expect(bumpFor("major", "10.2.3")).toBe("major");
  });
});

describe("reportChanges (API report diff)", () => {
  const report = (body: string) => `## API Report File for "x"\n\n\`\`\`ts\n\nimport { A } from 'a';\n\n${body}\n\n\`\`\`\n`;
  const before = report(`export { CallOptions }

// @public
export function widgetsGet(client: OperationClient, request: GetRequest): Promise<Widget>;

// @public (undocumented)
export interface Options {
    // (undocumented)
    retries?: number;
    timeoutMs?: number;
}

// @public (undocumented)
export type Widget = components["schemas"]["Widget"];`);

  it("rates an export or a member removed, a signature or a declaration's kind changed, breaking; a new export or member additive; docs nothing", () => {
    expect(reportChanges(before, before)).toEqual([]);
    expect(reportChanges(before, before.replace("export { CallOptions }\n", "").replace("    retries?: number;\n", ""))).toEqual([
      { impact: "breaking", text: "export CallOptions removed" },
      { impact: "breaking", text: "Options: retries removed" },
    ]);
    expect(reportChanges(before, before.replace("request: GetRequest)", "request: GetRequest, extra: string)"))).toEqual([
      { impact: "breaking", text: expect.stringMatching(/^function widgetsGet: signature changed/) },
    ]);
    const added = before
      .replace("    timeoutMs?: number;\n", "    timeoutMs?: number;\n    signal?: AbortSignal;\n")
      .replace("\n\n```\n", "\n\n// @public\nexport type Extra = string;\n\n```\n");
    expect(reportChanges(before, added)).toEqual([
      { impact: "additive", text: "Options: declaration changed" },
      { impact: "additive", text: "new export Extra" },
    ]);
    // An interface turned into a type alias: an interface that extended it may no longer compile.
    expect(
      reportChanges(
        before,
        before.replace("export interface Options {", "export type Options = {").replace("    timeoutMs?: number;\n}", "    timeoutMs?: number;\n};"),
      ),
    ).toEqual([{ impact: "breaking", text: "Options: an interface before, a type alias now" }]);
    // A description added to a member changes only comment lines.
    expect(reportChanges(before, before.replace("    // (undocumented)\n    retries", "    retries"))).toEqual([]);
  });
});

const manifestOf = (root: string, dir: string) => JSON.parse(readFileSync(path.join(root, "packages", dir, "package.json"), "utf8"));

describe("npm run check:release in a scratch repo", () => {
  let copy: string;
  const gate = (options: { write?: boolean } = {}) => checkRelease(copy, { base: "main", ...options });
  const git = (...args: string[]) => {
    const result = run("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], copy);
    if (result.code !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  };
  const platform = () => path.join(copy, "specs/platform.yaml");
  const platformText = () => readFileSync(platform(), "utf8");

  beforeAll(() => {
    copy = gitRepoCopy();
    // A changeset for platform pending on main, from an earlier change.
    writeFileSync(path.join(copy, ".changeset/earlier-platform.md"), '---\n"@syncline/platform": minor\n---\n\nAn earlier change.\n');
    git("add", "-A");
    git("commit", "-qm", "earlier");
    git("checkout", "-qb", "change");
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("counts only the changesets the change added, and says which change has none", async () => {
    // An additive change: a new optional query parameter on integrations.get.
    writeFileSync(
      platform(),
      platformText().replace(
        "      operationId: get-integration\n",
        "      operationId: get-integration\n      parameters:\n        - name: locale\n          in: query\n          schema:\n            type: string\n",
      ),
    );
    // The command itself, once: the other cases run it in this process.
    const result = run(process.execPath, [path.join(copy, "scripts/check-release.mjs"), "--base", "main"], copy);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain("need a changeset of their own");
    expect(result.stdout).toContain("changesets added since then: none");
    expect(result.stdout).toMatch(/FAIL @syncline\/platform +needs minor declared none/);
    expect(result.stdout).toContain("- integrations.get: new optional query parameter locale: additive");
    // Other packages are untouched by the change.
    expect(result.stdout).not.toContain("@syncline/commerce");
  });

  it("rates a path parameter rename breaking, in words; --write adds a changeset listing it, and then the gate passes", async () => {
    writeFileSync(
      platform(),
      platformText().replace(
        '  /integrations/{platformKey}:\n    parameters:\n      - $ref: "./codat-common.yaml#/components/parameters/platformKey"\n',
        "  /integrations/{integrationKey}:\n    parameters:\n      - name: integrationKey\n        in: path\n        required: true\n        schema:\n          type: string\n",
      ),
    );
    const { version } = manifestOf(copy, "platform");
    let result = await gate();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `FAIL @syncline/platform +needs minor declared none +\\(breaking, so a minor while @syncline/platform is ${version.replaceAll(".", "\\.")}\\)`,
      ),
    );
    expect(result.stdout).toContain("- integrations.get: path parameter platformKey renamed integrationKey: breaking");

    result = await gate({ write: true });
    expect(result.code, result.stderr).toBe(0);
    const written = readdirSync(path.join(copy, ".changeset")).filter((file) => file.startsWith("platform-"));
    expect(written).toHaveLength(1);
    const text = readFileSync(path.join(copy, ".changeset", written[0]), "utf8");
    expect(text).toMatch(/^---\n"@syncline\/platform": minor\n---\n\nBreaking changes for callers \(edit this summary\):\n\n/);
    expect(text).toContain("- integrations.get: path parameter platformKey renamed integrationKey: breaking");
    result = await gate();
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/ok {3}@syncline\/platform +needs minor declared minor/);
  });

  it("asks a package at 1.0.0 or above for a major, reading the version from its manifest", async () => {
    const manifest = path.join(copy, "packages/platform/package.json");
    const before = readFileSync(manifest, "utf8");
    writeFileSync(manifest, before.replace(/"version": "[^"]+"/, '"version": "1.2.0"'));
    try {
      const result = await gate();
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL @syncline\/platform +needs major declared minor/);
    } finally {
      writeFileSync(manifest, before);
    }
  });

  it("asks a hand-written runtime change for a patch, and an export it removes from the API report for a breaking release", async () => {
    for (const file of readdirSync(path.join(copy, ".changeset"))) if (file.startsWith("platform-")) rmSync(path.join(copy, ".changeset", file));
    git("checkout", "-q", "--", "specs");
    const source = path.join(copy, "packages/runtime/src/redact.ts");
    writeFileSync(source, `${readFileSync(source, "utf8")}\n// A fix.\n`);
    let result = await gate();
    expect(result.stdout).toMatch(/FAIL @syncline\/runtime +needs patch declared none/);
    expect(result.stdout).toContain("1 source file(s) changed (packages/runtime/src/redact.ts): patch");

    const report = path.join(copy, "packages/runtime/etc/runtime.api.md");
    writeFileSync(report, readFileSync(report, "utf8").replace(/\r?\n\/\/ @public\r?\nexport function basicAuth\([^\n]+\n/, "\n"));
    result = await gate();
    expect(result.stdout).toMatch(/FAIL @syncline\/runtime +needs minor declared none/);
    expect(result.stdout).toContain("- export basicAuth removed: breaking");
  });
});

describe("changeset:suggest on two branches from one commit of main", () => {
  it("names each changeset after its branch, so both changes merge without a conflict", async () => {
    const copy = gitRepoCopy();
    const git = (...args: string[]) => {
      const result = run("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], copy);
      expect(result.code, `git ${args.join(" ")}: ${result.stdout}${result.stderr}`).toBe(0);
    };
    try {
      const edits: [string, string, string][] = [
        [
          "locale",
          "      operationId: get-integration\n",
          "      operationId: get-integration\n      parameters:\n        - name: locale\n          in: query\n          schema:\n            type: string\n",
        ],
        ["setup-guide", "        isOfflineConnector:\n", "        setupGuideUrl:\n          type: string\n        isOfflineConnector:\n"],
      ];
      for (const [branch, from, to] of edits) {
        git("checkout", "-qb", branch, "main");
        const spec = path.join(copy, "specs/platform.yaml");
        writeFileSync(spec, readFileSync(spec, "utf8").replace(from, to));
        const written = await checkRelease(copy, { write: true });
        expect(written.stdout).toContain(`wrote .changeset/platform-${branch}.md (minor)`);
        git("add", "-A");
        git("commit", "-qm", branch);
      }
      git("checkout", "-q", "main");
      for (const [branch] of edits) git("merge", "-q", "--no-ff", "-m", `Merge ${branch}`, branch);
      expect(
        readdirSync(path.join(copy, ".changeset"))
          .filter((file) => file.startsWith("platform-"))
          .sort(),
      ).toEqual(["platform-locale.md", "platform-setup-guide.md"]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

/** Every public package's manifest in a folder: name -> { version, internal dependency ranges }. */
function publicManifests(root: string) {
  const manifests = new Map<string, { version: string; installed: string; ranges: Record<string, string> }>();
  for (const dir of readdirSync(path.join(root, "packages"))) {
    const manifest = manifestOf(root, dir);
    if (manifest.private) continue;
    const ranges = Object.fromEntries(Object.entries(manifest.dependencies ?? {}).filter(([name]) => name.startsWith("@syncline/"))) as Record<string, string>;
    // What a consumer's install reads (devDependencies are never installed from the registry).
    const installed = JSON.stringify([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]);
    manifests.set(manifest.name, { version: manifest.version, installed, ranges });
  }
  return manifests;
}

describe("changeset version: every published manifest points at versions that ship together", () => {
  // [what is released, the packages that must get a new version (the rest keep theirs)]
  const apis = loadApis().map((api) => `@syncline/${api.name}`);
  // One scratch repo, put back as committed after each release.
  let copy: string;
  beforeAll(() => {
    copy = gitRepoCopy();
  });
  afterEach(() => {
    expect(run("git", ["reset", "-q", "--hard"], copy).code).toBe(0);
    expect(run("git", ["clean", "-qfd"], copy).code).toBe(0);
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  it.each([
    // A runtime patch reaches every client through its ^ range: nothing else needs a release.
    ["@syncline/runtime: patch", ["@syncline/runtime"]],
    // Below 1.0.0 a runtime minor leaves the clients' ^0.x range: each client is released with the new range.
    ["@syncline/runtime: minor", ["@syncline/runtime", ...apis]],
    // A client minor leaves the mock's range: the mock is released with it.
    ["@syncline/platform: minor", ["@syncline/platform", "@syncline/mock"]],
  ])("%s", (release, bumped) => {
    const [name, type] = release.split(": ");
    writeFileSync(path.join(copy, ".changeset/release.md"), `---\n"${name}": ${type}\n---\n\nA release.\n`);
    const result = run(path.join(repoRoot, "node_modules/.bin/changeset"), ["version"], copy);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const before = publicManifests(repoRoot);
    const after = publicManifests(copy);
    for (const [pkg, { version, installed, ranges }] of after) {
      const old = before.get(pkg);
      if (!old) throw new Error(`${pkg} is not in the repo`);
      // Dependencies that changed make a new version: the published one of this version stays as it was.
      if (installed !== old.installed) expect(version, `${pkg}'s dependencies changed`).not.toBe(old.version);
      expect(version !== old.version, pkg).toBe(bumped.includes(pkg));
      // Every range it names is met by the version of that package this release ships.
      for (const [dependency, range] of Object.entries(ranges)) {
        expect(semver.satisfies(after.get(dependency)?.version ?? "none", range), `${pkg} -> ${dependency}@${range}`).toBe(true);
      }
    }
    if (name === "@syncline/runtime" && type === "minor") {
      const runtime = after.get(name)?.version;
      for (const client of apis) {
        expect(after.get(client)?.ranges[name], client).toBe(`^${runtime}`);
        const dir = client.split("/")[1];
        expect(readFileSync(path.join(copy, "packages", dir, "CHANGELOG.md"), "utf8"), client).toContain(`${name}@${runtime}`);
      }
    }
    // Private workspaces are left alone.
    expect(JSON.parse(readFileSync(path.join(copy, "examples/package.json"), "utf8")).version).toBe("0.0.0");
  });
});
