import { json, startFaultServer, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { RetryBudget } from "@syncline/runtime";
import {
  createPowensApp,
  createPowensClient,
  operationSpecs,
  UnauthorizedError,
  type ConnectionExpand,
  type ServiceError,
  type Connection,
  type ConnectionsList,
} from "@syncline/powens";

const connection: Connection = {
  id: 37,
  id_connector: 59,
  connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf",
  created: "2024-03-01 17:02:11",
  active: true,
  last_update: "2024-03-14 09:12:45",
};

function powens(_: number, request: RecordedRequest) {
  const url = new URL(request.path, "http://x");
  if (url.pathname === "/webauth") {
    const status = url.searchParams.get("state") === "temporary" ? 307 : 302;
    return { status, headers: { location: `https://webview.powens.com/connect?state=${url.searchParams.get("state") ?? ""}` } };
  }
  if (request.headers.authorization !== "Bearer user-token") return json(401, { code: "forbidden", description: "Invalid token", request_id: "rq-1" });
  if (request.method === "DELETE") return { status: 204 };
  if (url.pathname === "/users/me/connections" && request.method === "GET") return json(200, { connections: [connection] });
  return json(request.method === "POST" && url.pathname === "/users/me/connections" ? 201 : 200, connection);
}

let server: FaultServer;
let client: ReturnType<typeof createPowensClient>;
beforeAll(async () => {
  server = await startFaultServer([], powens);
  client = createPowensClient({ accessToken: "user-token", baseUrl: server.url, retries: false });
});
afterAll(() => server.close());
beforeEach(() => server.reset([], powens));
const last = () => server.requests.at(-1)!;

describe("@syncline/powens connections", () => {
  it("createUserConnection reaches the bank once: a timeout or a reset is not retried, a 503 is", async () => {
    const retrying = createPowensClient({ accessToken: "user-token", baseUrl: server.url, retries: { backoff: { initialInterval: 0 } } });
    const request = { requestBody: { connector_uuid: connection.connector_uuid!, username: "user", password: "secret" } };
    server.reset([{ hang: true }], powens);
    // A timeout long enough for the request to arrive even on a busy machine: the point is what happens after.
    await expect(retrying.connections.createUserConnection(request, { timeoutMs: 1000 })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(server.requests).toHaveLength(1);
    server.reset([{ reset: "before-headers" }], powens);
    await expect(retrying.connections.createUserConnection(request)).rejects.toMatchObject({ name: "ConnectionError", requestSent: true });
    expect(server.requests).toHaveLength(1);
    server.reset([json(503, { code: "unavailable", description: "busy" })], powens);
    expect((await retrying.connections.createUserConnection(request)).id).toBe(37);
    expect(server.requests).toHaveLength(2);
  });

  it("the bank credentials sent to createUserConnection never show in its error, even when the API echoes the body", async () => {
    const bankPassword = "b4nk-pa55word";
    const echo = (_: number, request: RecordedRequest) =>
      json(400, { code: "wrongpass", description: `rejected ${request.body.toString()}`, message: request.body.toString() });
    server.reset([], echo);
    const logs: string[] = [];
    const logged = createPowensClient({ accessToken: "user-token", baseUrl: server.url, retries: false, logger: { debug: (line) => logs.push(line) } });
    const requestBody = { connector_uuid: connection.connector_uuid!, login: "jdoe-login", password: bankPassword };
    const error = (await logged.connections.createUserConnection({ requestBody }).catch((e: unknown) => e)) as Error & { body: unknown; rawBody: string };
    const text = [error.message, error.stack, JSON.stringify(error), JSON.stringify(error.body), error.rawBody, ...logs].join("\n");
    for (const secret of [bankPassword, "jdoe-login"]) expect(text).not.toContain(secret);
    expect(text).toContain(connection.connector_uuid!); // the connector is not a credential
  });

  it("the app's client secret never shows in the error of createUser or exchangeCode", async () => {
    const secret = "app-s3cret-value";
    server.reset([], (_: number, request: RecordedRequest) => json(400, { code: "invalidClient", description: `bad client ${request.body.toString()}` }));
    const app = createPowensApp({ clientId: "1234", clientSecret: secret, baseUrl: server.url, retries: false });
    for (const call of [() => app.createUser(), () => app.exchangeCode({ code: "c0de-value" })]) {
      const error = (await call().catch((e: unknown) => e)) as Error & { rawBody: string };
      expect(error.name).toBe("BadRequestError");
      expect(`${error.message} ${JSON.stringify(error)} ${error.rawBody}`).not.toContain(secret);
    }
  });

  it("the temporary code a refused exchangeCode echoes is not shown either (it is worth the user's token for 30 minutes)", async () => {
    const code = "3pOxq5KvQ9QSsmAaD7cQ0rPdz5Ubcu3d";
    server.reset([], (_: number, request: RecordedRequest) => json(400, { code: "invalidCode", description: `bad code in ${request.body.toString()}` }));
    const app = createPowensApp({ clientId: "1234", clientSecret: "app-s3cret-value", baseUrl: server.url, retries: false });
    const error = (await app.exchangeCode({ code }).catch((e: unknown) => e)) as Error & { rawBody: string; body: unknown };
    expect(error.name).toBe("BadRequestError");
    expect(`${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.body)} ${error.rawBody}`).not.toContain(code);
  });

  it("createUserConnection waits up to 5 minutes by default (the bank is slow); other calls 60 s", async () => {
    expect(operationSpecs.connectionsCreateUserConnection.timeoutMs).toBe(300_000);
    expect("timeoutMs" in operationSpecs.connectionsGetUserConnection).toBe(false);
  });

  it("createUserConnection: POST the credentials, 201 resolves to the connection", async () => {
    const created = await client.connections.createUserConnection({
      requestBody: { connector_uuid: connection.connector_uuid!, username: "test", password: "hello" },
      expand: ["connector", "sources"],
    });
    expect(created.id).toBe(37);
    expect(last().method).toBe("POST");
    expect(last().path).toBe("/users/me/connections?expand=connector,sources");
    expect(JSON.parse(last().body.toString())).toEqual({ connector_uuid: connection.connector_uuid, username: "test", password: "hello" });
  });

  it("listUserConnections needs no argument and sends expand comma-separated", async () => {
    expect((await client.connections.listUserConnections()).connections).toHaveLength(1);
    await client.connections.listUserConnections({ expand: ["accounts", "all_accounts"] });
    expect(last().path).toBe("/users/me/connections?expand=accounts,all_accounts");
  });

  it("getUserConnection, updateSyncUserConnection (empty body syncs, background flag), deleteUserConnection (204)", async () => {
    expect((await client.connections.getUserConnection({ connectionId: 37 })).id).toBe(37);
    expect(last().path).toBe("/users/me/connections/37");
    await client.connections.updateSyncUserConnection({ connectionId: 37, background: true });
    expect(last()).toMatchObject({ method: "POST", path: "/users/me/connections/37?background=true" });
    expect(last().body.length).toBe(0);
    await client.connections.updateSyncUserConnection({ connectionId: 37, requestBody: { resume: "true" } });
    expect(JSON.parse(last().body.toString())).toEqual({ resume: "true" });
    expect(await client.connections.deleteUserConnection({ connectionId: 37 })).toBeUndefined();
    expect(last()).toMatchObject({ method: "DELETE", path: "/users/me/connections/37" });
  });

  it("calls the token function for every request, so tokens can rotate", async () => {
    let calls = 0;
    const rotating = createPowensClient({
      accessToken: async () => {
        calls++;
        return "user-token";
      },
      baseUrl: server.url,
    });
    await rotating.connections.listUserConnections();
    await rotating.connections.listUserConnections();
    expect(calls).toBe(2);
  });

  it("expand lists the documented values for completion and still takes any other string", () => {
    expectTypeOf<"connector">().toMatchTypeOf<ConnectionExpand>();
    expectTypeOf<"connector[countries]">().toMatchTypeOf<ConnectionExpand>();
    // Not collapsed to plain string: the literal members are there for the editor.
    expectTypeOf<ConnectionExpand>().not.toEqualTypeOf<string>();
    expectTypeOf<Extract<ConnectionExpand, "all_accounts">>().toEqualTypeOf<"all_accounts">();
  });

  it("instanceof narrows an error's body to Powens's ServiceError (or the text of a non-JSON body)", async () => {
    const error = await createPowensClient({ accessToken: "wrong", baseUrl: server.url, retries: false })
      .connections.listUserConnections()
      .catch((e: unknown) => e);
    if (!(error instanceof UnauthorizedError)) throw new Error("expected an UnauthorizedError");
    expectTypeOf(error.body).toEqualTypeOf<ServiceError | string | undefined>();
    expect(typeof error.body === "object" && error.body.code).toBe("forbidden");
  });

  it("a bad token is an UnauthorizedError with Powens's request_id", async () => {
    const bad = createPowensClient({ accessToken: "nope", baseUrl: server.url, retries: false });
    const error = await bad.connections.listUserConnections().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, requestId: "rq-1", body: { code: "forbidden" } });
    expect((error as Error).message).not.toContain("nope");
  });

  it("openWebAuth sends no Authorization and resolves to the Location of a 302 or 307, without following it", async () => {
    const params = { client_id: 12345678, token: "temp-code", redirect_uri: "https://example.com/cb", connector_uuid: connection.connector_uuid! };
    expect(await client.connections.openWebAuth({ ...params, state: "s-1" })).toBe("https://webview.powens.com/connect?state=s-1");
    expect(last().headers.authorization).toBeUndefined();
    expect(await client.connections.openWebAuth({ ...params, state: "temporary" })).toBe("https://webview.powens.com/connect?state=temporary");
    expect(server.requests).toHaveLength(2);
  });

  it("webauthUrl builds the URL openWebAuth requests, locally: same request, same encoding, no request sent", async () => {
    const request = {
      client_id: 12345678,
      token: "a b&c",
      redirect_uri: "https://example.com/powens/callback",
      connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf",
      state: "x=1&y=2",
    };
    const url = client.connections.webauthUrl(request);
    expect(url).toBe(
      `${server.url}/webauth?client_id=12345678&token=a%20b%26c&redirect_uri=https%3A%2F%2Fexample.com%2Fpowens%2Fcallback&connector_uuid=338178e6-3d01-564f-9a7b-52ca442459bf&state=x%3D1%26y%3D2`,
    );
    expect(server.requests).toHaveLength(0);
    await client.connections.openWebAuth(request);
    expect(`${server.url}${server.requests[0]!.path}`).toBe(url);
  });

  it("webauthUrl refuses a redirect_uri with a query string, and names a missing required value", () => {
    const request = { client_id: 1, token: "t", redirect_uri: "https://example.com/cb?x=1" };
    expect(() => client.connections.webauthUrl(request)).toThrow("connections.webauthUrl: redirect_uri must not contain a query string");
    const untyped = client.connections.webauthUrl as (request: object) => string;
    expect(() => untyped({ client_id: 1, redirect_uri: "https://e.com" })).toThrow('connections.webauthUrl: missing required parameter "token"');
    expect(server.requests).toHaveLength(0);
  });

  it("builds the base URL from domain, and refuses a domain that is not a host label", () => {
    expect(createPowensClient({ accessToken: "t", domain: "acme-sandbox" }).baseUrl).toBe("https://acme-sandbox.biapi.pro/2.0");
    expect(createPowensClient({ accessToken: "t" }).baseUrl).toBe("https://demo.biapi.pro/2.0");
    expect(() => createPowensClient({ accessToken: "t", domain: "evil.com/x?" })).toThrow("domain must be letters, digits, hyphens and dots (a host name)");
  });

  it("names the missing access token at creation", () => {
    expect(() => createPowensClient({ accessToken: "" })).toThrow("accessToken is required");
  });

  it("types: ids are numbers, expand an array, results typed", () => {
    expectTypeOf(client.connections.listUserConnections).returns.resolves.toEqualTypeOf<ConnectionsList>();
    expectTypeOf(client.connections.openWebAuth).returns.resolves.toEqualTypeOf<string>();
    const never = () => {
      // @ts-expect-error connectionId is a number
      void client.connections.getUserConnection({ connectionId: "37" });
      // @ts-expect-error expand is an array
      void client.connections.listUserConnections({ expand: "connector" });
      // @ts-expect-error createUserConnection needs a body
      void client.connections.createUserConnection({});
    };
    expectTypeOf(never).toBeFunction();
  });
});

describe("one retry budget for an app's user clients", () => {
  const fast = { backoff: { initialInterval: 1, maxInterval: 5 } };
  const storm = () => json(429, { code: "tooManyRequests" }, { "retry-after": "0" });

  it("in a 429 storm, ten users' clients retry from one budget, as one client would", async () => {
    server.reset([], storm);
    // 20 tokens, 5 a retry: four retries for the whole app.
    const app = createPowensApp({ clientId: "1234", clientSecret: "s", baseUrl: server.url, retries: fast, retryBudget: { capacity: 20, retryCost: 5 } });
    const users = Array.from({ length: 10 }, (_, i) => app.userClient(`user-${i}`));
    await Promise.all(users.map((user) => user.users.getMe().catch(() => undefined)));
    // Ten first attempts and four retries (each client on its own budget: ten first attempts and 40 retries).
    expect(server.requests).toHaveLength(14);
  });

  it("one budget passed to several clients is shared by them", async () => {
    server.reset([], storm);
    const budget = new RetryBudget({ capacity: 10, retryCost: 5 });
    const clients = [1, 2, 3].map(() => createPowensClient({ accessToken: "user-token", baseUrl: server.url, retries: fast, retryBudget: budget }));
    await Promise.all(clients.map((c) => c.users.getMe().catch(() => undefined)));
    expect(server.requests).toHaveLength(3 + 2);
    expect(budget.available).toBe(0);
  });
});
