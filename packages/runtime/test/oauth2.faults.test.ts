// OAuth2 client credentials under hostile token endpoints, against a real
// server on 127.0.0.1: token storms after a 401, hung and failing token
// requests, short lifetimes, huge and malformed answers, and bad token URLs.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  clientCredentialsAuth,
  ConnectionError,
  createOperationClient,
  createPipeline,
  InvalidResponseError,
  ResponseTooLargeError,
  TimeoutError,
  type ClientCredentialsOptions,
  type OperationSpec,
  type RetryConfig,
} from "../src/index";
import { json, startFaultServer, type Fault, type FaultServer, type RecordedRequest } from "@syncline/test-utils";

const fast: RetryConfig = { backoff: { initialInterval: 1, maxInterval: 5 } };
const listThings: OperationSpec = { name: "things.list", method: "GET", path: "/things", json: true };
const createThing: OperationSpec = { name: "things.create", method: "POST", path: "/things", body: true, json: true };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const isToken = (r: RecordedRequest) => r.path === "/oauth/token";
const tokenRequests = () => server.requests.filter(isToken).length;
const oauth = (overrides: Partial<ClientCredentialsOptions> = {}) =>
  clientCredentialsAuth({ tokenUrl: `${server.url}/oauth/token`, clientId: "app", clientSecret: "s3cret", ...overrides });
const clientWith = (auth = oauth(), options: { retries?: RetryConfig | false; timeoutMs?: number } = {}) =>
  createOperationClient({ baseUrl: server.url, pipeline: createPipeline({ auth, retries: options.retries ?? false, timeoutMs: options.timeoutMs }) });

/** A token endpoint issuing token-1, token-2, ... (`tokenAnswer` may replace any answer), and an API that takes `accepted` tokens. */
function route(accepted: (token: string) => boolean, tokenAnswer?: (issued: number) => Fault | undefined) {
  let issued = 0;
  return (_: number, request: RecordedRequest): Fault => {
    if (isToken(request)) {
      issued++;
      return tokenAnswer?.(issued) ?? json(200, { access_token: `token-${issued}`, token_type: "Bearer", expires_in: 3600 });
    }
    return accepted(String(request.headers.authorization).replace("Bearer ", "")) ? json(200, { ok: true }) : json(401, { error: "expired" });
  };
}

describe("a 401 storm", () => {
  it("50 concurrent calls that all get a 401 refresh the token once, between them", async () => {
    server.reset(
      [],
      route((token) => token !== "token-1"),
    );
    const client = clientWith();
    const results = await Promise.all(Array.from({ length: 50 }, () => client.call(listThings, {})));
    expect(results.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    // The first token, and one fresh one for all 50: not one per call.
    expect(tokenRequests()).toBe(2);
  });

  it("a late 401 for an old token never throws away a newer one", async () => {
    let issued = 0;
    server.reset([], (_, request) => {
      if (isToken(request)) return json(200, { access_token: `token-${++issued}`, expires_in: 3600 });
      const token = String(request.headers.authorization);
      // token-1's answer comes late, after token-2 is in use.
      if (token === "Bearer token-1" && request.path === "/things?slow") return { delayMs: 150, answer: json(401, { error: "expired" }) };
      return token === "Bearer token-1" ? json(401, { error: "expired" }) : json(200, { ok: true });
    });
    const client = clientWith();
    const slow = client.call({ ...listThings, path: "/things?slow" }, {});
    await new Promise((resolve) => setTimeout(resolve, 30));
    await client.call(listThings, {}); // 401 with token-1, refreshes to token-2
    await slow; // its late 401 names token-1: token-2 stays
    await client.call(listThings, {});
    expect(tokenRequests()).toBe(2);
  });
});

describe("the token request", () => {
  it("a hung one fails only the calls waiting on it: the next call asks again and gets through", async () => {
    server.reset(
      [],
      route(
        () => true,
        (issued) => (issued === 1 ? { hang: true } : undefined),
      ),
    );
    const client = clientWith(oauth(), { timeoutMs: 200 });
    const started = performance.now();
    await expect(client.call(listThings, {})).rejects.toBeInstanceOf(TimeoutError);
    await expect(client.call(listThings, {})).resolves.toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(tokenRequests()).toBe(2);
  });

  it("a 503 from the token endpoint is retried like any 503, a POST's call too (its request was never sent)", async () => {
    server.reset(
      [],
      route(
        () => true,
        (issued) => (issued === 1 ? json(503, { error: "busy" }) : undefined),
      ),
    );
    await expect(clientWith(oauth(), { retries: fast }).call(createThing, { requestBody: { name: "a" } })).resolves.toEqual({ ok: true });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /oauth/token", "POST /oauth/token", "POST /things"]);
  });

  it("calls that share a failing token request each say their own attempts, once", async () => {
    server.reset(
      [],
      route(
        () => true,
        () => ({ delayMs: 20, answer: json(503, { error: "busy" }) }),
      ),
    );
    const client = clientWith(oauth(), { retries: { backoff: { initialInterval: 0, maxInterval: 0 }, maxAttempts: 2 } });
    const errors = await Promise.all(
      [1, 2].map(() =>
        client.call(listThings, {}).then(
          () => new Error("expected the call to fail"),
          (error: Error) => error,
        ),
      ),
    );
    // Both calls waited on the same two token requests.
    expect(tokenRequests()).toBe(2);
    for (const error of errors) {
      expect(error.message).toMatch(/^HTTP 503 .*\(getting an access token\) \(after 2 attempts in \d+ ms\)$/);
      // Each call's copy is still the error it was: its class, fields and cause.
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ name: "ConnectionError", method: "POST", requestSent: false, cause: { status: 503 } });
    }
  });

  it("a token that lives 30 s is reused (the margin before expiry is a part of its lifetime, not a fixed 30 s)", async () => {
    server.reset(
      [],
      route(
        () => true,
        (issued) => json(200, { access_token: `token-${issued}`, expires_in: 30 }),
      ),
    );
    const client = clientWith();
    await client.call(listThings, {});
    await client.call(listThings, {});
    expect(tokenRequests()).toBe(1);
  });

  it("an endless token answer is cut at the size cap, not read whole", async () => {
    server.reset([], (_, request) => (isToken(request) ? { endlessBody: { chunkBytes: 64 * 1024, everyMs: 1 } } : json(200, { ok: true })));
    const error = await clientWith()
      .call(listThings, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    await vi.waitFor(() => expect(server.requests.find(isToken)?.closedAt).toBeDefined());
    expect(server.requests.find(isToken)!.sent).toBeLessThan(4 * 1024 * 1024);
  });

  it("a malformed access_token (a line break inside) is refused and never shown", async () => {
    const bad = "tok-abc\r\nX-Injected: yes";
    server.reset([], (_, request) => (isToken(request) ? json(200, { access_token: bad, expires_in: 3600 }) : json(200, { ok: true })));
    const error = (await clientWith()
      .call(listThings, {})
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/access_token that is not a valid bearer token/);
    expect(`${error.message} ${JSON.stringify(error)} ${String(error.rawBody)}`).not.toContain("tok-abc");
    expect(server.requests.filter((r) => !isToken(r))).toHaveLength(0);
  });
  it("a token answer cut short never shows the tokens it carried", async () => {
    const cutShort = '{"access_token":"tok-live-0123456789","refresh_token":"rt-live-9876543210","expires_in":36';
    server.reset([], (_, request) =>
      isToken(request) ? { status: 200, headers: { "content-type": "application/json" }, body: cutShort } : json(200, { ok: true }),
    );
    const error = (await clientWith()
      .call(listThings, {})
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/answered 200 with no access_token$/);
    const shown = `${error.message} ${JSON.stringify(error)} ${String(error.rawBody)}`;
    for (const token of ["tok-live-0123456789", "rt-live-9876543210"]) expect(shown).not.toContain(token);
    expect(error.rawBody).toContain('"expires_in":36');
  });
});

describe("the token URL", () => {
  it("is refused with credentials in it, without echoing them", () => {
    expect(() => oauth({ tokenUrl: "https://app:hunter2@auth.example.com/token" })).toThrow(/^tokenUrl must be an absolute http\(s\) URL/);
    try {
      oauth({ tokenUrl: "https://app:hunter2@auth.example.com/token" });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("hunter2");
    }
    expect(() => oauth({ tokenUrl: "not a url" })).toThrow(/^tokenUrl must be an absolute http\(s\) URL/);
  });

  it("warns when it is plain http off this machine: the client secret would cross the network unencrypted", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      oauth({ tokenUrl: "http://auth.example.com/token" });
      oauth({ tokenUrl: "http://127.0.0.1:9/token" });
      expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
        "[syncline] tokenUrl http://auth.example.com is plain http: credentials will be sent unencrypted",
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
