import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const r = await build({ stdin: { contents: 'import { createCommerceClient } from "../packages/commerce/src/index.ts"; const c = createCommerceClient({apiKey:"k"}); c.connections.list({companyId:"x"}); c.connections.create({companyId:"x", requestBody:{platformKey:"x"}});', resolveDir: process.cwd() }, alias: { "@syncline/runtime": "../packages/runtime/src/index.ts" }, bundle: true, minify: true, format: "esm", write: false, metafile: true, platform: "neutral", external: ["openapi-fetch"], mainFields: ["module","main"] });
const out = r.outputFiles[0].contents;
console.log("total min", out.length, "gzip", gzipSync(out).length);
const o = Object.values(r.metafile.outputs)[0];
for (const [k, v] of Object.entries(o.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(v.bytesInOutput, k);
import { writeFileSync } from "node:fs";
writeFileSync("/tmp/bundle.js", out);
