// Validates every example in a set of OpenAPI 3.1 documents against its schema
// with a JSON Schema 2020-12 validator (OpenAPI 3.1's schema dialect).
// Documents are loaded as they are written, so $refs between files resolve
// exactly as the bundler resolves them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { resolvePointer } from "./spec-loader.mjs";

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

function createValidator() {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own format names and schema keywords (not in JSON Schema).
  ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat("int64", { type: "number", validate: (n) => Number.isInteger(n) });
  ajv.addVocabulary(["discriminator", "xml", "externalDocs", "example"]);
  return ajv;
}

/** Every `format` a document's schemas name. */
function formatsIn(node, found = new Set()) {
  if (Array.isArray(node)) for (const item of node) formatsIn(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") found.add(value);
      else formatsIn(value, found);
    }
  }
  return found;
}

const pointerEscape = (segment) => String(segment).replaceAll("~", "~0").replaceAll("/", "~1");

/** Follows a (possibly cross-file) $ref to the value it names. */
function resolve(docs, baseUrl, ref) {
  const target = new URL(ref, baseUrl);
  const docUrl = target.href.split("#")[0];
  const doc = docs.get(docUrl);
  if (!doc) throw new Error(`unresolvable $ref ${ref} from ${baseUrl}`);
  return { value: resolvePointer(doc, decodeURIComponent(target.hash.slice(1))), url: docUrl };
}

/**
 * Lists every example with the schema it must match.
 * @returns {{ where: string, schemaRef: string, value: unknown }[]}
 */
function collectExamples(docs) {
  const checks = [];
  for (const [url, doc] of docs) {
    const file = path.basename(new URL(url).pathname);
    const walk = (node, pointer) => {
      if (node === null || typeof node !== "object") return;
      const where = `${file}#${pointer}`;
      const schemaRef = (p) => `${url}#${p}`;
      if (Array.isArray(node.examples) && !("schema" in node)) {
        // A schema's own `examples` (JSON Schema keyword): each must match it.
        node.examples.forEach((value, i) => {
          checks.push({ where: `${where}/examples/${i}`, schemaRef: schemaRef(pointer), value });
        });
      }
      if ("schema" in node && typeof node.schema === "object") {
        // A media type, parameter or header: `example` or a map of Example objects.
        if ("example" in node) checks.push({ where: `${where}/example`, schemaRef: schemaRef(`${pointer}/schema`), value: node.example });
        for (const [name, example] of Object.entries(node.examples ?? {})) {
          const resolved = example.$ref ? resolve(docs, url, example.$ref).value : example;
          if (resolved && "value" in resolved) {
            checks.push({ where: `${where}/examples/${name}`, schemaRef: schemaRef(`${pointer}/schema`), value: resolved.value });
          }
        }
      }
      for (const [key, child] of Object.entries(node)) {
        if (key === "example" || key === "examples" || key === "value") continue; // example data, not spec
        walk(child, `${pointer}/${pointerEscape(key)}`);
      }
    };
    walk(doc, "");
  }
  return checks;
}

/**
 * @param {string[]} files spec files, and the files they reference
 * @returns {{ checked: number, failures: { where: string, errors: string[] }[] }}
 */
export function validateExamples(files) {
  const ajv = createValidator();
  const docs = new Map();
  for (const file of files) {
    const url = pathToFileURL(path.resolve(file)).href;
    const doc = parse(readFileSync(file, "utf8"));
    docs.set(url, doc);
    ajv.addSchema(doc, url);
    // A vendor's own formats (Powens's sql-date-time, monetary...) are notes, not checks (and not a warning each).
    for (const format of formatsIn(doc)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  }
  const checks = collectExamples(docs);
  const failures = [];
  for (const check of checks) {
    const validate = ajv.getSchema(check.schemaRef) ?? ajv.compile({ $ref: check.schemaRef });
    if (!validate(check.value)) {
      failures.push({
        where: check.where,
        errors: (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`),
      });
    }
  }
  return { checked: checks.length, failures };
}
