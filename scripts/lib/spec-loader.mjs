// Loads a spec and the files it references, and follows $refs between them
// (relative file refs and JSON pointers), as the bundler does.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";

/** The value at a JSON pointer ("#/components/schemas/X" without the "#") in a document. */
export function resolvePointer(doc, pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((value, key) => value?.[key], doc);
}

export function loadSpec(file) {
  const docs = new Map();
  const load = (url) => {
    if (!docs.has(url)) docs.set(url, parse(readFileSync(new URL(url), "utf8")));
    return docs.get(url);
  };
  const rootUrl = pathToFileURL(path.resolve(file)).href;
  const root = load(rootUrl);

  /** Follows `node.$ref` (repeatedly) from a node found in the document at `baseUrl`. */
  function deref(node, baseUrl = rootUrl) {
    let current = node;
    let url = baseUrl;
    while (current && typeof current === "object" && typeof current.$ref === "string") {
      const target = new URL(current.$ref, url);
      url = target.href.split("#")[0];
      const pointer = decodeURIComponent(target.hash.slice(1));
      current = resolvePointer(load(url), pointer);
      if (current === undefined) throw new Error(`unresolvable $ref ${target.href}`);
    }
    return { node: current, url };
  }

  return { root, rootUrl, docs, deref };
}
