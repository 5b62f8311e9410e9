// OAuth2 flows other than client credentials, and OpenID Connect, take an access
// token (as Xero's and UK Open Banking's descriptions ask): generated, type-checked
// and called against a loopback server.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startFaultServer, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, typeErrors } from "./helpers";

const operation = (id: string, security: string) => `
    get:
      operationId: ${id}
      tags: [Things]
      security: [{ ${security}: [] }]
      responses:
        "204": { description: Done. }`;

const spec = (schemes: string, paths: string) => `openapi: 3.0.3
info: { title: Demo, version: "1" }
servers: [{ url: https://api.demo.example }]
paths:${paths}
components:
  securitySchemes:${schemes}
`;

const authorizationCode = `
    user:
      type: oauth2
      description: Sign in with Demo.
      flows:
        authorizationCode:
          authorizationUrl: https://login.demo.example/authorize
          tokenUrl: https://login.demo.example/token
          scopes: { things: Read things. }`;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer([], () => ({ status: 204 }));
});
afterAll(async () => {
  await server?.close();
});
const authorizations = () => server.requests.map((r: RecordedRequest) => [r.path, r.headers.authorization]);

describe("OAuth2 and OpenID Connect schemes", () => {
  it("an authorization code flow takes an access token (a string or a function), documented with where tokens come from", async () => {
    const { outDir } = await generatedFixture(spec(authorizationCode, `\n  /me:${operation("things_me", "user")}`));
    const client = readFileSync(path.join(outDir, "client.ts"), "utf8");
    expect(client).toContain("accessToken: TokenSource;");
    expect(client).toContain("Sign in with Demo.");
    expect(client).toContain("An access token from OAuth2 (authorizationCode, sign-in at https://login.demo.example/authorize");
    // The refresh-token helper comes with the client, and is what accessToken takes.
    writeFileSync(
      path.join(outDir, "usage.ts"),
      `import { createDemoClient, refreshingToken } from "./client";
export const demo = createDemoClient({
  accessToken: refreshingToken({ tokenUrl: "https://login.demo.example/token", clientId: "app", refreshToken: "r", onRefreshToken: async (next: string) => void next }),
});
`,
    );
    expect(typeErrors(["client.ts", "operations.ts", "usage.ts"].map((file) => path.join(outDir, file)))).toEqual([]);
    const { createDemoClient } = await importGenerated(outDir);
    server.reset([], () => ({ status: 204 }));
    await createDemoClient({ baseUrl: server.url, accessToken: "user-token", retries: false }).things.me();
    await createDemoClient({ baseUrl: server.url, accessToken: async () => "rotated", retries: false }).things.me();
    expect(authorizations()).toEqual([
      ["/me", "Bearer user-token"],
      ["/me", "Bearer rotated"],
    ]);
  });

  it("beside a client credentials scheme and OpenID Connect, each token scheme is an option named after it", async () => {
    const schemes = `${authorizationCode}
    app:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://login.demo.example/token
          scopes: { accounts: Read accounts. }
    oidc:
      type: openIdConnect
      openIdConnectUrl: https://login.demo.example/.well-known/openid-configuration`;
    const paths = `
  /me:${operation("things_me", "user")}
  /accounts:${operation("things_accounts", "app")}
  /profile:${operation("things_profile", "oidc")}`;
    const { outDir } = await generatedFixture(spec(schemes, paths));
    const client = readFileSync(path.join(outDir, "client.ts"), "utf8");
    for (const option of ["user?: TokenSource;", "oidc?: TokenSource;", "clientId?: string;", "clientSecret?: string;"]) expect(client).toContain(option);
    expect(client).toContain("An access token from OpenID Connect (discovery: https://login.demo.example/.well-known/openid-configuration).");
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts")])).toEqual([]);
    const { createDemoClient } = await importGenerated(outDir);
    server.reset([], () => ({ status: 204 }));
    const demo = createDemoClient({ baseUrl: server.url, user: "u-token", oidc: "id-token", retries: false });
    await demo.things.me();
    await demo.things.profile();
    expect(authorizations()).toEqual([
      ["/me", "Bearer u-token"],
      ["/profile", "Bearer id-token"],
    ]);
    // The client credentials operation names what it needs.
    await expect(demo.things.accounts()).rejects.toThrow("this operation needs clientId: pass it to the client");
  });
});
