import { json, startFaultServer, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformClient } from "@syncline/platform";

const linkUrl = "https://link-api.codat.io/companies/c-1/connections/x-1/start";
let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer([], json(200, { id: "x-1", linkUrl, status: "Unlinked" }));
});
afterAll(() => server.close());

describe("@syncline/platform connections", () => {
  it("getAuthorizationUrl returns the connection's linkUrl as { url }", async () => {
    const platform = createPlatformClient({ apiKey: "k", baseUrl: server.url });
    expect(await platform.connections.getAuthorizationUrl({ companyId: "c-1", connectionId: "x-1" })).toEqual({ url: linkUrl });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /companies/c-1/connections/x-1"]);
  });

  it("keeps every generated method beside it", async () => {
    const platform = createPlatformClient({ apiKey: "k", baseUrl: server.url });
    expect(Object.keys(platform.connections).sort()).toEqual(
      ["create", "delete", "get", "getAuthorizationUrl", "list", "listAll", "unlink", "updateAuthorization"].sort(),
    );
    await platform.connections.unlink({ companyId: "c-1", connectionId: "x-1" });
    expect(JSON.parse(server.requests.at(-1)!.body.toString())).toEqual({ status: "Unlinked" });
  });
});
