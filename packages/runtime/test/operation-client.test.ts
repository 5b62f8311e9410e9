// The operation client builds each request itself (not through openapi-fetch's
// createClient): its URLs must match openapi-fetch's for every style the
// generator allows, and it must send, parse and fail the way the clients promise.
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codatAuth, createOperationClient, createPipeline, NotFoundError, operationUrl, redirectLocation, type OperationSpec } from "../src/index";
import { json, startFaultServer, type FaultServer } from "@syncline/test-utils";

const list: OperationSpec = {
  name: "things.list",
  method: "GET",
  path: "/orgs/{orgId}/things",
  queryParams: ["page", "query", "tags", "expand", "flag"],
  commaSeparated: ["expand"],
};
const create: OperationSpec = { name: "things.create", method: "POST", path: "/orgs/{orgId}/things", required: ["requestBody"], body: true };
const open: OperationSpec = {
  name: "things.open",
  method: "GET",
  path: "/open",
  queryParams: ["token"],
  required: ["token"],
  auth: false,
  redirect: redirectLocation,
};

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

const client = () =>
  createOperationClient({ baseUrl: `${server.url}/`, pipeline: createPipeline({ auth: codatAuth({ apiKey: "key-1234" }), retries: false }) });

describe("URLs", () => {
  // Values chosen to exercise encoding: reserved characters, unicode, spaces, numbers, booleans.
  const samples = [
    { orgId: "a/b c", page: 2, query: "status=Linked&x=ü", tags: ["x y", "z&w"], expand: ["a,b", "c"], flag: true },
    { orgId: "8a210b68-6988", query: "", tags: [], expand: [] },
    { orgId: "%2e%2e", page: 0, tags: ["only"] },
  ];

  const openapiFetchUrl = (sample: Record<string, unknown>, array?: { style: "form"; explode: boolean }) => {
    const { orgId, ...query } = sample;
    return createFinalURL(list.path, {
      baseUrl: "https://api.example.com",
      params: { path: { orgId }, query },
      querySerializer: createQuerySerializer(array ? { array } : undefined),
      pathSerializer: defaultPathSerializer,
    });
  };

  it("match openapi-fetch's, with arrays exploded (the default) or comma-separated (explode: false)", () => {
    for (const sample of samples) {
      expect(operationUrl("https://api.example.com/", { ...list, commaSeparated: [] }, sample)).toBe(openapiFetchUrl(sample));
      expect(operationUrl("https://api.example.com", { ...list, commaSeparated: ["tags", "expand"] }, sample)).toBe(
        openapiFetchUrl(sample, { style: "form", explode: false }),
      );
    }
  });

  it("keep a fixed query the spec's path carries, ahead of the call's (OpenAI's /responses/{id}/input_items?beta=true)", () => {
    const beta: OperationSpec = { name: "responses.inputItems", method: "GET", path: "/responses/{id}/input_items?beta=true", queryParams: ["limit"] };
    expect(operationUrl("https://x", beta, { id: "r 1", limit: 5 })).toBe("https://x/responses/r%201/input_items?beta=true&limit=5");
    expect(operationUrl("https://x", beta, { id: "r1" })).toBe("https://x/responses/r1/input_items?beta=true");
  });

  it("refuse what would change the URL's meaning, naming the parameter", () => {
    expect(() => operationUrl("https://x", list, { orgId: ".." })).toThrow('things.list: path parameter "orgId" must not be ".."');
    expect(() => operationUrl("https://x", list, { orgId: "o", query: { a: 1 } })).toThrow('things.list: query parameter "query" must be a string');
    expect(() => operationUrl("https://x", list, { orgId: "o", pageSize: 5 })).toThrow('things.list: unknown parameter "pageSize"');
    expect(() => operationUrl("https://x", list, {})).toThrow('things.list: missing required parameter "orgId"');
  });
});

describe("calls", () => {
  it("send the JSON body with its content type, and the caller's headers", async () => {
    server.reset([], (_, request) => json(201, { echoed: JSON.parse(request.body.toString()) }));
    const result = await client().call(create, { orgId: "o1", requestBody: { name: "n" } }, { headers: { "x-trace": "t" } });
    expect(result).toEqual({ echoed: { name: "n" } });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/orgs/o1/things" });
    expect(request!.headers).toMatchObject({ "content-type": "application/json", "x-trace": "t", authorization: `Basic ${btoa("key-1234")}` });
  });

  it("resolve an empty answer to undefined", async () => {
    server.reset([{ status: 204 }, { status: 200, body: "" }]);
    expect(await client().call(list, { orgId: "o" })).toBeUndefined();
    expect(await client().call(list, { orgId: "o" })).toBeUndefined();
  });

  it("turn an error status into the typed error, with body and request id", async () => {
    server.reset([json(404, { statusCode: 404, error: "Thing missing", correlationId: "corr-1" })]);
    const error = await client()
      .call(list, { orgId: "o" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, requestId: "corr-1", body: { error: "Thing missing" } });
    expect((error as Error).message).toContain("GET http://127.0.0.1");
  });

  it("a redirect operation resolves to the Location without following it, and sends no credentials", async () => {
    server.reset([{ status: 302, headers: { location: "https://elsewhere.example/next" } }]);
    expect(await client().call(open, { token: "t" })).toBe("https://elsewhere.example/next");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("reject bad input before any request", async () => {
    await expect(client().call(create, { orgId: "o" })).rejects.toThrow('things.create: missing required parameter "requestBody"');
    await expect(client().call(list, null as unknown as object)).rejects.toThrow("things.list: expected a request object, got null");
    expect(server.requests).toHaveLength(0);
  });

  it("refuse NaN and Infinity in a path, query or body number (sent, they would read /orgs/NaN, page=Infinity, or a null), naming the field", async () => {
    await expect(client().call(list, { orgId: Number.NaN })).rejects.toThrow('things.list: parameter "orgId" must be a finite number, got NaN');
    await expect(client().call(list, { orgId: "o", page: Number.POSITIVE_INFINITY })).rejects.toThrow(
      'things.list: parameter "page" must be a finite number, got Infinity',
    );
    await expect(client().call(list, { orgId: "o", tags: [1, Number.NaN] })).rejects.toThrow('things.list: parameter "tags" must be a finite number, got NaN');
    await expect(client().call(create, { orgId: "o", requestBody: { name: null, items: [{ price: 1 }, { price: Number.NaN }] } })).rejects.toThrow(
      "things.create: requestBody.price must be a finite number, got NaN",
    );
    expect(server.requests).toHaveLength(0);
    // A body whose nulls are real nulls is sent as it is.
    server.reset([], json(201, { id: "t1" }));
    await client().call(create, { orgId: "o", requestBody: { name: null, price: 0 } });
    expect(server.requests.map((r) => r.body.toString())).toEqual(['{"name":null,"price":0}']);
  });
});
