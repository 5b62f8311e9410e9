// The READMEs stay true: every TypeScript block of every README compiles against
// the built packages, each block a module of its own, as a reader would paste it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "../..");
const readmes = ["README.md", "examples/README.md", ...readdirSync(path.join(root, "packages")).map((name) => `packages/${name}/README.md`)].filter((file) =>
  existsSync(path.join(root, file)),
);

/** Each ```ts block of a README, as an in-memory module beside this test (so it resolves the workspace packages). */
const blocks = readmes.flatMap((readme) =>
  [...readFileSync(path.join(root, readme), "utf8").matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match, i) => ({
    readme,
    file: path.join(here, `__${readme.replaceAll("/", "_")}_${i}__.ts`),
    source: `${match[1]}\nexport {};\n`,
  })),
);

it("finds the READMEs' TypeScript blocks", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(10);
});

it("every TypeScript block of every README compiles", { timeout: 60_000 }, () => {
  const sources = new Map(blocks.map((block) => [block.file, block.source]));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  const exists = host.fileExists;
  host.fileExists = (name) => sources.has(name) || exists(name);
  const program = ts.createProgram([...sources.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const block = blocks.find((b) => b.file === d.file?.fileName);
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${block ? `${block.readme} block ${path.basename(block.file)}` : d.file?.fileName} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  expect(problems).toEqual([]);
});
