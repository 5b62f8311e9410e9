import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { afterAll } from "vitest";
import { copyOfRepo, isolatedCopyOfRepo } from "../lib/repo-copy.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `command` run to its end; `env` adds to (or, with undefined, removes from) this process's environment. */
export function run(command: string, args: string[], cwd = repoRoot, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", REDOCLY_TELEMETRY: "off", FORCE_COLOR: "0", NO_COLOR: "1", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runScript(script: string, args: string[]): RunResult {
  return run(process.execPath, [path.join(repoRoot, "scripts", script), ...args]);
}

/** A throwaway folder holding a redocly.yaml with one API "demo" whose spec is `spec`. */
export function fixtureProject(spec: string): { dir: string; config: string; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "syncline-fixture-"));
  const config = path.join(dir, "redocly.yaml");
  writeFileSync(config, ["telemetry: off", "apis:", "  demo@v1:", "    root: spec.yaml", "    x-openapi-ts:", "      output: out/schema.ts", ""].join("\n"));
  writeFileSync(path.join(dir, "spec.yaml"), spec);
  return { dir, config, output: path.join(dir, "out", "schema.ts") };
}

// The repo copies live in scripts/lib, shared with the benchmarks.
export { copyOfRepo, isolatedCopyOfRepo };

/**
 * copyOfRepo() as a git repo of its own, with everything committed on main and no pending changesets
 * (tests write their own). `isolated`: isolatedCopyOfRepo() with the repo's turbo cache, for a copy that builds.
 */
export function gitRepoCopy({ isolated = false } = {}): string {
  const copy = isolated ? isolatedCopyOfRepo({ turboCache: true }) : copyOfRepo();
  for (const file of readdirSync(path.join(copy, ".changeset"))) {
    if (file.endsWith(".md") && file !== "README.md") rmSync(path.join(copy, ".changeset", file));
  }
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"],
  ]) {
    const result = run("git", args, copy);
    if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  }
  return copy;
}

const runtimeSource = path.join(repoRoot, "packages/runtime/src/index.ts");

const typeCheckOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  paths: { "@syncline/runtime": [runtimeSource] },
};

// TypeScript's own lib files and the runtime's sources are the same in every program a test file
// builds: parsed once per worker, as an editor's language service does, they cost a third less.
const sharedSourceFiles = new Map<string, ts.SourceFile | undefined>();
const unchanging = [path.dirname(ts.getDefaultLibFilePath(typeCheckOptions)), path.dirname(runtimeSource)];

function typeCheckHost(): ts.CompilerHost {
  const host = ts.createCompilerHost(typeCheckOptions);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, ...rest) => {
    if (!unchanging.some((dir) => path.resolve(fileName).startsWith(dir + path.sep))) return readSourceFile(fileName, ...rest);
    if (!sharedSourceFiles.has(fileName)) sharedSourceFiles.set(fileName, readSourceFile(fileName, ...rest));
    return sharedSourceFiles.get(fileName);
  };
  return host;
}

/** The TypeScript errors of `files` (generated code importing @syncline/runtime), as "file(line): message" lines. */
export function typeErrors(files: string[]): string[] {
  return [...typeErrorsByFile(files).values()].flat();
}

/** typeErrors of many files in one program (one start-up), by the full path of the file each error is in. */
export function typeErrorsByFile(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, typeCheckOptions, typeCheckHost());
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const where = d.file ? `${path.basename(d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}): ` : "";
    const file = d.file ? path.resolve(d.file.fileName) : "";
    errors.set(file, [...(errors.get(file) ?? []), where + ts.flattenDiagnosticMessageText(d.messageText, "\n")]);
  }
  return errors;
}

/** A fixture's generated package (out/client.ts and out/operations.ts), bundled with the runtime's sources and imported. */
// biome-ignore lint/suspicious/noExplicitAny: a generated module's shape is what the test asserts
export async function importGenerated(outDir: string): Promise<Record<string, any>> {
  const entry = path.join(outDir, "index.ts");
  writeFileSync(entry, 'export * from "./client";\nexport * from "./operations";\n');
  const outfile = path.join(outDir, "bundle.mjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    alias: { "@syncline/runtime": runtimeSource },
    logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

/** What a script would print, caught: `log` and `error` to hand it, and its result once it ends. */
function capturedOutput() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const text = (lines: string[]) => lines.map((line) => `${line}\n`).join("");
  return {
    log: (line: string) => stdout.push(line),
    error: (line: string) => stderr.push(line),
    result: (code: number, lastWords: string[] = []): RunResult => ({ code, stdout: text(stdout), stderr: text([...stderr, ...lastWords]) }),
  };
}

/** scripts/generate.mjs run in this process (the same code, without a node start-up per run): its exit code and output. */
export async function generate(args: string[]): Promise<RunResult> {
  const { generateApis, parseGenerateArgs } = await import("../lib/generate-apis.mjs");
  const output = capturedOutput();
  try {
    const failed = await generateApis({ ...parseGenerateArgs(args), log: output.log, error: output.error });
    return output.result(failed ? 1 : 0);
  } catch (error) {
    // What node prints for an uncaught error, as the script would exit with it.
    return output.result(1, [String((error as Error).message)]);
  }
}

/** scripts/check-generated.mjs run in this process (no node start-up for it, nor for the generator it runs). */
export async function checkGenerated(args: string[]): Promise<RunResult> {
  const [{ checkGenerated: check }, { parseGenerateArgs }] = await Promise.all([import("../lib/check-generated.mjs"), import("../lib/generate-apis.mjs")]);
  const output = capturedOutput();
  const upToDate = await check({ configPath: parseGenerateArgs(args).configPath, log: output.log, error: output.error });
  return output.result(upToDate ? 0 : 1);
}

/** scripts/check-release.mjs run in this process on the repo at `root` (its git commands run there). */
export async function checkRelease(root: string, options: { base?: string; write?: boolean } = {}): Promise<RunResult> {
  const { checkRelease: check } = await import("../lib/check-release.mjs");
  const output = capturedOutput();
  const ok = await check({ root, ...options, log: output.log, error: output.error });
  return output.result(ok ? 0 : 1);
}

const generatedFixtures: string[] = [];
afterAll(() => {
  for (const dir of generatedFixtures.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * `spec` generated into a throwaway project (removed after the test file): the project, and the
 * folder of its generated modules. Generation must succeed without a word on stderr.
 */
export async function generatedFixture(spec: string): Promise<ReturnType<typeof fixtureProject> & { outDir: string }> {
  const fixture = fixtureProject(spec);
  generatedFixtures.push(fixture.dir);
  const result = await generate(["--config", fixture.config]);
  if (result.code !== 0 || result.stderr !== "") throw new Error(`generation failed: ${result.stderr}`);
  return { ...fixture, outDir: path.dirname(fixture.output) };
}
