// Every example runs against a loopback server that answers like the API;
// each asserts the request the example sent.
import { json, startFaultServer, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { createCommerceClient } from "@syncline/commerce";
import { createPlatformClient } from "@syncline/platform";
import { createPowensApp, createPowensClient } from "@syncline/powens";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as codat from "../src/codat-connections";
import { onboard } from "../src/platform-onboarding";
import { relayConnections } from "../src/platform-relay";
import { relinkAll } from "../src/platform-relink";
import * as powens from "../src/powens-connections";
import { startBankLink } from "../src/powens-onboarding";

const connection = (id: string, status = "Linked") => ({
  id,
  integrationId: "fd321cb6-7963-4506-b873-e99593a45e30",
  sourceId: "8b9e5e0a-5fc9-4a4e-a7d5-0e1b5dd7d1f6",
  platformName: "Basiq",
  linkUrl: `https://link-api.codat.io/companies/c/connections/${id}/start`,
  status,
  created: "2022-10-27T09:53:29Z",
  sourceType: "Banking",
});

function api(_: number, request: RecordedRequest) {
  const url = new URL(request.path, "http://x");
  if (url.pathname.startsWith("/config/")) return json(200, { url: "https://sync-flow-integration.codat.io/x/paym/mngr/start?otp=123456" });
  if (url.pathname === "/webauth") return { status: 302, headers: { location: `https://webview.powens.com/connect?state=${url.searchParams.get("state")}` } };
  if (url.pathname === "/auth/init") return json(200, { auth_token: "permanent-token", type: "permanent", id_user: 42, expires_in: null });
  if (url.pathname === "/auth/token/code") return json(200, { code: "once", type: "temporary", access: "single", expires_in: 1800 });
  if (url.pathname === "/connectors") {
    const connector = (uuid: string, auth_mechanism: string, restricted: boolean) => ({
      id: 1,
      uuid,
      name: uuid,
      charged: true,
      beta: false,
      capabilities: ["bank"],
      auth_mechanism,
      restricted,
    });
    return json(200, {
      connectors: [connector("credentials-bank", "credentials", false), connector("closed-bank", "webauth", true), connector("open-bank", "webauth", false)],
    });
  }
  if (url.pathname.startsWith("/users/me/connections")) {
    if (request.method === "DELETE") return { status: 204 };
    const one = { id: 37, id_connector: 59, created: "2024-03-01 17:02:11", active: true };
    return json(200, url.pathname.endsWith("/connections") && request.method === "GET" ? { connections: [one] } : one);
  }
  if (url.pathname === "/integrations/gbol") {
    return json(200, { key: "gbol", logoUrl: "https://static.codat.io/public/officialLogos/Full/xero.png", name: "Xero", enabled: true });
  }
  if (url.pathname === "/companies" && request.method === "POST") {
    return json(200, { id: "c", name: JSON.parse(request.body.toString()).name, redirect: "https://link.codat.io/company/c" });
  }
  if (request.method === "DELETE") return { status: 200 };
  if (request.method === "GET" && url.pathname.endsWith("/connections")) {
    return json(200, {
      results: [connection("a"), connection("b")],
      pageNumber: 1,
      pageSize: 100,
      totalResults: 2,
      _links: { self: { href: url.pathname }, current: { href: request.path } },
    });
  }
  const body = request.body.length ? JSON.parse(request.body.toString()) : {};
  return json(200, connection(url.pathname.split("/")[4] ?? "new", body.status ?? (request.method === "POST" ? "PendingAuth" : "Linked")));
}

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer([], api);
});
afterAll(() => server.close());
beforeEach(() => server.reset([], api));
const sent = () => server.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}${r.body.length ? ` ${r.body}` : ""}`);

describe("Codat connections examples", () => {
  const commerce = () => createCommerceClient({ apiKey: "key", baseUrl: server.url });

  it.each([
    ["createConnection", 'POST /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections {"platformKey":"gbol"}'],
    ["listConnections", "GET /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections?page=1&pageSize=100&query=status=Linked&orderBy=-modifiedDate"],
    ["getConnection", "GET /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171"],
    ["deleteConnection", "DELETE /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171"],
    ["unlinkConnection", 'PATCH /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171 {"status":"Unlinked"}'],
    [
      "updateAuthorization",
      'PUT /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/authorization {"key":"value"}',
    ],
    ["updateConnection", 'PATCH /companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171 {"status":"Linked"}'],
    ["getSyncFlowUrl", "GET /config/sync/commerce/payment/Manager/start?merchantIdentifier=8a210b68-6988-11ed-a1eb-0242ac120002"],
  ] as const)("%s sends %s", async (name, request) => {
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: each row names one of the examples module's functions
    await codat[name](commerce());
    expect(sent()).toEqual([request]);
  });

  it("createConnection resolves to a PendingAuth connection with its linkUrl", async () => {
    const created = await codat.createConnection(commerce());
    expect(created.status).toBe("PendingAuth");
    expect(created.linkUrl).toMatch(/^https:\/\/link-api\.codat\.io\//);
  });
});

describe("Platform re-link flow", () => {
  it("lists Linked connections, unlinks each and returns their re-authorization URLs", async () => {
    const platform = createPlatformClient({ apiKey: "key", baseUrl: server.url });
    const relinks = await relinkAll(platform, "c");
    expect(relinks).toEqual([
      { connectionId: "a", url: "https://link-api.codat.io/companies/c/connections/a/start" },
      { connectionId: "b", url: "https://link-api.codat.io/companies/c/connections/b/start" },
    ]);
    expect(sent()).toEqual([
      "GET /companies/c/connections?page=1&query=status=Linked",
      'PATCH /companies/c/connections/a {"status":"Unlinked"}',
      "GET /companies/c/connections/a",
      'PATCH /companies/c/connections/b {"status":"Unlinked"}',
      "GET /companies/c/connections/b",
    ]);
  });
});

describe("Platform relay", () => {
  const platform = () => createPlatformClient({ apiKey: "key", baseUrl: server.url });

  it("passes each chunk on as it arrives: the first before the server has sent the second", async () => {
    const chunks = ['{"results":[', '{"id":"a"},', '{"id":"b"}],"pageNumber":1}'];
    server.reset([{ chunked: { chunks, everyMs: 300, contentType: "application/json" } }], api);
    const arrivals: { at: number; text: string }[] = [];
    const decoder = new TextDecoder();
    const to = new WritableStream<Uint8Array>({ write: (chunk) => void arrivals.push({ at: performance.now(), text: decoder.decode(chunk) }) });
    const relayed = await relayConnections(platform(), "c", to);
    expect(sent()).toEqual(["GET /companies/c/connections?page=1&pageSize=100"]);
    expect(arrivals.map((arrival) => arrival.text).join("")).toBe(chunks.join(""));
    expect(relayed).toEqual({ status: 200, contentType: "application/json", bytes: chunks.join("").length, chunks: arrivals.length });
    // The server sends the second chunk 300 ms after the first, the last 600 ms after it.
    expect(arrivals[0]!.at - server.requests[0]!.at).toBeLessThan(250);
  });

  it("an error answer throws with its status and the API's words", async () => {
    server.reset([json(404, { statusCode: 404, error: "No company was found with ID c" })], api);
    const to = new WritableStream<Uint8Array>();
    await expect(relayConnections(platform(), "c", to)).rejects.toThrow("listing the connections of c answered 404: No company was found with ID c");
  });
});

describe("Platform onboarding", () => {
  it("checks the integration, creates the company and its connection, and returns the linkUrl", async () => {
    const platform = createPlatformClient({ apiKey: "key", baseUrl: server.url });
    expect(await onboard(platform, "Toft stores")).toEqual({
      companyId: "c",
      connectionId: "new",
      linkUrl: "https://link-api.codat.io/companies/c/connections/new/start",
      logoUrl: "https://static.codat.io/public/officialLogos/Full/xero.png",
    });
    expect(sent()).toEqual([
      "GET /integrations/gbol",
      'POST /companies {"name":"Toft stores","tags":{"source":"onboarding"}}',
      'POST /companies/c/connections {"platformKey":"gbol"}',
    ]);
  });
});

describe("Powens onboarding", () => {
  it("creates a user, picks a webview connector, and builds the webview URL with a single-use code", async () => {
    const app = createPowensApp({ clientId: "12345678", clientSecret: "app-secret", baseUrl: server.url });
    const { accessToken, webviewUrl } = await startBankLink(app, "https://example.com/done");
    expect(accessToken).toBe("permanent-token");
    expect(webviewUrl).toBe(`${server.url}/webauth?client_id=12345678&token=once&redirect_uri=https%3A%2F%2Fexample.com%2Fdone&connector_uuid=open-bank`);
    expect(sent()).toEqual([
      'POST /auth/init {"client_id":"12345678","client_secret":"app-secret"}',
      "GET /connectors",
      "GET /auth/token/code?type=singleAccess",
    ]);
    // Only the user's own call carries their token; the app's carry none.
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined, "Bearer permanent-token"]);
  });
});

describe("Powens examples", () => {
  const client = () => createPowensClient({ accessToken: "user-token", baseUrl: server.url });

  it("create, list, get, sync, update credentials, delete", async () => {
    const created = await powens.createConnection(client());
    expect((await powens.listConnections(client()))[0]?.id).toBe(37);
    await powens.getConnection(client(), created.id);
    await powens.syncConnection(client(), created.id);
    await powens.updateCredentials(client(), created.id);
    await powens.deleteConnection(client(), created.id);
    expect(sent()).toEqual([
      'POST /users/me/connections {"connector_uuid":"338178e6-3d01-564f-9a7b-52ca442459bf","username":"test","password":"hello"}',
      "GET /users/me/connections?expand=connector,accounts",
      "GET /users/me/connections/37",
      "POST /users/me/connections/37?background=true",
      'POST /users/me/connections/37 {"password":"new-secret"}',
      "DELETE /users/me/connections/37",
    ]);
  });

  it("webview: the local URL and the redirect agree", async () => {
    const { url, location } = await powens.webview(client(), "temp-code");
    expect(url).toBe(
      `${server.url}/webauth?client_id=12345678&token=temp-code&redirect_uri=https%3A%2F%2Fexample.com%2Fpowens%2Fcallback&connector_uuid=338178e6-3d01-564f-9a7b-52ca442459bf&state=session-42`,
    );
    expect(location).toBe("https://webview.powens.com/connect?state=session-42");
    expect(server.requests.map((r) => r.path)).toEqual([new URL(url).pathname + new URL(url).search]);
  });
});
