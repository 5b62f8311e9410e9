// Docs on hover: what an editor shows for each client method is its JSDoc in
// the published .d.ts. Asked the way an editor asks: the TypeScript checker,
// on a consumer of the built packages, for each method's documentation.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
// Every API redocly.yaml lists, each client declared under the name the @example lines use
// (its type is what an editor reads), and each package's exports for its standalone functions.
const redoclyConfig = parse(readFileSync(path.join(here, "../../redocly.yaml"), "utf8")) as { apis: Record<string, unknown> };
const apis = Object.keys(redoclyConfig.apis).map((key) => key.split("@")[0]!);
const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase());
const clientsSource = apis
  .map((name) => {
    const camel = name.replace(/-(\w)/g, (_: string, c: string) => c.toUpperCase());
    return `import type { ${pascal(name)}Client } from "@syncline/${name}";\nexport declare const ${camel}: ${pascal(name)}Client;\nimport * as ${camel}Exports from "@syncline/${name}";`;
  })
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

// One program over the consumer that declares every client, for every question below.
const clients = consumer(clientsSource);
const checker = clients.program.getTypeChecker();

/** Each resource method of each client: the client's name, the resource's, and the method's symbol. */
function* resourceMethods(): Generator<{ client: string; resource: string; method: ts.Symbol }> {
  const module = checker.getSymbolAtLocation(clients.program.getSourceFile(clients.file)!)!;
  for (const exported of checker.getExportsOfModule(module)) {
    // The core's own members (base URL, pipeline, raw fetch, call) are not resources.
    const resources = checker
      .getTypeOfSymbol(exported)
      .getProperties()
      .filter((p) => !["baseUrl", "pipeline", "fetch", "call", "callWithResponse"].includes(p.name));
    for (const resource of resources) {
      for (const method of checker.getTypeOfSymbol(resource).getProperties()) yield { client: exported.name, resource: resource.name, method };
    }
  }
}

/** Every resource method of each client with the documentation an editor would show for it. */
function methodDocs(): MethodDoc[] {
  return [...resourceMethods()].map(({ client, resource, method }) => ({
    client,
    method: `${resource}.${method.name}`,
    doc: ts.displayPartsToString(method.getDocumentationComment(checker)),
    tags: method.getJsDocTags(checker).map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text) })),
  }));
}

/** The runtime's functions each client re-exports (its fetch, withResponse, the stream readers). */
const RUNTIME_HELPERS = new Set(["pipelineFetch", "withResponse", "fetchStream", "readEvents", "readJsonEvents", "readJsonLines"]);

/** Every standalone function of each package (connectionsList, ...) with its documentation, as `method` "fn:name". */
function functionDocs(): MethodDoc[] {
  const { program, file } = clients;
  const rows = [];
  for (const statement of program.getSourceFile(file)!.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamespaceImport(statement.importClause.namedBindings)) continue;
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      // The operations' functions; the factories, guards and the runtime's helpers are documented elsewhere.
      if (!(symbol.flags & ts.SymbolFlags.Function) || /^(create|is)[A-Z]/.test(symbol.name) || RUNTIME_HELPERS.has(symbol.name)) continue;
      rows.push({
        client: statement.importClause.namedBindings.name.text.replace("Exports", ""),
        method: `fn:${symbol.name}`,
        doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
        tags: symbol.getJsDocTags(checker).map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text) })),
      });
    }
  }
  return rows;
}

const methods = methodDocs();
const functions = functionDocs();
const rows = [...methods, ...functions];

/** What an editor's hover shows for each client method that pages through a list (quick info, as the editor asks for it). */
function listAllHovers(): { method: string; shown: string }[] {
  const { program, file } = clients;
  const methods: string[] = [];
  for (const { client, resource, method } of resourceMethods()) {
    const [signature] = checker.getTypeOfSymbol(method).getCallSignatures();
    if (signature && checker.typeToString(signature.getReturnType()).startsWith("AsyncGenerator<")) methods.push(`${client}.${resource}.${method.name}`);
  }
  const source = `${clientsSource}\n${methods.map((method) => `${method};`).join("\n")}\n`;
  const options = program.getCompilerOptions();
  const service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = name === file ? source : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => here,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
  });
  return methods.map((method) => {
    const info = service.getQuickInfoAtPosition(file, source.lastIndexOf(`${method};`) + method.length - 1);
    return { method, shown: ts.displayPartsToString(info?.displayParts) };
  });
}

describe("docs on hover", () => {
  it("listAll shows what it yields by name (ListConnectionsItem), not the expression that derives it", () => {
    const hovers = listAllHovers();
    expect(hovers.map((row) => row.method)).toContain("commerce.connections.listAll");
    for (const { method, shown } of hovers) expect(shown, method).toMatch(/=> AsyncGenerator<(?:\w+\.)?\w+, void, undefined>$/);
  });

  it("every method of every client, and every standalone function, shows documentation from the spec", () => {
    expect(methods.length).toBeGreaterThanOrEqual(30);
    // One function per method: connections.list is connectionsList.
    expect(functions.map((row) => `${row.client}: ${row.method}`).sort()).toEqual(
      methods.map((row) => `${row.client}: fn:${row.method.replace(/\.(\w)/, (_, c: string) => c.toUpperCase())}`).sort(),
    );
    expect(rows.filter((row) => row.doc.trim() === "").map((row) => `${row.client}: ${row.method}`)).toEqual([]);
    expect(rows.find((row) => row.client === "platform" && row.method === "connections.list")!.doc).toContain("List connections");
    expect(rows.find((row) => row.client === "powens" && row.method === "connections.createUserConnection")!.doc).toContain("Create a connection");
  });

  it("every method that calls the API names the errors it throws, and has an example", () => {
    // webauthUrl builds a URL locally: it sends nothing, so it throws nothing but bad input.
    const calling = rows.filter((row) => !["connections.webauthUrl", "fn:connectionsWebauthUrl"].includes(row.method));
    expect(calling.filter((row) => !row.tags.some((tag) => tag.name === "throws")).map((row) => row.method)).toEqual([]);
    expect(rows.filter((row) => !row.tags.some((tag) => tag.name === "example")).map((row) => `${row.client}: ${row.method}`)).toEqual([]);
    const get = rows.find((row) => row.client === "commerce" && row.method === "connections.get")!;
    expect(get.tags.filter((tag) => tag.name === "throws").map((tag) => tag.text)).toContainEqual(expect.stringMatching(/^\{NotFoundError\} 404/));
  });

  it("every @example type-checks against the real clients", { timeout: 60_000 }, () => {
    const examples = rows.map((row) => {
      const example = row.tags.find((tag) => tag.name === "example")!.text.trim();
      // A function's example calls it by name, as an app that imported it would.
      return row.method.startsWith("fn:") ? `const { ${row.method.slice(3)} } = ${row.client}Exports;\n${example}` : example;
    });
    // Each example in a block of its own, as a reader would paste it.
    const { program } = consumer(`${clientsSource}\nexport async function examples() {\n${examples.map((example) => `{ ${example} }`).join("\n")}\n}\n`);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });
});
