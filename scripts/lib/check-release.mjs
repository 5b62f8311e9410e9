// Release gate: every change to a published package since the base needs a
// changeset, added by that change, that declares at least the bump the change
// requires: breaking -> major (minor below 1.0.0), additive -> minor, anything
// else a package ships -> patch. What a change requires is rated as a caller
// of the package meets it: the consumer diff of its spec
// (consumer-diff.mjs) and the diff of its API report (etc/<name>.api.md).
// In-process, so a test runs it in a scratch repo without starting node.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readChangesets from "@changesets/read";
import { generatedFiles, loadApis } from "./apis.mjs";
import { consumerChanges } from "./consumer-diff.mjs";
import { BUMPS, bumpFor, bumpOfChanges, describeChanges, evaluateRelease, higher, reportChanges } from "./release-gate.mjs";

/**
 * Checks the repo at `root` against `base` (default: the merge-base with main); with `write`, adds a
 * changeset for each package that lacks one, listing its changes, for the maintainer to edit.
 * Uncommitted work counts. Resolves to whether every package's bump is declared (or written).
 */
export async function checkRelease({ root, base, write = false, log = console.log, error = console.error }) {
  const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  const lines = (text) => text.split("\n").filter(Boolean);
  const refExists = (ref) => {
    try {
      git("rev-parse", "--verify", "--quiet", ref);
      return true;
    } catch {
      return false;
    }
  };
  const baseRef = base ?? git("merge-base", "HEAD", refExists("origin/main") ? "origin/main" : "main");
  const untracked = lines(git("ls-files", "--others", "--exclude-standard"));
  const changedFiles = new Set([...lines(git("diff", "--name-only", baseRef)), ...untracked]);
  const atBase = (file) => {
    try {
      return execFileSync("git", ["show", `${baseRef}:${file}`], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
      return undefined;
    }
  };

  // Only the changesets this change added (or edited) count: older ones pending on main describe other changes.
  const ownChangesets = new Set(
    [...lines(git("diff", "--name-only", "--diff-filter=AM", baseRef, "--", ".changeset")), ...untracked]
      .filter((file) => /^\.changeset\/[^/]+\.md$/.test(file) && file !== ".changeset/README.md")
      .map((file) => path.basename(file, ".md")),
  );
  const declared = {};
  for (const changeset of await readChangesets(root)) {
    if (!ownChangesets.has(changeset.id)) continue;
    for (const release of changeset.releases) declared[release.name] = higher(declared[release.name] ?? "none", release.type);
  }

  // Every published package: its folder, manifest, and the API whose spec it is generated from (if any).
  const apis = loadApis({ configPath: path.join(root, "redocly.yaml") });
  const packages = readdirSync(path.join(root, "packages"))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(root, "packages", dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => !manifest.private)
    .map((pkg) => ({ ...pkg, api: apis.find((api) => api.output.startsWith(`packages/${pkg.dir}/`)) }));

  // The base's specs, as files, so cross-file $refs resolve as they did then.
  const baseDir = mkdtempSync(path.join(tmpdir(), "syncline-release-base-"));
  const required = {};
  try {
    for (const file of lines(git("ls-tree", "-r", "--name-only", baseRef, "--", "specs"))) {
      mkdirSync(path.dirname(path.join(baseDir, file)), { recursive: true });
      writeFileSync(path.join(baseDir, file), execFileSync("git", ["show", `${baseRef}:${file}`], { cwd: root }));
    }
    const specsChanged = [...changedFiles].some((file) => file.startsWith("specs/"));
    for (const { dir, manifest, api } of packages) {
      let changes = [];
      if (api && specsChanged) {
        changes = existsSync(path.join(baseDir, api.root))
          ? await consumerChanges(path.join(baseDir, api.root), path.join(root, api.root))
          : [{ impact: "additive", text: `new API ${api.root}` }];
      }
      // The API report backs the spec diff up: what it rates higher (an export removed) is added.
      const reportFile = `packages/${dir}/etc/${dir}.api.md`;
      const baseReport = atBase(reportFile);
      if (baseReport !== undefined && existsSync(path.join(root, reportFile))) {
        const fromReport = reportChanges(baseReport, readFileSync(path.join(root, reportFile), "utf8"));
        const specBump = bumpOfChanges(changes);
        changes.push(...fromReport.filter((change) => !api || BUMPS.indexOf(bumpOfChanges([change])) > BUMPS.indexOf(specBump)));
      }
      const generated = api ? generatedFiles(api) : [];
      const shipped = [...changedFiles].filter(
        (file) => [`packages/${dir}/src/`, `packages/${dir}/bin/`].some((folder) => file.startsWith(folder)) && !/\/test\/|\.test\.ts$/.test(file),
      );
      if (changes.length === 0 && shipped.some((file) => generated.includes(file)))
        changes.push({ impact: "patch", text: "generated output changed (the generator)" });
      const handWritten = shipped.filter((file) => !generated.includes(file));
      if (handWritten.length > 0)
        changes.push({
          impact: "patch",
          text: `${handWritten.length} source file(s) changed (${handWritten.slice(0, 3).join(", ")}${handWritten.length > 3 ? ", ..." : ""})`,
        });

      const bump = bumpOfChanges(changes);
      required[manifest.name] = { bump: bumpFor(bump, manifest.version), rated: bump, version: manifest.version, changes, dir };
    }
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }

  /**
   * A changeset path of the branch's own: changes branched from one commit of main must not write the
   * same file, or merging the second would conflict (and an existing changeset is never overwritten).
   */
  function newChangesetFile(dir) {
    const branch = git("rev-parse", "--abbrev-ref", "HEAD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const stem = `${dir}-${branch && branch !== "head" ? branch : git("rev-parse", "--short", "HEAD")}`;
    for (let n = 1; ; n++) {
      const file = path.join(root, ".changeset", `${stem}${n > 1 ? `-${n}` : ""}.md`);
      if (!existsSync(file)) return file;
    }
  }

  const results = evaluateRelease(required, declared);
  log(`Release gate against ${baseRef.slice(0, 12)} (changesets added since then: ${ownChangesets.size ? [...ownChangesets].join(", ") : "none"}):`);
  if (results.length === 0) log("  no change to a published package needs a release.");
  for (const r of results) {
    const belowOne = r.rated !== r.required ? ` (breaking, so a minor while ${r.package} is ${r.version})` : "";
    log(`  ${r.ok ? "ok  " : "FAIL"} ${r.package.padEnd(20)} needs ${r.required.padEnd(5)} declared ${r.declared.padEnd(5)}${belowOne}`);
    for (const line of describeChanges(r.changes)) log(`         - ${line}`);
  }
  const failures = results.filter((r) => !r.ok);
  if (failures.length === 0) return true;
  if (!write) {
    error(
      `\n${failures.length} package(s) need a changeset of their own with a bigger bump: \`npm run changeset:suggest\` writes one per package listing its changes (or \`npm run changeset\`).`,
    );
    return false;
  }
  for (const r of failures) {
    const file = newChangesetFile(r.dir);
    const body = describeChanges(r.changes).map((line) => `- ${line}`);
    writeFileSync(file, `---\n"${r.package}": ${r.required}\n---\n\n${summaryOf(r)}\n\n${body.join("\n")}\n`);
    log(`wrote ${path.relative(root, file)} (${r.required}): edit its text, then commit it`);
  }
  return true;
}

/** A changelog summary line to edit: what kind of change this release carries. */
function summaryOf(r) {
  const breaking = r.changes.some((change) => change.impact === "breaking");
  return breaking ? "Breaking changes for callers (edit this summary):" : "Changes (edit this summary):";
}
