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

const clientsSource = Object.entries(clients)
  .map(([name, make]) => `import { create${name[0]!.toUpperCase()}${name.slice(1)}Client } from "@syncline/${name}";\nexport const ${name} = ${make};`)
  .join("\n");

/** A program over one in-memory consumer file, compiled against the built packages. */
function consumer(source: string) {
  const file = path.join(here, "__hover__.ts");
  const host = ts.createCompilerHost({});
  const readFile = host.readFile;
  host.readFile = (name) => (name === file ? source : readFile(name));
  const exists = host.fileExists;
  host.fileExists = (name) => name === file || exists(name);
  const program = ts.createProgram(
    [file],
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    },
    host,
  );
  return { program, file };
}

interface MethodDoc {
  client: string;
  method: string;
  doc: string;
  tags: { name: string; text: string }[];
}

/** Every resource method of each client with the documentation an editor would show for it. */
function methodDocs(): MethodDoc[] {
  const { program, file } = consumer(clientsSource);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const rows = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const client = checker.getTypeOfSymbol(exported);
    for (const resource of client.getProperties().filter((p) => !["baseUrl", "fetch"].includes(p.name))) {
      for (const method of checker.getTypeOfSymbol(resource).getProperties()) {
        rows.push({
          client: exported.name,
          method: `${resource.name}.${method.name}`,
          doc: ts.displayPartsToString(method.getDocumentationComment(checker)),
          tags: method.getJsDocTags(checker).map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text) })),
        });
      }
    }
  }
  return rows;
}

const rows = methodDocs();

describe("docs on hover", () => {
  it("every method of every client shows documentation from the spec", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.filter((row) => row.doc.trim() === "").map((row) => `${row.client}: ${row.method}`)).toEqual([]);
    expect(rows.find((row) => row.client === "platform" && row.method === "connections.list")!.doc).toContain("List connections");
    expect(rows.find((row) => row.client === "powens" && row.method === "connections.createUserConnection")!.doc).toContain("Create a connection");
  });

  it("every method that calls the API names the errors it throws, and has an example", () => {
    // webauthUrl builds a URL locally: it sends nothing, so it throws nothing but bad input.
    const calling = rows.filter((row) => row.method !== "connections.webauthUrl");
    expect(calling.filter((row) => !row.tags.some((tag) => tag.name === "throws")).map((row) => row.method)).toEqual([]);
    expect(rows.filter((row) => !row.tags.some((tag) => tag.name === "example")).map((row) => `${row.client}: ${row.method}`)).toEqual([]);
    const get = rows.find((row) => row.client === "commerce" && row.method === "connections.get")!;
    expect(get.tags.filter((tag) => tag.name === "throws").map((tag) => tag.text)).toContainEqual(expect.stringMatching(/^\{NotFoundError\} 404/));
  });

  it("every @example type-checks against the real clients", { timeout: 60_000 }, () => {
    const examples = rows.map((row) => row.tags.find((tag) => tag.name === "example")!.text.trim());
    // Each example in a block of its own, as a reader would paste it.
    const { program } = consumer(`${clientsSource}\nexport async function examples() {\n${examples.map((example) => `{ ${example} }`).join("\n")}\n}\n`);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });
});
