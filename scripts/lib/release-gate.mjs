// The release gate's parts: what a change requires (the consumer diff of a
// spec, and the diff of a package's API report), and whether the changesets
// the change added declare at least that.
import { IMPACTS } from "./consumer-diff.mjs";

export const BUMPS = ["none", "patch", "minor", "major"];
export const higher = (a, b) => (BUMPS.indexOf(a) >= BUMPS.indexOf(b) ? a : b);
const BUMP_OF_IMPACT = { patch: "patch", additive: "minor", breaking: "major" };

/** The release a set of `{ impact }` changes needs: breaking -> major, additive -> minor, patch -> patch. */
export const bumpOfChanges = (changes) => changes.reduce((top, change) => higher(top, BUMP_OF_IMPACT[change.impact]), "none");

/**
 * The bump a package at `version` needs for a change rated `bump`. Below 1.0.0 a breaking change
 * is a minor release: npm's caret ranges (`^0.2.0` is `>=0.2.0 <0.3.0`) never pick up a new 0.y,
 * and a major would make the package 1.0.0 as a side effect of a fix.
 */
export function bumpFor(bump, version) {
  return bump === "major" && /^0\./.test(version) ? "minor" : bump;
}

/** The exported declarations of an API Extractor report (`etc/<name>.api.md`): name -> the declaration's lines. */
export function reportDeclarations(report) {
  const declarations = new Map();
  const lines = report.split(/\r?\n/); // API Extractor writes CRLF
  const start = lines.indexOf("```ts");
  const end = lines.lastIndexOf("```");
  let current;
  for (const line of lines.slice(start + 1, end)) {
    // `export { CallOptions }` re-exports; `export function f(...)`, `export interface X {`, `export type X = ...`.
    const reexport = line.match(/^export \{ (.+) \}/);
    const declaration = line.match(/^export (?:declare )?(?:abstract )?(?:function|interface|type|const|class|namespace|enum|let|var) ([\w$]+)/);
    if (reexport) for (const name of reexport[1].split(",")) declarations.set(name.trim().split(" as ").at(-1), [line]);
    else if (declaration) {
      // A function has overloads: one report entry for all of them.
      current = declarations.get(declaration[1]) ?? [];
      current.push(line);
      declarations.set(declaration[1], current);
      if (/;$/.test(line) && !line.includes("{")) current = undefined;
    } else if (current && line.trim() !== "" && !line.trim().startsWith("//")) {
      current.push(line);
      if (line === "}" || line === "};") current = undefined;
    } else if (line === "" || line.startsWith("//") || line.startsWith("import ")) current = undefined;
  }
  return declarations;
}

/** The names a declaration's body defines (members, properties): what a caller may use of it. */
const membersOf = (lines) =>
  new Set(
    lines.slice(1).flatMap(
      (line) =>
        line
          .match(/^\s+(?:readonly )?(?:"([^"]+)"|([\w$]+))\??[:(<]/)
          ?.slice(1, 3)
          .filter(Boolean) ?? [],
    ),
  );

/** A signature for one line of the gate's output: a client factory's runs to thousands of characters. */
const shortened = (text, most = 160) => (text.length > most ? `${text.slice(0, most - 1)}…` : text);

/** What a report line declares: "interface", "type alias", "function", ... */
function kindOf(line) {
  if (/^export \{/.test(line)) return "re-export";
  const kind = line.match(/^export (?:declare )?(?:abstract )?(function|interface|type|const|class|namespace|enum|let|var) /)?.[1];
  return kind === "type" ? "type alias" : kind;
}

const article = (kind) => `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;

/**
 * What changed in a package's public API between two API reports, as `{ impact, text }`: an export
 * or a member of one removed, a function's signature or a declaration's kind changed, is breaking; a new export is
 * additive; any other change to a declaration is additive (the spec diff rates it more closely).
 */
export function reportChanges(baseReport, report) {
  const before = reportDeclarations(baseReport);
  const after = reportDeclarations(report);
  const changes = [];
  for (const [name, lines] of before) {
    const next = after.get(name);
    if (!next) {
      changes.push({ impact: "breaking", text: `export ${name} removed` });
      continue;
    }
    if (lines.join("\n") === next.join("\n")) continue;
    if (/^export (?:declare )?function /.test(lines[0])) {
      changes.push({
        impact: "breaking",
        text: `function ${name}: signature changed (${shortened(next.map((line) => line.replace(/^export (declare )?/, "").trim()).join(" "))})`,
      });
      continue;
    }
    // An interface that became a type alias (or the reverse) may no longer be extended or merged.
    const [was, now] = [kindOf(lines[0]), kindOf(next[0])];
    if (was !== now) {
      changes.push({ impact: "breaking", text: `${name}: ${article(was)} before, ${article(now)} now` });
      continue;
    }
    const gone = [...membersOf(lines)].filter((member) => !membersOf(next).has(member));
    if (gone.length) changes.push({ impact: "breaking", text: `${name}: ${gone.join(", ")} removed` });
    else changes.push({ impact: "additive", text: `${name}: declaration changed` });
  }
  for (const name of after.keys()) if (!before.has(name)) changes.push({ impact: "additive", text: `new export ${name}` });
  return changes;
}

/**
 * @param {Record<string, { bump: string, version: string, changes: { impact: string, text: string }[] }>} required per package
 * @param {Record<string, string>} declared per package, from the changesets the change added
 * @returns {{ package: string, required: string, declared: string, changes: { impact: string, text: string }[], reason: string, ok: boolean }[]}
 */
export function evaluateRelease(required, declared) {
  return Object.entries(required)
    .filter(([, need]) => need.bump !== "none")
    .map(([name, need]) => {
      const have = declared[name] ?? "none";
      return { package: name, ...need, declared: have, required: need.bump, ok: BUMPS.indexOf(have) >= BUMPS.indexOf(need.bump) };
    });
}

/** The changes of one package, most severe first, as the gate prints them: "integrations.get: ... renamed ...: breaking". */
export function describeChanges(changes) {
  return [...changes].sort((a, b) => IMPACTS.indexOf(b.impact) - IMPACTS.indexOf(a.impact)).map((change) => `${change.text}: ${change.impact}`);
}
