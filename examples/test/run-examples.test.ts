// npm run example -- <name>: each example of src/ run by scripts/example.mjs against the mocks it
// starts, printing what each step returned, with nothing secret in what it prints.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(here, "../../scripts/example.mjs");
const examples = readdirSync(path.join(here, "../src")).map((file) => file.replace(/\.ts$/, ""));

// One run per name: the tests that read the same run's output share it.
const runs = new Map<string, Promise<{ code: number; out: string; err: string }>>();
function example(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const key = args.join(" ");
  if (!runs.has(key)) runs.set(key, run(args));
  return runs.get(key)!;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  // Without the real APIs' credentials, whatever the machine has set: the mocks only.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CODAT_|POWENS_|SYNCLINE_)/.test(key)));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [runner, ...args], { env, timeout: 30_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: e.stdout ?? "", err: e.stderr ?? "" };
  }
}

describe.concurrent("npm run example -- <name>", { timeout: 30_000 }, () => {
  it.each(examples)("%s runs against the mock, each step answered", async (name) => {
    const { code, out, err } = await example(name);
    expect(code, out + err).toBe(0);
    const [title, ...steps] = out.trim().split("\n");
    expect(title).toMatch(new RegExp(`^${name} against the mock \\(http://127\\.0\\.0\\.1:\\d+\\)$`));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step).toMatch(/^[^:]+: (done|[[{"])/);
  });

  it("prints no token: the user's permanent token and the webview's single-use code are redacted", async () => {
    const { out } = await example("powens-onboarding");
    expect(out).toContain('"accessToken":"[REDACTED]"');
    expect(out).toMatch(/webauth\?client_id=12345678&token=%5BREDACTED%5D&/);
  });

  it("lists every example of src/ without a name, and refuses an unknown one with the list", async () => {
    const listed = await example();
    expect(listed.code).toBe(0);
    expect([...listed.err.matchAll(/^ {2}(\S+) /gm)].map((match) => match[1]).sort()).toEqual([...examples].sort());
    const unknown = await example("nope");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^No example named "nope"\.\nUsage: npm run example -- <name>/);
  });
});
