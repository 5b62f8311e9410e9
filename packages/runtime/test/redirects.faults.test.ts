// Redirects and credentials, against two loopback servers (two origins): an
// API key in a custom header or the query must never reach the other origin.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiKeyAuth, createOperationClient, createPipeline, followRedirectsSafely, RequestFailedError, type OperationSpec } from "../src/index";
import { json, startFaultServer, type FaultServer, type RecordedRequest } from "@syncline/test-utils";

const getThing: OperationSpec = { name: "things.get", method: "GET", path: "/things/1", json: true };
const createThing: OperationSpec = { name: "things.create", method: "POST", path: "/things", body: true, json: true };

let api: FaultServer;
let elsewhere: FaultServer;
beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
});
afterAll(() => Promise.all([api.close(), elsewhere.close()]));
beforeEach(() => elsewhere.reset([], json(200, { ok: true, there: true })));

/** The API answers every request with `status` to `location` (a path on itself, or a URL). */
const redirecting = (status: number, location: () => string) => (_: number, request: RecordedRequest) =>
  request.path.startsWith("/moved") ? json(200, { ok: true, moved: true }) : { status, headers: { location: location() } };

const client = (fetchImpl?: typeof fetch) =>
  createOperationClient({
    baseUrl: api.url,
    pipeline: createPipeline({ auth: apiKeyAuth({ in: "header", name: "X-API-Key" }, "hk-0123456789"), retries: false, fetch: fetchImpl }),
  });
const queryClient = (fetchImpl?: typeof fetch) =>
  createOperationClient({
    baseUrl: api.url,
    pipeline: createPipeline({ auth: apiKeyAuth({ in: "query", name: "api_key" }, "qk-0123456789"), retries: false, fetch: fetchImpl }),
  });

describe("redirects with an API key fetch does not know", () => {
  it("fetch alone delivers a custom-header key to the other origin (the defect this guards against)", async () => {
    api.reset(
      [],
      redirecting(302, () => `${elsewhere.url}/landing`),
    );
    await client().call(getThing, {});
    expect(elsewhere.requests[0]!.headers["x-api-key"]).toBe("hk-0123456789");
  });

  it("followRedirectsSafely drops the header key on a hop to another origin", async () => {
    api.reset(
      [],
      redirecting(302, () => `${elsewhere.url}/landing`),
    );
    await expect(client(followRedirectsSafely({ headers: ["X-API-Key"] })).call(getThing, {})).resolves.toEqual({ ok: true, there: true });
    expect(elsewhere.requests.map((r) => r.headers["x-api-key"])).toEqual([undefined]);
  });

  it("and the query key, even when the Location carries it on", async () => {
    api.reset([], (_, request) => ({ status: 307, headers: { location: `${elsewhere.url}/landing${request.path.slice(request.path.indexOf("?"))}` } }));
    await queryClient(followRedirectsSafely({ query: ["api_key"] })).call(getThing, {});
    expect(api.requests[0]!.path).toBe("/things/1?api_key=qk-0123456789");
    expect(elsewhere.requests[0]!.path).toBe("/landing");
  });

  it("keeps the key on a hop within the origin, and re-sends a POST's body on a 307", async () => {
    api.reset(
      [],
      redirecting(307, () => "/moved/things"),
    );
    const result = await client(followRedirectsSafely({ headers: ["X-API-Key"] })).call(createThing, { requestBody: { name: "a" } });
    expect(result).toEqual({ ok: true, moved: true });
    expect(api.requests.map((r) => [r.method, r.path, r.headers["x-api-key"], r.body.toString()])).toEqual([
      ["POST", "/things", "hk-0123456789", '{"name":"a"}'],
      ["POST", "/moved/things", "hk-0123456789", '{"name":"a"}'],
    ]);
  });

  it("a 303 goes on as a GET without the body", async () => {
    api.reset(
      [],
      redirecting(303, () => "/moved/result"),
    );
    await client(followRedirectsSafely({ headers: ["X-API-Key"] })).call(createThing, { requestBody: { name: "a" } });
    expect(api.requests.map((r) => [r.method, r.path, r.body.length])).toEqual([
      ["POST", "/things", 12],
      ["GET", "/moved/result", 0],
    ]);
  });

  it("stops after 20 hops, as fetch does", async () => {
    api.reset(
      [],
      redirecting(302, () => "/loop"),
    );
    const error = await client(followRedirectsSafely({ headers: ["X-API-Key"] }))
      .call(getThing, {})
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/redirect count exceeded/);
    expect(api.requests).toHaveLength(21);
  });
});

describe("headers the caller marks secret", () => {
  const partner = { headers: { "X-Partner-Token": "pt-0123456789" } };

  it("a fetch of the caller's own drops their header on a hop to another origin, and keeps it within the origin", async () => {
    const theirs = followRedirectsSafely({ headers: ["X-Partner-Token"] });
    api.reset(
      [],
      redirecting(302, () => `${elsewhere.url}/landing`),
    );
    await client(theirs).call(getThing, {}, partner);
    expect(api.requests[0]!.headers["x-partner-token"]).toBe("pt-0123456789");
    expect(elsewhere.requests.map((r) => [r.headers["x-partner-token"], r.headers["x-api-key"]])).toEqual([[undefined, "hk-0123456789"]]);

    api.reset(
      [],
      redirecting(302, () => "/moved/here"),
    );
    await client(theirs).call(getThing, {}, partner);
    expect(api.requests.map((r) => r.headers["x-partner-token"])).toEqual(["pt-0123456789", "pt-0123456789"]);
  });

  it("wrapped by the client's own safe fetch (an API key in a header), both are dropped", async () => {
    // What a generated client whose key is in a header does with the fetch it is given.
    const fetchImpl = followRedirectsSafely({ headers: ["X-API-Key"] }, followRedirectsSafely({ headers: ["X-Partner-Token"] }));
    api.reset(
      [],
      redirecting(307, () => `${elsewhere.url}/landing`),
    );
    await expect(client(fetchImpl).call(getThing, {}, partner)).resolves.toEqual({ ok: true, there: true });
    expect(elsewhere.requests.map((r) => [r.headers["x-partner-token"], r.headers["x-api-key"]])).toEqual([[undefined, undefined]]);
  });
});

describe("in a browser, which hides where a redirect goes", () => {
  it("a redirect is not followed, and the call says why (before: an ApiError with status 0)", async () => {
    const sent: string[] = [];
    // What a browser's fetch answers to redirect: "manual": an opaque redirect, status 0, no Location.
    const browserFetch = (async (input: RequestInfo | URL) => {
      sent.push(new Request(input).url);
      return { type: "opaqueredirect", status: 0, ok: false, statusText: "", headers: new Headers(), body: null, url: "" } as unknown as Response;
    }) as typeof fetch;
    const error = await client(followRedirectsSafely({ headers: ["X-API-Key"] }, browserFetch))
      .call(getThing, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestFailedError);
    expect((error as Error).message).toBe(
      `GET ${api.url}/things/1 failed: ${new URL(api.url).origin} answered with a redirect this browser does not let the client read: not followed, so the credentials stay with this origin`,
    );
    expect(sent).toEqual([`${api.url}/things/1`]);
  });
});
