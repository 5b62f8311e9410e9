// A plain openapi-fetch client over a small fixture API, with only the
// runtime's middleware, through the same fault matrix as the clients.
import v8 from "node:v8";
import vm from "node:vm";
import createClient, { type Middleware } from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  authMiddleware,
  ConnectionError,
  RequestAbortedError,
  ResponseTooLargeError,
  retryMiddleware,
  TimeoutError,
  timeoutMiddleware,
  type RetryConfig,
} from "../src/index";
import { pendingMiddlewareCalls } from "../src/middleware";
import { startFaultServer, status, type FaultServer } from "@syncline/test-utils";

// Types of the fixture API (GET /things/{id}, POST /things), as openapi-typescript would write them.
interface Thing {
  id: string;
  name: string;
}
interface paths {
  "/things/{id}": {
    get: {
      parameters: { path: { id: string } };
      responses: {
        200: { content: { "application/json": { ok: boolean } } };
        404: { content: { "application/json": { error: string } } };
      };
    };
  };
  "/things": {
    post: {
      requestBody: { content: { "application/json": Thing } };
      responses: { 200: { content: { "application/json": { ok: boolean } } } };
    };
  };
}

const fast: RetryConfig = { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 2000 } };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

function client(...middleware: Middleware[]) {
  const c = createClient<paths>({ baseUrl: server.url });
  c.use(...middleware);
  return c;
}
const getThing = (c: ReturnType<typeof client>) => c.GET("/things/{id}", { params: { path: { id: "t1" } } });

describe("openapi-fetch + runtime middleware", () => {
  it("503 -> 200: retried, data typed as usual", async () => {
    server.reset([status(503)]);
    const { data, response } = await getThing(client(retryMiddleware(fast)));
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true });
    expect(server.requests.map((r) => r.headers["x-syncline-attempt"])).toEqual(["1", "2"]);
  });

  it("429 with Retry-After: 1 waits at least a second", async () => {
    server.reset([status(429, { "retry-after": "1" })]);
    const { response } = await getThing(client(retryMiddleware(fast)));
    expect(response.status).toBe(200);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it("a connection reset is retried", async () => {
    server.reset([{ reset: "before-headers" }, { reset: "mid-body" }]);
    const { data } = await getThing(client(retryMiddleware(fast)));
    expect(data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it("resets past the last attempt reject with ConnectionError, saying how many attempts", async () => {
    server.reset([], { reset: "before-headers" });
    const error = await getThing(client(retryMiddleware({ ...fast, maxAttempts: 2 }))).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/the connection was lost \(\w+\) \(after 2 attempts in \d+ ms\)$/);
    expect(server.requests).toHaveLength(2);
  });

  it("a hanging server becomes TimeoutError after each attempt's own timeout", async () => {
    server.reset([], { hang: true });
    const started = performance.now();
    const error = await getThing(client(retryMiddleware({ ...fast, maxAttempts: 2 }), timeoutMiddleware({ timeoutMs: 150 }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(2);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(300 + 2000 + 300);
  });

  it("a caller's abort during an attempt is not a timeout, and is not retried", async () => {
    server.reset([], { hang: true });
    for (const middleware of [
      [timeoutMiddleware({ timeoutMs: 5000 }), retryMiddleware(fast)],
      [retryMiddleware(fast), timeoutMiddleware({ timeoutMs: 5000 })],
    ]) {
      server.reset([], { hang: true });
      const error = await client(...middleware)
        .GET("/things/{id}", { params: { path: { id: "t1" } }, signal: AbortSignal.timeout(100) })
        .catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect(server.requests).toHaveLength(1);
    }
  });

  it("a slow first attempt times out and the retry succeeds", async () => {
    server.reset([{ hang: true }]);
    const { data } = await getThing(client(timeoutMiddleware({ timeoutMs: 150 }), retryMiddleware(fast)));
    expect(data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("re-sends the POST body byte for byte on every attempt (an Idempotency-Key allows retrying a 500)", async () => {
    server.reset([status(500), status(503)]);
    const body = { id: "t-ü", name: "naïve ☕ thing" };
    const { response } = await client(retryMiddleware(fast)).POST("/things", { body, headers: { "idempotency-key": "k-1" } });
    expect(response.status).toBe(200);
    const bodies = server.requests.map((r) => r.body);
    expect(bodies).toHaveLength(3);
    expect(bodies[2]!.equals(bodies[0]!)).toBe(true);
    expect(JSON.parse(bodies[1]!.toString("utf8"))).toEqual(body);
  });

  it("does not retry a 404; the error body comes back as openapi-fetch's error", async () => {
    server.reset([status(404, {}, JSON.stringify({ error: "no such thing" }))]);
    const { error, response } = await getThing(client(retryMiddleware(fast)));
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "no such thing" });
    expect(server.requests).toHaveLength(1);
  });

  it("auth from the auth middleware is on every attempt; a rotating token is fetched per attempt", async () => {
    server.reset([status(503), status(502)]);
    let n = 0;
    // Registered after retry on purpose: the shared per-call state makes order irrelevant.
    await getThing(client(retryMiddleware(fast), authMiddleware({ bearer: async () => `tok-${++n}` })));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2", "Bearer tok-3"]);
  });

  it("Codat's API key works through the same middleware", async () => {
    await getThing(client(authMiddleware({ apiKey: "k" })));
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${btoa("k")}`);
  });

  it("the retried response flows through the remaining middleware", async () => {
    server.reset([status(503)]);
    const seen: number[] = [];
    const observer: Middleware = {
      onResponse({ response }) {
        seen.push(response.status);
        return undefined;
      },
    };
    // onResponse runs last-registered first: retry runs before the observer.
    const { data } = await getThing(client(observer, retryMiddleware(fast)));
    expect(data).toEqual({ ok: true });
    expect(seen).toEqual([200]);
  });

  it("a caller's abort during a backoff wait rejects at once and is not retried", async () => {
    server.reset([status(503, { "retry-after": "10" })]);
    const controller = new AbortController();
    const pending = client(retryMiddleware({ ...fast, backoff: { maxInterval: 60_000 } })).GET("/things/{id}", {
      params: { path: { id: "t1" } },
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = performance.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(RequestAbortedError);
    expect(performance.now() - abortedAt).toBeLessThan(1000); // not the 10 s Retry-After
    expect(server.requests).toHaveLength(1);
  });

  it("names a missing credential when the middleware is created", () => {
    expect(() => authMiddleware({ bearer: "" })).toThrow("bearer is required");
    expect(() => authMiddleware({ apiKey: "" })).toThrow("apiKey is required");
  });

  it("a POST is not retried after a 502, and is after a 503 (turned away unprocessed)", async () => {
    server.reset([status(502)]);
    const { response } = await client(retryMiddleware(fast)).POST("/things", { body: { id: "t", name: "n" } });
    expect(response.status).toBe(502);
    expect(server.requests).toHaveLength(1);
    server.reset([status(503)]);
    expect((await client(retryMiddleware(fast)).POST("/things", { body: { id: "t", name: "n" } })).response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("timeoutMs covers the body: an endless body is a TimeoutError, in either registration order", async () => {
    for (const middleware of [
      [timeoutMiddleware({ timeoutMs: 200 }), retryMiddleware({ ...fast, maxAttempts: 1 })],
      [retryMiddleware({ ...fast, maxAttempts: 1 }), timeoutMiddleware({ timeoutMs: 200 })],
    ]) {
      server.reset([], { endlessBody: { chunkBytes: 10, everyMs: 20 } });
      await expect(getThing(client(...middleware))).rejects.toBeInstanceOf(TimeoutError);
    }
  });

  it("the caller's abort ends a body that streams forever, with timeoutMiddleware on", async () => {
    server.reset([], { endlessBody: { chunkBytes: 64 * 1024, everyMs: 1 } });
    const controller = new AbortController();
    const pending = client(timeoutMiddleware({ timeoutMs: 30_000, maxResponseBytes: 1024 ** 3 }), retryMiddleware(fast))
      .GET("/things/{id}", { params: { path: { id: "t1" } }, signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toBeInstanceOf(RequestAbortedError);
  });

  it("the caller's abort still ends the call after a garbage collection (undici's Request signal stops following the caller's once that Request is collected)", async () => {
    // Forced collections between the request and the abort: under memory pressure this happened on its own (1 call in 3 hung on a loaded machine).
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    server.reset([], { endlessBody: { chunkBytes: 16 * 1024, everyMs: 5 } });
    const controller = new AbortController();
    const pending = client(timeoutMiddleware({ timeoutMs: 30_000, maxResponseBytes: 1024 ** 3 }), retryMiddleware(fast))
      .GET("/things/{id}", { params: { path: { id: "t1" } }, signal: controller.signal })
      .catch((e: unknown) => e);
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      gc();
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    const settled = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("still running 2 s after the abort"), 2000))]);
    expect(settled).toBeInstanceOf(RequestAbortedError);
  });

  it("an endless body stops at maxResponseBytes with a ResponseTooLargeError", async () => {
    server.reset([], { endlessBody: { chunkBytes: 64 * 1024, everyMs: 1 } });
    await expect(getThing(client(timeoutMiddleware({ timeoutMs: 30_000, maxResponseBytes: 1024 * 1024 })))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("a token function that throws leaves no per-call state (or timer) behind", async () => {
    let calls = 0;
    const c = client(timeoutMiddleware({ timeoutMs: 60_000 }), authMiddleware({ bearer: () => (++calls % 2 ? Promise.reject(new Error("vault down")) : "t") }));
    for (let i = 0; i < 20; i++) await getThing(c).catch(() => {});
    expect(pendingMiddlewareCalls()).toBe(0);
    expect(server.requests).toHaveLength(10);
  });

  it("a call a later middleware answers from onRequest (a cache) is dropped once its attempt's time is up", async () => {
    const cache: Middleware = { onRequest: () => Response.json({ ok: true, cached: true }) };
    const c = client(authMiddleware({ apiKey: "k" }), retryMiddleware(fast), timeoutMiddleware({ timeoutMs: 50 }), cache);
    for (let i = 0; i < 10; i++) expect((await getThing(c)).data).toEqual({ ok: true, cached: true });
    expect(pendingMiddlewareCalls()).toBe(10); // openapi-fetch tells no middleware that these calls ended
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await getThing(client(authMiddleware({ apiKey: "k" })));
    expect(pendingMiddlewareCalls()).toBe(0);
  });

  it("after a 401 the authenticator refreshes (an OAuth2 token) and the call is sent once more", async () => {
    let issued = 0;
    const refreshed: (readonly string[] | undefined)[] = [];
    const authenticator = {
      apply(headers: Headers) {
        headers.set("authorization", `Bearer token-${issued || ++issued}`);
        return [`token-${issued}`];
      },
      refresh(rejected?: readonly string[]) {
        refreshed.push(rejected && [...rejected]); // as it was when refresh was called
        issued++;
      },
    };
    server.reset([status(401)], status(200, { "content-type": "application/json" }, '{"ok":true}'));
    const { data } = await getThing(client(authMiddleware({ authenticator })));
    expect(data).toEqual({ ok: true });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(refreshed).toEqual([["token-1"]]);
    expect(pendingMiddlewareCalls()).toBe(0);
  });

  it("settled calls leave no per-call state behind (keyed by openapi-fetch's request id)", async () => {
    server.reset([status(503)]);
    const c = client(authMiddleware({ apiKey: "k" }), retryMiddleware(fast), timeoutMiddleware({ timeoutMs: 5000 }));
    for (let i = 0; i < 20; i++) await getThing(c);
    server.reset([], { reset: "before-headers" });
    await getThing(c).catch(() => {});
    expect(pendingMiddlewareCalls()).toBe(0);
  });
});
