import { parse } from "acorn";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
const code = readFileSync("/tmp/bundle.js", "utf8");
const total = gzipSync(code).length;
const ast = parse(code, { ecmaVersion: "latest", sourceType: "module" });
const rows = [];
for (const node of ast.body) {
  const parts = node.type === "VariableDeclaration" && node.declarations.length > 1 ? node.declarations : [node];
  for (const part of parts) {
    const without = code.slice(0, part.start) + code.slice(part.end);
    const text = code.slice(part.start, part.end);
    rows.push([total - gzipSync(without).length, text.length, text.slice(0, 70)]);
  }
}
rows.sort((a, b) => b[0] - a[0]);
console.log("total", total);
for (const r of rows.slice(0, 45)) console.log(String(r[0]).padStart(5), String(r[1]).padStart(6), r[2]);
