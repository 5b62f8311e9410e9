// The README's mock command, as a new user runs it right after `npm ci && npm run build`
// (CI runs this suite on a fresh clone): nothing may reach the npm registry.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "@syncline/test-utils";
import { API_NAMES, DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../src/index";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { bin: Record<string, string> };

/**
 * Runs a command until it prints `ready`, then stops it and every process it started (npm runs
 * the mock as a child: signalling npm alone could leave the mock listening); resolves with what
 * it printed.
 */
async function runUntil(command: string, args: string[], ready: RegExp, whileUp: (output: string) => Promise<void>): Promise<string> {
  const child = spawn(command, args, {
    cwd: repo,
    env: { ...process.env, npm_config_offline: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // a process group of its own, to end whole
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const deadline = Date.now() + 20_000;
  while (!ready.test(output) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  try {
    expect(output).toMatch(ready);
    await whileUp(output);
  } finally {
    const exited = child.exitCode === null ? once(child, "exit") : Promise.resolve();
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
  }
  return output;
}

describe("syncline-mock command", () => {
  it("the bin is a committed file, so npm links it at install, before any build", () => {
    const bin = manifest.bin["syncline-mock"]!;
    expect(bin).not.toMatch(/dist\//);
    const tracked = execFileSync("git", ["ls-files", path.join("packages/mock", bin)], { cwd: repo, encoding: "utf8" });
    expect(tracked.trim()).toBe("packages/mock/bin/syncline-mock.js");
  });

  it("`npm run mock -- --api all --port N` (the README's command) serves the four APIs and prints its OAuth2 token URL", { timeout: 30_000 }, async () => {
    const port = await freePort();
    await runUntil("npm", ["run", "mock", "--", "--api", "all", "--port", String(port)], /Ctrl-C stops/, async (output) => {
      const platform = /platform\s+(http:\S+)/.exec(output)![1]!;
      const response = await fetch(`${platform}/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections`, {
        headers: { authorization: `Basic ${btoa(DEFAULT_API_KEY)}` },
      });
      expect(response.status).toBe(200);
      const tokenUrl = /OAuth2 token URL \(client credentials\): (http:\S+)/.exec(output)![1]!;
      const token = await fetch(tokenUrl, {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`)}`, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      expect(token.status).toBe(200);
    });
    // Stopped means stopped: nothing is left listening on the port (the mock is npm's child).
    const deadline = Date.now() + 3_000;
    let listening = true;
    while (listening && Date.now() < deadline) {
      listening = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      if (listening) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listening, `a mock still answers on port ${port}`).toBe(false);
  });

  it("`npx --no-install syncline-mock` runs the linked command, never the registry's", () => {
    const output = execFileSync("npx", ["--no-install", "syncline-mock", "--help"], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, npm_config_offline: "true" },
    });
    expect(output).toContain("Usage: syncline-mock --api");
  });

  it("--client-id and --client-secret set the Powens app credentials /auth/init accepts, and are never printed", { timeout: 30_000 }, async () => {
    const port = await freePort();
    const args = ["packages/mock/bin/syncline-mock.js", "--api", "powens", "--port", String(port), "--client-id", "777", "--client-secret", "s3cret-value"];
    const output = await runUntil("node", args, /Ctrl-C stops/, async (printed) => {
      const base = /powens\s+(http:\S+)/.exec(printed)![1]!;
      const init = (client_secret: string) =>
        fetch(`${base}/auth/init`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ client_id: "777", client_secret }),
        });
      expect(((await (await init("s3cret-value")).json()) as { type: string }).type).toBe("permanent");
      expect((await init("syncline-mock-secret")).status).toBe(401);
    });
    expect(output).toContain("client_id (as given), client_secret (as given)");
    expect(output).not.toContain("s3cret-value");
  });

  it.each([
    [["--port", "abc"], '--port must be a port number from 0 to 65535, got "abc"'],
    [["--api", "stripe"], `--api must be one of ${API_NAMES.join(", ")} or all, got "stripe"`],
    [["--api-key", ""], "--api-key must not be empty"],
    [["--client-secret", ""], "--client-secret must not be empty"],
  ])("refuses %o with a clear message and the usage line", (args, message) => {
    let stderr = "";
    try {
      execFileSync("node", ["packages/mock/bin/syncline-mock.js", ...args], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(stderr).toContain(message);
    expect(stderr).toContain("Usage: syncline-mock");
  });
});
