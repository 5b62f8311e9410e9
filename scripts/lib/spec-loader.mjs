// Loads a spec with every file it references. redocly's bundler (the
// resolver redocly's lint and openapi-typescript use too) turns each external
// $ref into a local one, so every $ref left is a JSON pointer into one
// document: the generator follows those, and nothing else resolves refs.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundle, createConfig, getLineColLocation } from "@redocly/openapi-core";
import { parse } from "yaml";
import { normalizeSpec } from "./normalize-spec.mjs";

/** The value at a JSON pointer ("#/components/schemas/X" without the "#") in a document. */
export function resolvePointer(doc, pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((value, key) => value?.[key], doc);
}

/** What a local `$ref` ("#/components/schemas/X", percent-encoded or not) points at in `doc`; undefined for any other. */
export const resolveLocalRef = (doc, ref) => (ref.startsWith("#") ? resolvePointer(doc, decodeURIComponent(ref.slice(1))) : undefined);

/** Whether any schema of a document has a readOnly or writeOnly field (then its types carry markers). */
export function hasReadWriteFields(node) {
  if (!node || typeof node !== "object") return false;
  if (node.readOnly === true || node.writeOnly === true) return true;
  return Object.values(node).some(hasReadWriteFields);
}

/** A bundling problem in one line: the file and line it is at, what is wrong, and where in the document. */
function problemLine(problem) {
  const location = problem.location?.[0];
  if (!location) return problem.message;
  const { line, col } = getLineColLocation(location).start;
  const relative = path.relative(process.cwd(), location.source.absoluteRef);
  const file = relative.startsWith("..") ? location.source.absoluteRef : relative;
  const ref = resolveLocalRef(parse(location.source.body), location.pointer)?.$ref;
  return `${file}:${line}:${col}: ${problem.message}${ref ? ` ${JSON.stringify(ref)}` : ""} at ${location.pointer}`;
}

/** The bundled spec (`root`, normalized) and `deref`, which follows a node's `$ref`s to what they point at. */
export async function loadSpec(file) {
  const { bundle: document, problems } = await bundle({ ref: path.resolve(file), config: await createConfig({}) });
  const unresolved = problems.find((problem) => problem.ruleId === "no-unresolved-refs" || problem.severity === "error");
  if (unresolved) throw new Error(problemLine(unresolved));
  const root = document.parsed;
  // Keywords of another dialect that would change the generated code (normalize-spec.mjs).
  normalizeSpec(root);
  const rootUrl = pathToFileURL(path.resolve(file)).href;

  /** Follows `node.$ref` (repeatedly). Returns the url too, for callers written for several files: it is always the root's. */
  function deref(node) {
    let current = node;
    while (current && typeof current === "object" && typeof current.$ref === "string") {
      const ref = current.$ref;
      // A pointer in a URI fragment may be percent-encoded (`%7BcompanyId%7D`).
      current = resolveLocalRef(root, ref);
      if (current === undefined) throw new Error(`unresolvable $ref ${ref}`);
    }
    return { node: current, url: rootUrl };
  }

  return { root, rootUrl, docs: new Map([[rootUrl, root]]), deref };
}
