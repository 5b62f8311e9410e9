// marginal gzip cost: bundle runtime src with a given module's export stubbed
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
async function size(contents) {
  const r = await build({ stdin: { contents, resolveDir: process.cwd() }, bundle: true, minify: true, format: "esm", write: false, platform: "neutral", external: ["openapi-fetch"], alias: { "@syncline/runtime": "../packages/runtime/src/index.ts" } });
  return gzipSync(r.outputFiles[0].contents).length;
}
const full = await size('import { createCommerceClient } from "../packages/commerce/src/index.ts"; const c = createCommerceClient({apiKey:"k"}); c.connections.list({companyId:"x"}); c.connections.create({companyId:"x", requestBody:{platformKey:"x"}});');
console.log("full", full);
const two = await size(`import { createOperationClient, createPipeline, codatAuth, paginate } from "@syncline/runtime";
const ops = { list: { name: "connections.list", method: "GET", path: "/companies/{companyId}/connections", queryParams: ["page","pageSize","query","orderBy"], json: true }, create: { name: "connections.create", method: "POST", path: "/companies/{companyId}/connections", body: true, json: true } };
export function createClient(options) { const baseUrl = options.baseUrl ?? "https://api.codat.io"; const pipeline = createPipeline({ ...options, auth: codatAuth(options), client: "x" }); const core = createOperationClient({ baseUrl, pipeline });
return { baseUrl, fetch: pipeline.fetch, connections: { list: (r, o) => core.call(ops.list, r, o), listAll: (r, o) => paginate((page) => core.call(ops.list, { ...r, page }, o), r.page ?? 1), create: (r, o) => core.call(ops.create, r, o) } }; }
const c = createClient({apiKey:"k"}); c.connections.list({companyId:"x"}); c.connections.create({companyId:"x", requestBody:{platformKey:"x"}});`);
console.log("two-op client", two);
