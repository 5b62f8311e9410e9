// Servers of any shape: variables in the host, the port and the path (with
// enums and names that are not identifiers), and specs whose server is
// relative or missing (the caller must give the base URL).
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { fixtureProject, generate, importGenerated, typeErrors } from "./helpers";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const specWith = (servers: object[] | undefined) => ({
  openapi: "3.1.0",
  info: { title: "Servers", version: "1.0.0" },
  ...(servers ? { servers } : {}),
  paths: { "/ping": { get: { operationId: "ping", tags: ["Health"], responses: { 204: { description: "Up." } } } } },
});

async function generated(servers: object[] | undefined) {
  const fixture = fixtureProject(stringify(specWith(servers)));
  dirs.push(fixture.dir);
  const result = await generate(["--config", fixture.config]);
  expect(result.stderr).toBe("");
  return path.dirname(fixture.output);
}

describe("servers", () => {
  it("variables in the host, the port and the path become options (enums offered, names camelCased), each value checked for its place", async () => {
    const out = await generated([
      {
        url: "https://{region}.api.example.com:{port}/{api-version}",
        variables: { region: { default: "eu", enum: ["eu", "us"] }, port: { default: "443" }, "api-version": { default: "2024-01-01" } },
      },
    ]);
    writeFileSync(
      path.join(out, "usage.ts"),
      `import { createDemoCore } from "./client";
export const offered = createDemoCore({ region: "us", port: "8443", apiVersion: "2025-06-01" });
export const newer = createDemoCore({ region: "ap-south" }); // not listed yet: still a string`,
    );
    expect(typeErrors(["client.ts", "operations.ts", "usage.ts"].map((file) => path.join(out, file)))).toEqual([]);
    const { createDemoCore } = await importGenerated(out);
    expect(createDemoCore({}).baseUrl).toBe("https://eu.api.example.com:443/2024-01-01");
    expect(createDemoCore({ region: "us", apiVersion: "2025-06-01" }).baseUrl).toBe("https://us.api.example.com:443/2025-06-01");
    expect(() => createDemoCore({ apiVersion: "../admin" })).toThrow("api-version must be path segments");
  });

  it("a relative server, or none, makes baseUrl required", async () => {
    for (const servers of [[{ url: "/api" }], undefined]) {
      const out = await generated(servers);
      writeFileSync(
        path.join(out, "usage.ts"),
        `import { createDemoCore } from "./client";
export const given = createDemoCore({ baseUrl: "https://api.example.com/api" });
// @ts-expect-error the spec says nowhere where the API lives
export const missing = createDemoCore({});`,
      );
      expect(typeErrors(["client.ts", "operations.ts", "usage.ts"].map((file) => path.join(out, file)))).toEqual([]);
    }
  });
});
