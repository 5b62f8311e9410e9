// Turns one spec into the text of its generated types file.
import path from "node:path";
import { hasReadWriteFields, loadSpec } from "./spec-loader.mjs";
import openapiTS, { astToString, STRING, tsIntersection, tsLiteral, tsUnion } from "openapi-typescript";
import ts from "typescript";

/**
 * An open enum (`anyOf` of a string enum and any other string, as the specs
 * write values a vendor may add to) as `(string & {}) | "a" | "b"`: any
 * string is accepted, and editors still complete the listed values
 * (openapi-typescript's `string | "a" | "b"` collapses to plain `string`).
 */
function openEnum(schema) {
  const parts = schema.anyOf ?? schema.oneOf;
  if (!Array.isArray(parts) || parts.length !== 2) return undefined;
  const listed = parts.find((part) => Array.isArray(part.enum) && part.enum.every((value) => typeof value === "string"));
  const other = parts.find((part) => part !== listed && part.type === "string" && !part.enum);
  if (!listed || !other) return undefined;
  return tsUnion([tsIntersection([STRING, ts.factory.createTypeLiteralNode([])]), ...listed.enum.map((value) => tsLiteral(value))]);
}

/**
 * A binary string (`format: binary`, or 3.1's `contentMediaType` of a
 * non-text type) as `Blob`: what a client uploads in a multipart or
 * octet-stream body (a File is a Blob).
 */
function binaryAsBlob(schema) {
  const binary = schema.format === "binary" || (typeof schema.contentMediaType === "string" && !/^text\/|json/.test(schema.contentMediaType));
  return schema.type === "string" && binary ? ts.factory.createTypeReferenceNode("Blob") : undefined;
}

// Words of a JSON pointer that say where, not what: left out of a hoisted component's name.
const STRUCTURAL = new Set(["definitions", "$defs", "properties", "items", "schema", "content", "application/json"]);
const pascalWords = (words) =>
  words.map((word) => word.replace(/[^A-Za-z0-9]+(.)?/g, (_, c = "") => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase())).join("");

/** The component kind the target of a $ref found at `keys` (its path in the document) must become. */
function kindAt(keys) {
  const parent = keys.at(-2);
  if (parent === "parameters") return "parameters";
  if (keys.at(-1) === "requestBody") return "requestBodies";
  if (parent === "responses") return "responses";
  if (parent === "headers") return "headers";
  return "schemas";
}

/**
 * openapi-typescript types a local $ref by the path it names, so a ref into a
 * component, a path or a webhook (`#/components/schemas/Thing/definitions/Limit`,
 * `#/paths/~1things/get/parameters/0`) becomes a type that does not exist.
 * Each such target is hoisted into a component of its own (`ThingLimit`) and
 * the ref pointed there. Returns how many refs were rewritten.
 */
export function hoistDeepRefs(doc) {
  let hoisted = 0;
  const seen = new Map();
  const walk = (node, keys) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, [...keys, String(i)]);
      });
      return;
    }
    if (!node || typeof node !== "object") return;
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#/")) {
      // A pointer in a URI fragment may be percent-encoded too (redocly's bundler writes `%7BcompanyId%7D`).
      const segments = ref
        .slice(2)
        .split("/")
        .map((segment) => decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~"));
      // Into an operation (of a path or a webhook), or inside a component.
      const inOperation = segments[0] === "paths" || segments[0] === "webhooks";
      const deep = inOperation || (segments[0] === "components" && segments.length > 3);
      if (deep) {
        const kind = kindAt(keys);
        if (!seen.has(ref)) {
          const words = (inOperation ? segments.slice(1) : segments.slice(2)).filter((word) => !STRUCTURAL.has(word));
          let name = pascalWords(words);
          while (doc.components?.[kind]?.[name]) name += "_";
          doc.components ??= {};
          doc.components[kind] ??= {};
          const target = segments.reduce((value, key) => value?.[key], doc);
          if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
          doc.components[kind][name] = structuredClone(target);
          seen.set(ref, `#/components/${kind}/${name}`);
        }
        node.$ref = seen.get(ref);
        hoisted++;
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, [...keys, key]);
  };
  // A hoisted target may itself hold deep refs: walk until none is left.
  for (let before = -1; before !== hoisted; ) {
    before = hoisted;
    walk(doc, []);
  }
  return hoisted;
}

/** @param {import("./apis.mjs").ApiEntry} api @param {string} root repo root */
export async function renderTypes(api, root) {
  // The spec with every file it references, bundled by redocly (loadSpec): every $ref left is local.
  const doc = structuredClone((await loadSpec(path.join(root, api.root))).root);
  hoistDeepRefs(doc);
  const readWrite = hasReadWriteFields(doc);
  // rootTypes: readable aliases (`Connection`, `ConnectionsList`, ...) beside `components`.
  const ast = await openapiTS(doc, {
    silent: true,
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    transform: (schema) => openEnum(schema) ?? binaryAsBlob(schema),
    // A field with a default is the server's to fill: optional (in request bodies above all).
    defaultNonNullable: false,
    // readOnly and writeOnly fields marked, so requests leave out the first and answers the second (RequestOf, ResponseOf).
    readWriteMarkers: readWrite,
  });
  const header = `// Generated by scripts/generate.mjs from ${api.root}. Do not edit by hand:\n// change the spec and run \`npm run generate\`.\n\n`;
  let text = astToString(ast);
  // openapi-typescript's helper for `required` beside an allOf takes keyof T, which is never when
  // the base is nullable (`Base | null`): this one leaves null as it is and requires the keys of the rest.
  text = text.replace(
    /^type WithRequired<T, K extends keyof T> = T & \{\s*\[P in K\]-\?: T\[P\];\s*\};$/m,
    "type WithRequired<T, K extends keyof NonNullable<T>> = T extends null ? T : T & { [P in K & keyof T]-?: T[P] };",
  );
  // The readable schema names are what answers hold: without the writeOnly fields, readOnly ones unwrapped.
  if (readWrite) text = text.replace(/^export type (\w+) = (components\['schemas'\]\['[^']+'\]);$/gm, "export type $1 = Readable<$2>;");
  return header + text;
}
