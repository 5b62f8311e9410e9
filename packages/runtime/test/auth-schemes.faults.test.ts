// Every security scheme a spec can declare, against a real server on
// 127.0.0.1 that records what each request carried.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  clientCredentialsAuth,
  createOperationClient,
  createPipeline,
  NotFoundError,
  securityAuth,
  UnauthorizedError,
  type Authenticator,
  type OperationSpec,
  type RetryConfig,
} from "../src/index";
import { json, startFaultServer, status, type FaultServer, type RecordedRequest } from "@syncline/test-utils";

const fast: RetryConfig = { backoff: { initialInterval: 1, maxInterval: 5 } };
const listThings: OperationSpec = { name: "things.list", method: "GET", path: "/things", queryParams: ["limit"], json: true };
const createThing: OperationSpec = { name: "things.create", method: "POST", path: "/things", body: true, json: true };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([], json(200, { ok: true })));

const clientWith = (auth: Authenticator, retries: RetryConfig | false = false) =>
  createOperationClient({ baseUrl: server.url, pipeline: createPipeline({ auth, retries }) });
const sent = (filter: (r: RecordedRequest) => boolean = () => true) => server.requests.filter(filter);
const toApi = (r: RecordedRequest) => !r.path.startsWith("/oauth");

describe("apiKey", () => {
  it("in a header: sent under the scheme's header name", async () => {
    await clientWith(apiKeyAuth({ in: "header", name: "X-API-Key" }, "key-123")).call(listThings, {});
    expect(server.requests[0]!.headers["x-api-key"]).toBe("key-123");
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("in the query: added beside the call's own parameters, and kept out of error messages and urls", async () => {
    server.reset([], json(404, { error: "no such thing" }));
    const error = await clientWith(apiKeyAuth({ in: "query", name: "api_key" }, "key-123"))
      .call(listThings, { limit: 5 })
      .catch((e: unknown) => e);
    expect(server.requests[0]!.path).toBe("/things?limit=5&api_key=key-123");
    expect(error).toBeInstanceOf(NotFoundError);
    const { message, url } = error as NotFoundError;
    expect(JSON.stringify({ message, url })).not.toContain("key-123");
  });

  it("in a cookie: set once per attempt, beside the caller's own cookies, however many attempts", async () => {
    server.reset([status(503), status(503)], json(200, { ok: true }));
    await clientWith(apiKeyAuth({ in: "cookie", name: "session" }, "key-123"), fast).call(listThings, {}, { headers: { cookie: "theme=dark" } });
    expect(server.requests.map((r) => r.headers.cookie)).toEqual(["theme=dark; session=key-123", "theme=dark; session=key-123", "theme=dark; session=key-123"]);
  });

  it("is required at creation, named and never echoed", () => {
    expect(() => apiKeyAuth({ in: "header", name: "X-API-Key" }, undefined)).toThrow("apiKey is required");
    expect(() => apiKeyAuth({ in: "header", name: "X-API-Key" }, "bad key", "partnerKey")).toThrow(/^partnerKey must be printable ASCII/);
  });
});

describe("HTTP basic", () => {
  it("sends base64(username:password), UTF-8 included", async () => {
    await clientWith(basicAuth("ada", "pässword 1")).call(listThings, {});
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("ada:pässword 1").toString("base64")}`);
  });

  it("refuses a missing password and a username with a colon", () => {
    expect(() => basicAuth("ada", undefined)).toThrow("password is required");
    expect(() => basicAuth("a:da", "p")).toThrow("username must not contain a colon");
  });
});

describe("OAuth2 client credentials", () => {
  const tokenRoute = (lifetimeSeconds: number) => {
    let issued = 0;
    return (_: number, request: RecordedRequest) =>
      request.path === "/oauth/token"
        ? json(200, { access_token: `token-${++issued}`, token_type: "Bearer", expires_in: lifetimeSeconds })
        : json(200, { ok: true });
  };
  const oauth = (overrides: Partial<Parameters<typeof clientCredentialsAuth>[0]> = {}) =>
    clientCredentialsAuth({ tokenUrl: `${server.url}/oauth/token`, clientId: "app", clientSecret: "s3cret", scopes: ["read", "write"], ...overrides });

  it("asks the token endpoint once (form body, client authenticated with Basic), then sends the token on every call", async () => {
    server.reset([], tokenRoute(3600));
    const client = clientWith(oauth());
    await client.call(listThings, {});
    await client.call(createThing, { requestBody: { name: "a" } });
    const [token, ...calls] = server.requests;
    expect(token!.method).toBe("POST");
    expect(token!.headers.authorization).toBe(`Basic ${Buffer.from("app:s3cret").toString("base64")}`);
    expect(token!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(token!.body.toString()))).toEqual({ grant_type: "client_credentials", scope: "read write" });
    expect(calls.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual(["GET /things Bearer token-1", "POST /things Bearer token-1"]);
  });

  it("concurrent calls share one token request", async () => {
    server.reset([], tokenRoute(3600));
    const client = clientWith(oauth());
    await Promise.all([1, 2, 3, 4, 5].map(() => client.call(listThings, {})));
    expect(sent((r) => r.path === "/oauth/token")).toHaveLength(1);
    expect(new Set(sent(toApi).map((r) => r.headers.authorization))).toEqual(new Set(["Bearer token-1"]));
  });

  it("asks again once the token is about to expire", async () => {
    server.reset([], tokenRoute(0)); // expired as soon as it arrives (oauth2.faults.test.ts: the margin before expiry)
    const client = clientWith(oauth());
    await client.call(listThings, {});
    await client.call(listThings, {});
    expect(sent(toApi).map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("after a 401 gets a fresh token and sends once more, a POST too; a second 401 is the caller's UnauthorizedError", async () => {
    let issued = 0;
    let apiCalls = 0;
    server.reset([], (_, request) => {
      if (request.path === "/oauth/token") return json(200, { access_token: `token-${++issued}`, expires_in: 3600 });
      return ++apiCalls === 1 ? json(401, { error: "token revoked" }) : json(201, { id: "t1" });
    });
    const client = clientWith(oauth());
    await expect(client.call(createThing, { requestBody: { name: "a" } })).resolves.toEqual({ id: "t1" });
    expect(sent(toApi).map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);

    server.reset([], (_, request) => (request.path === "/oauth/token" ? json(200, { access_token: "token-x", expires_in: 3600 }) : json(401, { error: "no" })));
    const error = await client.call(listThings, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(sent(toApi)).toHaveLength(2); // one refresh per call, not a loop
  });

  it("a refused token request is a typed error without the client secret", async () => {
    server.reset([], (_, request) => (request.path === "/oauth/token" ? json(401, { error: "invalid_client", echo: "s3cret" }) : json(200, {})));
    const error = await clientWith(oauth())
      .call(listThings, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain("s3cret");
    expect(sent(toApi)).toHaveLength(0);
  });

  it("is required at creation", () => {
    expect(() => oauth({ clientId: undefined })).toThrow("clientId is required");
    expect(() => oauth({ clientSecret: "" })).toThrow("clientSecret is required");
  });
});

describe("several schemes", () => {
  const schemes = (given: { apiKey?: string; accessToken?: string }) =>
    securityAuth(
      {
        apiKey: given.apiKey === undefined ? undefined : apiKeyAuth({ in: "header", name: "X-API-Key" }, given.apiKey),
        accessToken: given.accessToken === undefined ? undefined : bearerAuth(given.accessToken),
      },
      [["apiKey"], ["accessToken"]],
    );

  it("each operation uses the first of its requirements the client has credentials for", async () => {
    const client = clientWith(schemes({ apiKey: "key-1", accessToken: "tok-1" }));
    await client.call(listThings, {}); // the spec's default: apiKey first
    await client.call({ ...createThing, security: [["accessToken"]] }, { requestBody: {} });
    expect(server.requests.map((r) => [r.headers["x-api-key"] ?? "-", r.headers.authorization ?? "-"])).toEqual([
      ["key-1", "-"],
      ["-", "Bearer tok-1"],
    ]);
  });

  it("a call whose requirements the client cannot meet fails before sending, naming what it needs", async () => {
    const client = clientWith(schemes({ apiKey: "key-1" }));
    await expect(client.call({ ...createThing, security: [["accessToken"]] }, { requestBody: {} })).rejects.toThrow(
      "this operation needs accessToken: pass it to the client",
    );
    expect(server.requests).toHaveLength(0);
  });
});
