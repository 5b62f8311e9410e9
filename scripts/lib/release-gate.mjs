// The release gate's two halves: what a spec change requires (rated by
// `redocly diff` with diff-recommended rules), and whether the pending
// changesets declare at least that.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./apis.mjs";

export const BUMPS = ["none", "patch", "minor", "major"];
export const higher = (a, b) => (BUMPS.indexOf(a) >= BUMPS.indexOf(b) ? a : b);

/** "major" | "minor" | "patch" | "none", and the changes behind it, for base -> revision. */
export function classifySpecChange(baseFile, revisionFile, configPath = path.join(repoRoot, "redocly.yaml")) {
  const output = execFileSync(
    path.join(repoRoot, "node_modules/.bin/redocly"),
    ["diff", baseFile, revisionFile, "--config", configPath, "--format", "json", "--fail-on", "none"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, REDOCLY_TELEMETRY: "off" } },
  );
  const report = JSON.parse(output);
  const changes = report.changes.map((c) => `${c.impact}: ${c.kind} ${c.typeName} ${c.path}`);
  return { bump: changes.length === 0 ? "none" : report.bump, changes };
}

/**
 * The bump a package at `version` needs for a change rated `bump`. Below 1.0.0 a breaking change
 * is a minor release: npm's caret ranges (`^0.2.0` is `>=0.2.0 <0.3.0`) never pick up a new 0.y,
 * and a major would make the package 1.0.0 as a side effect of a fix.
 */
export function bumpFor(bump, version) {
  return bump === "major" && /^0\./.test(version) ? "minor" : bump;
}

/**
 * @param {Record<string, { bump: string, reason: string }>} required per package
 * @param {Record<string, string>} declared per package, from pending changesets
 * @returns {{ package: string, required: string, declared: string, reason: string, ok: boolean }[]}
 */
export function evaluateRelease(required, declared) {
  return Object.entries(required)
    .filter(([, need]) => need.bump !== "none")
    .map(([name, need]) => {
      const have = declared[name] ?? "none";
      return { package: name, required: need.bump, declared: have, reason: need.reason, ok: BUMPS.indexOf(have) >= BUMPS.indexOf(need.bump) };
    });
}
