// `npm run demo`'s script, run for real: mocks in-process, real clients,
// one injected 503 and one 429 ridden out, a readable transcript.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, startMockServer } from "../src/index";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("npm run demo", () => {
  it("runs the Codat and Powens flows against the mocks and prints the transcript", { timeout: 60_000 }, () => {
    const env = { ...process.env };
    for (const name of ["SYNCLINE_BASE_URL", "CODAT_API_KEY", "POWENS_CLIENT_ID", "POWENS_CLIENT_SECRET"]) delete env[name];
    const result = spawnSync(process.execPath, ["scripts/demo.mjs"], { cwd: repoRoot, encoding: "utf8", env });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    const line = (label: string) => lines.find((l) => l.startsWith(label)) ?? "";
    for (const label of [
      "companies.create",
      "integrations.list",
      "create",
      "companies.delete",
      "updateAuthorization",
      "unlink",
      "getAuthorizationUrl",
      "delete",
      "createUser",
      "listConnectors",
      "getCode",
      "createUserConnection",
      "listUserConnections",
      "sync",
      "deleteUserConnection",
      "deleteMe",
    ]) {
      expect(line(label), label).toMatch(/ (200|201|204) +1 attempt /);
    }
    expect(line("(owner authorizes)")).toContain("Linked at linkUrl");
    expect(line("list (503 injected)")).toMatch(/ 200 +2 attempts .* 1 of 1 connections$/);
    expect(line("unlink")).toMatch(/Xero Unlinked$/);
    expect(line("get (429 injected)")).toMatch(/ 200 +2 attempts/);
    expect(result.stdout).toMatch(/↳ 503 \(\d+ ms, retry in \d+ ms\)/);
    expect(result.stdout).toMatch(/↳ 429 \(\d+ ms, retry in 1000 ms\)/);
    expect(line("webauthUrl (local)")).toContain("token=%5BREDACTED%5D");
    // The webview URL carries the user's temporary code: redacted in the transcript.
    expect(line("webauthUrl (local)")).toMatch(/client_id=12345678&token=%5BREDACTED%5D&redirect_uri=/);
  });

  it("against a 'real' Codat API (a mock of our own, outside the demo) labels nothing as injected and injects nothing", { timeout: 60_000 }, async () => {
    const real = await startMockServer({ api: "platform" });
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, SYNCLINE_BASE_URL: real.url, CODAT_API_KEY: DEFAULT_API_KEY };
      delete env.POWENS_CLIENT_ID;
      // Asynchronously: this process serves the "real" API while the demo runs.
      const { stdout } = await run(process.execPath, ["scripts/demo.mjs"], { cwd: repoRoot, encoding: "utf8", env });
      expect(stdout).toContain(`Codat Platform (${real.url})`);
      expect(stdout).not.toContain("injected");
      expect(stdout).toMatch(/^list +GET .* 200 +1 attempt /m);
    } finally {
      await real.close();
    }
  });
});
