// Reads the API list from redocly.yaml, the single config that lint, bundle,
// docs and generation share. Adding an API = one entry there.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * @typedef {{ name: string, key: string, root: string, output: string }} ApiEntry
 *   name: short API name ("platform"); key: redocly key ("platform@v3");
 *   root and output: paths relative to the repo root.
 */

/** @returns {ApiEntry[]} */
export function loadApis({ configPath = path.join(repoRoot, "redocly.yaml"), only = [] } = {}) {
  const config = parse(readFileSync(configPath, "utf8"));
  const apis = Object.entries(config?.apis ?? {}).map(([key, api]) => {
    const output = api?.["x-openapi-ts"]?.output;
    if (!api?.root || !output) {
      throw new Error(`${configPath}: api "${key}" needs both "root" and "x-openapi-ts.output"`);
    }
    return { name: key.split("@")[0], key, root: api.root, output };
  });
  const unknown = only.filter((name) => !apis.some((api) => api.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown API ${unknown.join(", ")}; redocly.yaml lists: ${apis.map((a) => a.name).join(", ")}`);
  }
  return only.length > 0 ? apis.filter((api) => only.includes(api.name)) : apis;
}

/** The generated modules beside the generated types (schema.ts): the operations and the client. */
export const GENERATED_MODULES = ["operations.ts", "client.ts"];

/** The README of an API's package (its method tables are generated), relative to the repo root; none outside packages/. */
export const readmeOf = (api) => api.output.match(/^(packages\/[^/]+)\/src\//)?.[1]?.concat("/README.md");

/** Every file the generator writes for an API, relative to the repo root. */
export const generatedFiles = (api) => [api.output, ...GENERATED_MODULES.map((file) => path.join(path.dirname(api.output), file))];

/**
 * What an imported vendor spec is linted with (`npm run add-api` without --strict): nothing that
 * leaves the generated code as it is blocks the build. An unresolved $ref and a duplicate
 * operationId stay errors; the vendor's other mistakes are warnings (3.0 keywords in a 3.1 spec,
 * an operationId missing from a webhook: the generator reads them, or names what it cannot read);
 * the house rules are off. README "Adding an API" shows it.
 */
export const VENDOR_LINT_PROFILE = {
  extends: ["minimal"],
  rules: {
    struct: "warn",
    "operation-operationId": "warn",
    "no-server-trailing-slash": "warn",
    "no-server-variables-empty-enum": "warn",
    "rule/syncline-method": "off",
    "rule/success-response": "off",
    "operation-4xx-response": "off",
    "no-unused-components": "off",
    "no-invalid-media-type-examples": "off",
    "no-invalid-parameter-examples": "off",
    "no-invalid-schema-examples": "off",
    "no-required-schema-properties-undefined": "off",
  },
};
