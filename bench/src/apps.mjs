// The app each bundle-size measurement builds, for every API redocly.yaml
// lists (an API added with `npm run add-api` is measured too): it creates the
// client and calls two operations, the API's first GET and first POST (list
// and create, for the Connections APIs), with their documented example
// requests. Each API twice: the client object (every method comes along) and
// its core with the two standalone functions (only those two come along).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadApis } from "../../scripts/lib/apis.mjs";
import { describeApi } from "../../scripts/lib/describe-api.mjs";
import { functionName } from "../../scripts/lib/render-client.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pascal = (name) => name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase());

async function twoCallApps(api) {
  const model = await describeApi(api, repoRoot);
  const first = (method) => model.operations.find((op) => op.method === method && op.fixedBody === undefined);
  const [list, create] = [first("GET") ?? model.operations[0], first("POST") ?? model.operations[1] ?? model.operations[0]];
  const options = `{ ${model.auth.exampleSchemes.flatMap((scheme) => scheme.options.map((option) => `${option}: "k"`)).join(", ")} }`;
  const Api = pascal(model.name);
  const packageName = `@syncline/${model.name}`;
  const [listFn, createFn] = [functionName(list.resource, list.name), functionName(create.resource, create.name)];
  return {
    name: model.name,
    client: {
      import: `{ create${Api}Client }`,
      source: `import { create${Api}Client } from "${packageName}";
const client = create${Api}Client(${options});
client.${list.resource}.${list.name}(${list.example}).then(console.log);
client.${create.resource}.${create.name}(${create.example}).then(console.log);`,
    },
    functions: {
      import: `{ create${Api}Core, ${listFn}, ${createFn} }`,
      source: `import { create${Api}Core, ${listFn}, ${createFn} } from "${packageName}";
const core = create${Api}Core(${options});
${listFn}(${["core", list.example].filter(Boolean).join(", ")}).then(console.log);
${createFn}(${["core", create.example].filter(Boolean).join(", ")}).then(console.log);`,
    },
  };
}

/** One entry per API in redocly.yaml, in its order. */
export const apps = await Promise.all(loadApis().map(twoCallApps));
