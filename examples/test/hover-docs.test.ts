// Docs on hover: what an editor shows for each client method is its JSDoc in
// the published .d.ts. Asked the way an editor asks: the TypeScript checker,
// on a consumer of the built packages, for each method's documentation.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const clients = {
  commerce: 'createCommerceClient({ apiKey: "k" })',
  payables: 'createPayablesClient({ apiKey: "k" })',
  platform: 'createPlatformClient({ apiKey: "k" })',
  powens: 'createPowensClient({ accessToken: "t" })',
};

/** Every resource method of each client with the documentation an editor would show for it. */
function methodDocs(): { client: string; method: string; doc: string }[] {
  const file = path.join(here, "__hover__.ts");
  const source = Object.entries(clients)
    .map(([name, make]) => `import { create${name[0]!.toUpperCase()}${name.slice(1)}Client } from "@syncline/${name}";\nexport const ${name} = ${make};`)
    .join("\n");
  const host = ts.createCompilerHost({});
  const readFile = host.readFile;
  host.readFile = (name) => (name === file ? source : readFile(name));
  const exists = host.fileExists;
  host.fileExists = (name) => name === file || exists(name);
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const rows = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const client = checker.getTypeOfSymbol(exported);
    for (const resource of client.getProperties().filter((p) => !["baseUrl", "fetch"].includes(p.name))) {
      for (const method of checker.getTypeOfSymbol(resource).getProperties()) {
        rows.push({ client: exported.name, method: `${resource.name}.${method.name}`, doc: ts.displayPartsToString(method.getDocumentationComment(checker)) });
      }
    }
  }
  return rows;
}

describe("docs on hover", () => {
  it("every method of every client shows documentation from the spec", () => {
    const rows = methodDocs();
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.filter((row) => row.doc.trim() === "").map((row) => `${row.client}: ${row.method}`)).toEqual([]);
    expect(rows.find((row) => row.client === "platform" && row.method === "connections.list")!.doc).toContain("List connections");
    expect(rows.find((row) => row.client === "powens" && row.method === "connections.createUserConnection")!.doc).toContain("Create a connection");
  });
});
