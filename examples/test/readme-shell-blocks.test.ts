// The READMEs' shell blocks stay true: every `npm run` names a script that exists, every workspace,
// binary and repo file a line names exists, and the lines that are safe to run anywhere (they write
// only where they are told) run for real.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readmes = ["README.md", "examples/README.md", ...readdirSync(path.join(root, "packages")).map((name) => `packages/${name}/README.md`)].filter((file) =>
  existsSync(path.join(root, file)),
);
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8"));
const workspaces = new Map(
  readdirSync(path.join(root, "packages"))
    .filter((d) => existsSync(path.join(root, "packages", d, "package.json")))
    .map((d) => [manifest(`packages/${d}`).name, `packages/${d}`]),
);

/** Each command line of each ```sh block (comments dropped, `&&` chains split), with its README. */
const commands = readmes.flatMap((readme) =>
  [...readFileSync(path.join(root, readme), "utf8").matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((match) =>
    (match[1] ?? "")
      .split("\n")
      .map((line) => line.replace(/\s#.*$|^#.*$/, "").trim())
      .filter(Boolean)
      .flatMap((line) => line.split("&&").map((command) => ({ readme, command: command.trim() }))),
  ),
);

it("finds the READMEs' shell commands", () => {
  expect(commands.length).toBeGreaterThanOrEqual(20);
});

it("every command names a script, workspace, binary and file that exist", () => {
  const scripts = manifest(".").scripts;
  const bins = new Set([...workspaces.values()].flatMap((dir) => Object.keys(manifest(dir).bin ?? {})));
  const problems: string[] = [];
  for (const { readme, command } of commands) {
    const words = command.split(/\s+/);
    const script = command.match(/^npm run (\S+)/)?.[1];
    if (script && !scripts[script]) problems.push(`${readme}: ${command}: no script "${script}" in package.json`);
    for (const [i, word] of words.entries()) {
      if (words[i - 1] === "-w" && !workspaces.has(word)) problems.push(`${readme}: ${command}: no workspace ${word}`);
      if (words[i - 1] === "--no-install" && !bins.has(word)) problems.push(`${readme}: ${command}: no package has the binary ${word}`);
      // A repo path (specs/x.yaml, scripts/x.mjs): not one the reader supplies (path/to/..., ../...).
      if (/^(specs|scripts|packages|examples)\/[\w./-]+\.\w+$/.test(word) && !word.includes("*") && !existsSync(path.join(root, word)))
        problems.push(`${readme}: ${command}: no file ${word}`);
    }
  }
  expect(problems).toEqual([]);
});

it("runs the install-before-release block's pack line: the tarballs a reader installs", () => {
  const line = commands.find(({ command }) => command.startsWith("npm pack -w "));
  expect(line?.readme).toBe("README.md");
  const destination = mkdtempSync(path.join(tmpdir(), "syncline-readme-pack-"));
  try {
    const args = line!.command.replace("../my-app", destination).split(/\s+/).slice(1);
    execFileSync("npm", args, { cwd: root, stdio: "ignore" });
    const install = commands.find(({ command }) => command.startsWith("npm install ./"))!.command;
    // Each tarball the next line installs is one the pack line wrote.
    const wanted = install
      .split(/\s+/)
      .slice(2)
      .map((glob) => new RegExp(`^${glob.replace("./", "").replace("*", ".*").replaceAll(".tgz", "\\.tgz")}$`));
    const written = readdirSync(destination);
    expect(wanted.map((pattern) => written.filter((file) => pattern.test(file)).length)).toEqual(wanted.map(() => 1));
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}, 60_000);
