// Every security scheme a spec declares becomes a client option, and each
// operation sends what its own `security` asks for: generated from a fixture
// spec, type-checked, and called against a loopback server.
import { readFileSync } from "node:fs";
import path from "node:path";
import { json, startFaultServer, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, repoRoot, typeErrors } from "./helpers";

const spec = readFileSync(path.join(repoRoot, "scripts/test/fixtures/auth-schemes.yaml"), "utf8");
let outDir: string;
let server: FaultServer;
// biome-ignore lint/suspicious/noExplicitAny: the generated module's shape is what the test asserts
let generated: Record<string, any>;

beforeAll(async () => {
  ({ outDir } = await generatedFixture(spec));
  generated = await importGenerated(outDir);
  server = await startFaultServer([], route);
});
afterAll(async () => {
  await server?.close();
});

const route = (_: number, request: RecordedRequest) =>
  request.path === "/oauth/token" ? json(200, { access_token: "oauth-token", expires_in: 3600 }) : { status: 204 };

/** What a request carried: its path (with query), and each credential header. */
const carried = (r: RecordedRequest) => ({ path: r.path, key: r.headers["x-api-key"], authorization: r.headers.authorization, cookie: r.headers.cookie });

describe("security schemes", () => {
  it("type-checks", () => {
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts")])).toEqual([]);
  });

  it("with every credential, each operation sends exactly what its security asks for", async () => {
    server.reset([], route);
    const client = generated.createDemoClient({
      baseUrl: server.url,
      apiKey: "key-1",
      partnerKey: "partner-1",
      session: "sid-1",
      accessToken: "tok-1",
      username: "ada",
      password: "pw",
      clientId: "app",
      clientSecret: "s3cret",
      tokenUrl: `${server.url}/oauth/token`,
      retries: false,
    });
    for (const method of ["default", "bothKeys", "bearerOrKey", "basic", "oauth", "session", "public"]) await client.things[method]();
    expect(server.requests.map(carried)).toEqual([
      { path: "/default", key: "key-1" },
      { path: "/both-keys?partner_key=partner-1", key: "key-1" },
      { path: "/bearer-or-key", authorization: "Bearer tok-1" },
      { path: "/basic", authorization: `Basic ${btoa("ada:pw")}` },
      { path: "/oauth/token", authorization: `Basic ${btoa("app:s3cret")}` },
      { path: "/oauth", authorization: "Bearer oauth-token" },
      { path: "/session", cookie: "sid=sid-1" },
      { path: "/public" },
    ]);
  });

  it("with only an API key, an operation that also takes it falls back to it; one that cannot be met names what it needs", async () => {
    server.reset([], route);
    const client = generated.createDemoClient({ baseUrl: server.url, apiKey: "key-1", retries: false });
    await client.things.bearerOrKey();
    expect(server.requests.map(carried)).toEqual([{ path: "/bearer-or-key", key: "key-1" }]);
    await expect(client.things.basic()).rejects.toThrow("this operation needs username: pass it to the client");
    expect(server.requests).toHaveLength(1);
  });

  it("a redirect to another origin carries none of the API keys (header, query, cookie): the client follows redirects itself", async () => {
    const elsewhere = await startFaultServer([], { status: 204 });
    try {
      server.reset([], (_, request) =>
        request.path.startsWith("/both-keys") ? { status: 302, headers: { location: `${elsewhere.url}/landing?partner_key=partner-1` } } : { status: 204 },
      );
      const client = generated.createDemoClient({ baseUrl: server.url, apiKey: "key-1", partnerKey: "partner-1", retries: false });
      await client.things.bothKeys();
      expect(server.requests.map(carried)).toEqual([{ path: "/both-keys?partner_key=partner-1", key: "key-1" }]);
      expect(elsewhere.requests.map(carried)).toEqual([{ path: "/landing" }]);
    } finally {
      await elsewhere.close();
    }
    expect(readFileSync(path.join(outDir, "client.ts"), "utf8")).toContain(
      'fetch: followRedirectsSafely({ headers: ["X-API-Key"], query: ["partner_key"] }, options.fetch)',
    );
  });

  it("documents each credential option, and names the second API key after its scheme", () => {
    const client = readFileSync(path.join(outDir, "client.ts"), "utf8");
    for (const option of [
      "apiKey?: string",
      "partnerKey?: string",
      "session?: string",
      "accessToken?: TokenSource",
      "username?: string",
      "clientSecret?: string",
      "tokenUrl?: string",
    ]) {
      expect(client).toContain(option);
    }
  });
});
