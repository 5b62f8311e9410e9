import { json, startFaultServer, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayablesClient } from "@syncline/payables";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer([], (_, request) =>
    request.method === "DELETE"
      ? { status: 200 }
      : json(
          200,
          request.method === "GET" && request.path.split("?")[0]!.endsWith("/connections")
            ? { results: [], pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: { href: "/" }, current: { href: "/" } } }
            : { id: "x" },
        ),
  );
});
afterAll(() => server.close());

describe("@syncline/payables connections", () => {
  it("offers exactly list, listAll, create, get, delete and unlink, each sending its spec request", async () => {
    const payables = createPayablesClient({ apiKey: "k", baseUrl: server.url });
    expect(Object.keys(payables.connections).sort()).toEqual(["create", "delete", "get", "list", "listAll", "unlink"]);
    const ids = { companyId: "c", connectionId: "x" };
    await payables.connections.list({ companyId: "c", pageSize: 5 });
    await payables.connections.create({ companyId: "c", requestBody: { platformKey: "gbol" } });
    await payables.connections.get(ids);
    await payables.connections.unlink(ids);
    await payables.connections.delete(ids);
    for await (const _ of payables.connections.listAll({ companyId: "c" })) throw new Error("no items expected");
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body.toString()}`)).toEqual([
      "GET /companies/c/connections?pageSize=5 ",
      'POST /companies/c/connections {"platformKey":"gbol"}',
      "GET /companies/c/connections/x ",
      'PATCH /companies/c/connections/x {"status":"Unlinked"}',
      "DELETE /companies/c/connections/x ",
      "GET /companies/c/connections?page=1 ",
    ]);
  });
});
