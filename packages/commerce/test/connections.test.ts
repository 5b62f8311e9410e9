// @syncline/commerce (the built package) against a loopback server: each
// method sends the request its spec operation describes.
import { json, startFaultServer, status, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  connectionsCreate,
  connectionsGet,
  createCommerceClient,
  createCommerceCore,
  createRawClient,
  NotFoundError,
  operationSpecs,
  pipelineFetch,
  withResponse,
  type Connection,
} from "@syncline/commerce";

const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const connectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171";
const connection: Connection = {
  id: connectionId,
  integrationId: "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
  integrationKey: "gbol",
  sourceId: "4ec7fe44-5a2f-4ad1-8f5b-a9f7c7b1a0c6",
  platformName: "Xero",
  linkUrl: `https://link-api.codat.io/companies/${companyId}/connections/${connectionId}/start`,
  status: "PendingAuth",
  created: "2022-10-27T09:53:29Z",
  sourceType: "Accounting",
};

/** Answers like Codat: a page of 2 per request for lists (3 items in all), the connection otherwise. */
function codat(_: number, request: RecordedRequest) {
  const url = new URL(request.path, "http://x");
  if (url.pathname.startsWith("/config/sync/commerce/")) return json(200, { url: "https://sync-flow-integration.codat.io/x/paym/mngr/start?otp=123456" });
  if (url.pathname.endsWith("/missing")) return json(404, { statusCode: 404, error: "Data connection missing not found", correlationId: "corr-404" });
  if (request.method === "DELETE") return { status: 200, body: "" };
  if (request.method === "GET" && url.pathname.endsWith("/connections")) {
    const page = Number(url.searchParams.get("page") ?? 1);
    const all = [1, 2, 3].map((n) => ({ ...connection, id: `${connectionId.slice(0, -1)}${n}` }));
    const results = all.slice((page - 1) * 2, page * 2);
    const links: Record<string, { href: string }> = { self: { href: url.pathname }, current: { href: request.path } };
    if (page * 2 < all.length) links.next = { href: `${url.pathname}?page=${page + 1}&pageSize=2` };
    return json(200, { results, pageNumber: page, pageSize: 2, totalResults: all.length, _links: links });
  }
  const body = request.body.length ? JSON.parse(request.body.toString()) : {};
  return json(200, { ...connection, ...(body.status ? { status: body.status } : {}) });
}

let server: FaultServer;
let commerce: ReturnType<typeof createCommerceClient>;
beforeAll(async () => {
  server = await startFaultServer([], codat);
  commerce = createCommerceClient({ apiKey: "test-key", baseUrl: server.url, retries: false });
});
afterAll(() => server.close());
beforeEach(() => server.reset([], codat));

const last = () => {
  const request = server.requests.at(-1)!;
  const url = new URL(request.path, server.url);
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: request.body.length ? JSON.parse(request.body.toString()) : undefined,
    auth: request.headers.authorization,
    client: request.headers["x-syncline-client"],
  };
};

describe("@syncline/commerce connections", () => {
  it("create: POST with the body, resolves to the new connection", async () => {
    const created = await commerce.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
    expect(created.status).toBe("PendingAuth");
    expect(last()).toMatchObject({ method: "POST", path: `/companies/${companyId}/connections`, body: { platformKey: "gbol" } });
    expect(last().auth).toBe(`Basic ${btoa("test-key")}`);
    expect(last().client).toMatch(/^@syncline\/commerce\/\d+\.\d+\.\d+/);
  });

  it("getSyncFlowUrl: keys in the path, merchantIdentifier in the query", async () => {
    const { url } = await commerce.connections.getSyncFlowUrl({ commerceKey: "payment", accountingKey: "Manager", merchantIdentifier: "acme" });
    expect(url).toContain("otp=");
    expect(last()).toMatchObject({ method: "GET", path: "/config/sync/commerce/payment/Manager/start", query: { merchantIdentifier: "acme" } });
  });

  it("list: page, pageSize, orderBy and query as query parameters", async () => {
    const page = await commerce.connections.list({ companyId, page: 1, pageSize: 100, orderBy: "-modifiedDate", query: "status=Linked" });
    expect(page.results).toHaveLength(2);
    expect(last().query).toEqual({ page: "1", pageSize: "100", orderBy: "-modifiedDate", query: "status=Linked" });
  });

  it("listAll: every item of every page, one request per page", async () => {
    const ids: string[] = [];
    for await (const item of commerce.connections.listAll({ companyId, pageSize: 2 })) ids.push(item.id);
    expect(ids).toHaveLength(3);
    expect(server.requests.map((r) => new URL(r.path, server.url).searchParams.get("page"))).toEqual(["1", "2"]);
  });

  it("get, delete (empty 200 resolves to undefined)", async () => {
    expect((await commerce.connections.get({ companyId, connectionId })).id).toBe(connectionId);
    expect(last()).toMatchObject({ method: "GET", path: `/companies/${companyId}/connections/${connectionId}` });
    expect(await commerce.connections.delete({ companyId, connectionId })).toBeUndefined();
    expect(last()).toMatchObject({ method: "DELETE", path: `/companies/${companyId}/connections/${connectionId}` });
  });

  it("unlink is the PATCH with status Unlinked; updateConnection sends any status", async () => {
    expect((await commerce.connections.unlink({ companyId, connectionId })).status).toBe("Unlinked");
    expect(last()).toMatchObject({ method: "PATCH", body: { status: "Unlinked" } });
    expect((await commerce.connections.updateConnection({ companyId, connectionId, requestBody: { status: "Linked" } })).status).toBe("Linked");
    expect(last()).toMatchObject({ method: "PATCH", body: { status: "Linked" } });
  });

  it("updateAuthorization: PUT the map to /authorization", async () => {
    await commerce.connections.updateAuthorization({ companyId, connectionId, requestBody: { key: "value" } });
    expect(last()).toMatchObject({ method: "PUT", path: `/companies/${companyId}/connections/${connectionId}/authorization`, body: { key: "value" } });
  });

  it("an error status rejects with the typed error carrying status, body and request id", async () => {
    const error = await commerce.connections.get({ companyId, connectionId: "missing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, requestId: "corr-404", body: { error: "Data connection missing not found" } });
  });

  it("percent-encodes path parameters: ../admin and a/b?c=d stay inside their segment", async () => {
    await commerce.connections.get({ companyId: "../admin", connectionId: "a/b?c=d" });
    const raw = server.requests.at(-1)!.path;
    expect(raw).toBe("/companies/..%2Fadmin/connections/a%2Fb%3Fc%3Dd");
  });

  it.each([".", "..", ""])("refuses the path value %j before any request", async (value) => {
    await expect(commerce.connections.get({ companyId: value, connectionId })).rejects.toThrow(
      `connections.get: path parameter "companyId" must not be ${JSON.stringify(value)}`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("a missing required parameter (JavaScript callers) is an error naming it, before any request", async () => {
    const untyped = commerce.connections as unknown as Record<string, (request?: object) => Promise<unknown>>;
    await expect(untyped.get!({ companyId })).rejects.toThrow('connections.get: missing required parameter "connectionId"');
    await expect(untyped.updateAuthorization!({ companyId, connectionId })).rejects.toThrow('missing required parameter "requestBody"');
    await expect(untyped.list!()).rejects.toThrow('missing required parameter "companyId"');
    await expect(untyped.list!({ companyId, pagesize: 5 })).rejects.toThrow('connections.list: unknown parameter "pagesize"');
    expect(server.requests).toHaveLength(0);
  });

  it("create after a 502 creates one connection: a POST is not sent again once the server may have acted", async () => {
    const retrying = createCommerceClient({ apiKey: "test-key", baseUrl: server.url, retries: { backoff: { initialInterval: 1 } } });
    server.reset([status(502)], codat);
    await expect(retrying.connections.create({ companyId, requestBody: { platformKey: "gbol" } })).rejects.toMatchObject({ name: "ServerError", status: 502 });
    expect(server.requests).toHaveLength(1);
    // unlink is marked idempotent in the spec (setting a status twice is harmless): retried.
    server.reset([status(502)], codat);
    await retrying.connections.unlink({ companyId, connectionId });
    expect(server.requests).toHaveLength(2);
  });

  it("withResponse gives a call's data with the response it came in: its status, headers and URL", async () => {
    const core = createCommerceCore({ apiKey: "test-key", baseUrl: server.url, retries: false });
    server.reset([json(201, connection, { "x-rate-limit-remaining": "99", "x-request-id": "req-7" })], codat);
    const created = await withResponse(connectionsCreate, core, { companyId, requestBody: { platformKey: "gbol" } });
    expect(created.data).toEqual(connection);
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get("x-rate-limit-remaining")).toBe("99");
    expect(created.response.headers.get("x-request-id")).toBe("req-7");
    // The client object is a core too; an error status still throws its typed error.
    const got = await withResponse(connectionsGet, commerce, { companyId, connectionId });
    expect([got.data.id, got.response.status, got.response.url]).toEqual([
      connectionId,
      200,
      `${server.url}/companies/${companyId}/connections/${connectionId}`,
    ]);
    await expect(withResponse(connectionsGet, commerce, { companyId, connectionId: "missing" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("takes per-call headers and signal", async () => {
    await commerce.connections.get({ companyId, connectionId }, { headers: { "x-trace": "t-1" } });
    expect(server.requests.at(-1)!.headers["x-trace"]).toBe("t-1");
    await expect(commerce.connections.get({ companyId, connectionId }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "RequestAbortedError" });
  });

  it("createRawClient: the openapi-fetch client over the same auth and retries", async () => {
    const client = createCommerceClient({ apiKey: "test-key", baseUrl: server.url, retries: { strategy: "backoff", backoff: { initialInterval: 1 } } });
    server.reset([status(503)], codat);
    const raw = createRawClient(client);
    const { data, response } = await raw.GET("/companies/{companyId}/connections/{connectionId}", { params: { path: { companyId, connectionId } } });
    expect(response.status).toBe(200);
    expect(data?.id).toBe(connectionId);
    expect(server.requests.map((r) => r.headers["x-syncline-attempt"])).toEqual(["1", "2"]);
    expect(last().auth).toBe(`Basic ${btoa("test-key")}`);
  });

  it("fetch sends any Request through the client's auth", async () => {
    const response = await commerce.fetch(new Request(`${server.url}/companies/${companyId}/connections/${connectionId}`));
    expect(((await response.json()) as Connection).id).toBe(connectionId);
    expect(last().auth).toBe(`Basic ${btoa("test-key")}`);
  });

  it("a core has no fetch of its own: pipelineFetch(core.pipeline) sends any Request the same way", async () => {
    const core = createCommerceCore({ apiKey: "test-key", baseUrl: server.url });
    expect("fetch" in core).toBe(false);
    const response = await pipelineFetch(core.pipeline)(new Request(`${server.url}/companies/${companyId}/connections/${connectionId}`));
    expect(((await response.json()) as Connection).id).toBe(connectionId);
    expect(last().auth).toBe(`Basic ${btoa("test-key")}`);
  });

  it("exports the operations map (unlink is updateConnection with a preset body)", () => {
    expect(operationSpecs.connectionsUpdateConnection).toMatchObject({ method: "PATCH", path: "/companies/{companyId}/connections/{connectionId}" });
  });

  it("refuses to build a client without an API key", () => {
    expect(() => createCommerceClient({ apiKey: "" })).toThrow("apiKey is required");
  });
});
