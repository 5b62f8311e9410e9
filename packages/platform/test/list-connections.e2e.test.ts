// End to end through the built package: a real node:http server on 127.0.0.1
// answers list-connections, and the typed result carries the spec's fields.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { UnauthorizedError } from "@syncline/runtime";
import { createPlatformClient, type Connection, type DataConnectionStatus } from "@syncline/platform";

const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const connection = {
  id: "2e9d2c44-f675-40ba-8049-353bfcb5e171",
  integrationId: "fd321cb6-7963-4506-b873-e99593a45e30",
  integrationKey: "dfxm",
  sourceId: "8b9e5e0a-5fc9-4a4e-a7d5-0e1b5dd7d1f6",
  platformName: "Basiq",
  linkUrl: `https://link-api.codat.io/companies/${companyId}/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/start`,
  status: "Linked",
  lastSync: "2022-10-27T10:22:43.6464237Z",
  created: "2022-10-27T09:53:29Z",
  sourceType: "Banking",
};

let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers.authorization !== `Basic ${Buffer.from("test-key").toString("base64")}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ statusCode: 401, error: "Unauthorized" }));
      return;
    }
    const body = {
      results: [connection],
      pageNumber: Number(url.searchParams.get("page") ?? 1),
      pageSize: Number(url.searchParams.get("pageSize") ?? 100),
      totalResults: 1,
      _links: { self: { href: url.pathname }, current: { href: url.pathname + url.search } },
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await once(server, "close");
});

describe("@syncline/platform connections.list", () => {
  it("lists connections with auth, path and query as the spec says", async () => {
    const client = createPlatformClient({ apiKey: "test-key", baseUrl });
    const page = await client.connections.list({ companyId, page: 2, pageSize: 10, query: "status=Linked" });

    const request = seen.at(-1)!;
    const url = new URL(request.url ?? "/", baseUrl);
    expect(request.method).toBe("GET");
    expect(url.pathname).toBe(`/companies/${companyId}/connections`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ page: "2", pageSize: "10", query: "status=Linked" });

    expect(page.pageNumber).toBe(2);
    expect(page.results).toHaveLength(1);
    const [first] = page.results;
    expect(first).toEqual(connection);
    expectTypeOf(first!).toEqualTypeOf<Connection>();
    expectTypeOf(first!.status).toEqualTypeOf<DataConnectionStatus>();
    expectTypeOf(first!.lastSync).toEqualTypeOf<string | null | undefined>();
  });

  it("fails on an HTTP error instead of returning undefined", async () => {
    const client = createPlatformClient({ apiKey: "wrong-key", baseUrl });
    const error = await client.connections.list({ companyId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).status).toBe(401);
    expect((error as Error).message).toBe(`HTTP 401 Unauthorized: Unauthorized (GET ${baseUrl}/companies/${companyId}/connections)`);
  });

  it("refuses to build a client without credentials", () => {
    expect(() => createPlatformClient({ apiKey: "", baseUrl })).toThrow(/apiKey is required/);
  });
});
