// Safe by default under real failures, against a real node:http server on
// 127.0.0.1: no duplicate POSTs, aborts and timeouts that cover the body, a
// size cap, every failure typed, only transient failures retried.
import { getEventListeners } from "node:events";
import { createRequire } from "node:module";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bearerAuth,
  ConnectionError,
  createOperationClient,
  createPipeline,
  pipelineFetch,
  DEFAULT_TIMEOUT_MS,
  RateLimitError,
  InvalidResponseError,
  paginate,
  RequestAbortedError,
  resolveRetryPolicy,
  runWithRetries,
  RequestFailedError,
  ResponseTooLargeError,
  ServerError,
  SynclineError,
  TimeoutError,
  timeoutMiddleware,
  type OperationSpec,
  type Page,
  type PipelineOptions,
  type RetryConfig,
  type TimeoutMiddlewareOptions,
} from "../src/index";
import { json, startFaultServer, status, type FaultServer } from "@syncline/test-utils";

// No waiting between attempts: these tests are about which attempts happen, not when.
const instant: RetryConfig = { backoff: { initialInterval: 0, maxInterval: 0 } };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

const create: OperationSpec = { name: "things.create", method: "POST", path: "/things", required: ["requestBody"], body: true, json: true };
const patch: OperationSpec = { name: "things.patch", method: "PATCH", path: "/things/{id}", body: true, json: true };
const unlink: OperationSpec = { ...patch, name: "things.unlink", idempotent: true };
const get: OperationSpec = { name: "things.get", method: "GET", path: "/things/{id}", json: true };
const remove: OperationSpec = { name: "things.delete", method: "DELETE", path: "/things/{id}" };
const list: OperationSpec = { name: "things.list", method: "GET", path: "/things", queryParams: ["page"], json: true };

function client(options: PipelineOptions = {}, baseUrl = server.url) {
  return createOperationClient({ baseUrl, pipeline: createPipeline({ retries: instant, ...options }) });
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as SynclineError,
  );

describe("1. a POST or PATCH is sent again only when the server surely did not act on it", () => {
  it.each([
    ["a 502", status(502)],
    ["a 500", status(500)],
    ["a 408", status(408)],
    ["a reset after the request arrived", { reset: "before-headers" } as const],
    ["a body cut short", { reset: "mid-body" } as const],
  ])("POST after %s: one request, a typed error", async (_, fault) => {
    server.reset([fault]);
    const error = await failure(client().call(create, { requestBody: { name: "n" } }));
    expect(error).toBeInstanceOf(SynclineError);
    expect(server.requests).toHaveLength(1);
  });

  it("POST after a timeout: one request, a TimeoutError", async () => {
    server.reset([{ hang: true }]);
    // Long enough for the request to arrive even on a busy machine: the point is that nothing follows it.
    const error = await failure(client({ timeoutMs: 1000 }).call(create, { requestBody: {} }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["429", status(429)],
    ["503", status(503)],
  ])("POST after a %s is retried: the server turned it away unprocessed", async (_, fault) => {
    server.reset([fault], json(201, { id: "t1" }));
    expect(await client().call(create, { requestBody: {} })).toEqual({ id: "t1" });
    expect(server.requests).toHaveLength(2);
  });

  it("POST to a port nobody listens on is retried: no connection, nothing processed", async () => {
    const closed = await startFaultServer();
    await closed.close();
    const error = await failure(client({ retries: { ...instant, maxAttempts: 3 } }, closed.url).call(create, { requestBody: {} }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: "ECONNREFUSED", requestSent: false, method: "POST" });
    expect(error.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/things failed: could not connect \(ECONNREFUSED\) \(after 3 attempts/);
  });

  it("PATCH after a 502 is not retried; an operation marked idempotent is", async () => {
    server.reset([status(502)]);
    await failure(client().call(patch, { id: "t1", requestBody: {} }));
    expect(server.requests).toHaveLength(1);
    server.reset([status(502)], json(200, { ok: true }));
    expect(await client().call(unlink, { id: "t1", requestBody: {} })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("GET, PUT and DELETE keep full retries (502, reset, timeout)", async () => {
    server.reset([status(502), { reset: "before-headers" }, { hang: true }], json(200, { ok: true }));
    expect(await client({ timeoutMs: 1000 }).call(get, { id: "t1" })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(4);
    server.reset([status(502)], { status: 204 });
    expect(await client().call(remove, { id: "t1" })).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("an idempotencyKey is sent as Idempotency-Key and allows full retries, the same key on every attempt", async () => {
    server.reset([status(502), { reset: "before-headers" }], json(201, { id: "t1" }));
    expect(await client().call(create, { requestBody: {} }, { idempotencyKey: "create-t1" })).toEqual({ id: "t1" });
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["create-t1", "create-t1", "create-t1"]);
  });

  it("retryNonIdempotent opts a client (or a call) into full retries", async () => {
    server.reset([status(502)], json(201, { id: "t1" }));
    expect(await client({ retries: { ...instant, retryNonIdempotent: true } }).call(create, { requestBody: {} })).toEqual({ id: "t1" });
    expect(server.requests).toHaveLength(2);
    server.reset([status(502)], json(201, { id: "t1" }));
    expect(await client().call(create, { requestBody: {} }, { retries: { retryNonIdempotent: true } })).toEqual({ id: "t1" });
    expect(server.requests).toHaveLength(2);
  });
});

describe("2. the caller's abort settles the call at any point, body included", () => {
  it("an endless body, with timeoutMs set: the abort ends it at once, and the connection is closed", async () => {
    server.reset([{ endlessBody: { chunkBytes: 64 * 1024, everyMs: 1 } }]);
    const controller = new AbortController();
    const pending = failure(client({ timeoutMs: 30_000, maxResponseBytes: 1024 ** 3 }).call(get, { id: "t1" }, { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(performance.now() - abortedAt).toBeLessThan(1000); // at once, not at the 30 s timeout
    expect(server.requests).toHaveLength(1);
    await expect.poll(() => server.requests[0]!.closedAt).toBeDefined();
  });

  it("through client.fetch too: the returned Response is complete, so an abort cannot leave a body streaming", async () => {
    server.reset([{ endlessBody: { chunkBytes: 16 * 1024, everyMs: 1 } }]);
    const controller = new AbortController();
    const pending = failure(pipelineFetch(createPipeline({ timeoutMs: 30_000 }))(new Request(`${server.url}/x`), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toBeInstanceOf(RequestAbortedError);
  });

  it("through client.fetch with the signal on the Request itself, after a garbage collection too", async () => {
    // A Request's signal follows the caller's only while that Request lives (nodejs/undici#3644): the call keeps it.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    server.reset([{ endlessBody: { chunkBytes: 16 * 1024, everyMs: 5 } }]);
    const controller = new AbortController();
    const pending = failure(pipelineFetch(createPipeline({ timeoutMs: 30_000 }))(new Request(`${server.url}/x`, { signal: controller.signal })));
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      gc();
    }
    controller.abort();
    const settled = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("still running 2 s after the abort"), 2000))]);
    expect(settled).toBeInstanceOf(RequestAbortedError);
  });

  it("the CommonJS build too", async () => {
    const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof import("../src/index");
    server.reset([{ endlessBody: { chunkBytes: 16 * 1024, everyMs: 1 } }]);
    const controller = new AbortController();
    const core = cjs.createOperationClient({ baseUrl: server.url, pipeline: cjs.createPipeline({ timeoutMs: 30_000 }) });
    const pending = failure(core.call(get, { id: "t1" }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const error = await pending;
    expect(error).toBeInstanceOf(cjs.RequestAbortedError);
    expect(error).toBeInstanceOf(RequestAbortedError);
  });

  it("with a fetch whose body ignores the signal (a custom fetch), the abort still settles the call", async () => {
    // A body that yields a chunk every millisecond and knows nothing of any signal.
    const endless = () => {
      let timer: ReturnType<typeof setInterval>;
      const stream = new ReadableStream({
        start: (controller) => {
          timer = setInterval(() => controller.enqueue(new Uint8Array(1024)), 1);
        },
        cancel: () => clearInterval(timer),
      });
      return new Response(stream);
    };
    const controller = new AbortController();
    const pending = failure(client({ fetch: async () => endless() }).call(get, { id: "t1" }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(RequestAbortedError);
  });

  it("with a custom fetch whose body stalls and ignores the signal, the timeout cancels the read and settles the call", async () => {
    let cancelled = false;
    const stalled = () =>
      new Response(
        new ReadableStream({
          start: (controller) => controller.enqueue(new TextEncoder().encode('{"results": [')),
          cancel: () => {
            cancelled = true;
          },
        }),
      );
    const started = Date.now();
    const error = await failure(client({ fetch: async () => stalled(), timeoutMs: 200, retries: false }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(cancelled).toBe(true);
  });

  // Before any byte is sent: what the attempt waits on may not watch the signal itself.
  const never = () => new Promise<never>(() => {});
  it.each([
    ["a token function that never answers", { auth: bearerAuth(never) }],
    ["a custom fetch that ignores the signal", { fetch: never }],
  ])("while waiting on %s", async (_, options) => {
    const controller = new AbortController();
    const pending = failure(client({ ...options, timeoutMs: 30_000 }).call(get, { id: "t1" }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const settled = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("still running 2 s after the abort"), 2000))]);
    expect(settled).toBeInstanceOf(RequestAbortedError);
  });
});

describe("3. timeouts cover the whole attempt, there is a default, and bodies are capped", () => {
  it("timeoutMs covers reading the body: a body that never ends times out", async () => {
    server.reset([], { endlessBody: { chunkBytes: 10, everyMs: 20 } });
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 200, retries: false }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200, method: "GET" });
    expect(performance.now() - started).toBeLessThan(2000); // not the 5 s test timeout
  });

  it.each([
    ["a token function that never answers", { auth: bearerAuth(() => new Promise<never>(() => {})) }],
    ["a custom fetch that ignores the signal", { fetch: () => new Promise<never>(() => {}) }],
  ])("timeoutMs covers waiting on %s", async (_, options) => {
    const settled = await Promise.race([
      failure(client({ ...options, timeoutMs: 100, retries: false }).call(get, { id: "t1" })),
      new Promise((resolve) => setTimeout(() => resolve("still running 2 s after the timeout"), 2000)),
    ]);
    expect(settled).toBeInstanceOf(TimeoutError);
  });

  it("without any option a call has a timeout (DEFAULT_TIMEOUT_MS), and a per-operation one comes before it", async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
    server.reset([], { hang: true });
    const slow: OperationSpec = { ...get, timeoutMs: 150 };
    const error = await failure(client({ retries: false }).call(slow, { id: "t1" }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(150);
    // The client's own timeoutMs wins over the operation's.
    const clientWide = await failure(client({ retries: false, timeoutMs: 100 }).call(slow, { id: "t1" }));
    expect((clientWide as TimeoutError).timeoutMs).toBe(100);
  });

  it("an endless 200 body stops at maxResponseBytes with a ResponseTooLargeError; memory stays bounded", async () => {
    server.reset([], { endlessBody: { chunkBytes: 64 * 1024, everyMs: 1 } });
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const error = await failure(client({ maxResponseBytes: 2 * 1024 * 1024 }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ maxResponseBytes: 2 * 1024 * 1024, status: 200, method: "GET" });
    expect(server.requests).toHaveLength(1); // not retried: it would fail the same way
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });

  it("a declared Content-Length over the cap fails before the body is read", async () => {
    server.reset([{ status: 200, body: "x".repeat(5000) }]);
    const error = await failure(client({ maxResponseBytes: 1000 }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });
});

describe("4. every failure is a typed error carrying what is known", () => {
  it("a 2xx body that is not JSON is an InvalidResponseError with status, headers, request id, method and URL", async () => {
    server.reset([status(200, { "x-request-id": "r-1" }, "<html>maintenance</html>")]);
    const error = await failure(client().call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, requestId: "r-1", method: "GET", url: `${server.url}/things/t1`, rawBody: "<html>maintenance</html>" });
    expect(error.headers?.get("x-request-id")).toBe("r-1");
  });

  it("a 429 with no retry left is a RateLimitError saying how long the API asks to wait", async () => {
    server.reset([], status(429, { "retry-after": "30" }));
    const error = await failure(client({ retries: { ...instant, maxAttempts: 2 } }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(2);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
  });

  it("a dead server's error, after retries, says how many attempts were made and how long they took", async () => {
    const closed = await startFaultServer();
    await closed.close();
    const started = Date.now();
    const error = await failure(client({ retries: { ...instant, maxAttempts: 3 } }, closed.url).call(create, { requestBody: {} }));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ConnectionError);
    const [, ms] = error.message.match(/could not connect \(ECONNREFUSED\) \(after 3 attempts in (\d+) ms\)$/) ?? [];
    expect(Number(ms)).toBeLessThanOrEqual(elapsed);
  });

  it("an error status after retries says how many attempts were made and how long they took", async () => {
    server.reset([], { delayMs: 30, answer: status(503, { "x-request-id": "r-3" }) });
    const error = await failure(client({ retries: { ...instant, maxAttempts: 3 } }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(3);
    const [, ms] = error.message.match(/^HTTP 503 .*\[request id r-3\] \(after 3 attempts in (\d+) ms\)$/) ?? [];
    // Three answers that take 30 ms each.
    expect(Number(ms)).toBeGreaterThanOrEqual(85);
  });

  it("a call made once says nothing of attempts", async () => {
    server.reset([], status(503));
    const error = await failure(client({ retries: false }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).not.toContain("attempt");
  });

  it("a truncated JSON body with a complete Content-Length is an InvalidResponseError", async () => {
    server.reset([status(200, {}, '{"results": [1, 2')]);
    expect(await failure(client().call(get, { id: "t1" }))).toBeInstanceOf(InvalidResponseError);
  });

  it("an empty 200 where the operation documents a JSON body is an InvalidResponseError, not undefined", async () => {
    server.reset([status(200, {}, "")]);
    const error = await failure(client().call(list, {}));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain("empty body");
  });

  it("a body cut mid-way is a ConnectionError (and a GET is retried past it)", async () => {
    server.reset([], { reset: "mid-body" });
    const error = await failure(client({ retries: { ...instant, maxAttempts: 2 } }).call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ requestSent: true });
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ["a page without results", { totalResults: 1 }],
    ["results that are not an array", { results: "x", totalResults: 1, pageSize: 1, pageNumber: 1 }],
    ["null", null],
  ])("listAll on %s is an InvalidResponseError", async (_, body) => {
    server.reset([], json(200, body));
    const pages = paginate((page) => client().call<Page<unknown>>(list, { page }));
    await expect(pages.next()).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe("5. deterministic failures are not retried, and name their cause", () => {
  it("a redirect loop: one round of redirects, a RequestFailedError, the budget untouched", async () => {
    server.reset([], (_, request) => ({ status: 302, headers: { location: request.path } }));
    const pipeline = createPipeline({ retries: instant, retryBudget: { capacity: 10, retryCost: 5 } });
    const core = createOperationClient({ baseUrl: server.url, pipeline });
    const error = await failure(core.call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(RequestFailedError);
    expect(error.message).toContain("redirect count exceeded");
    expect(server.requests.length).toBe(21); // fetch's own 20 redirects, once
    // The next real 503 still gets its retry: the loop spent nothing.
    server.reset([status(503)], json(200, { ok: true }));
    expect(await core.call(get, { id: "t1" })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("a redirect to ftp: is a RequestFailedError, sent once", async () => {
    server.reset([], { status: 302, headers: { location: "ftp://127.0.0.1/x" } });
    const error = await failure(client().call(get, { id: "t1" }));
    expect(error).toBeInstanceOf(RequestFailedError);
    expect(server.requests).toHaveLength(1);
  });

  it("a port fetch blocks, and a header fetch refuses, fail at once without a retry", async () => {
    let sent = 0;
    const counting: typeof fetch = (input, init) => {
      sent++;
      return fetch(input, init);
    };
    const blocked = await failure(client({ fetch: counting }, "http://127.0.0.1:10080").call(get, { id: "t1" }));
    expect(blocked).toBeInstanceOf(RequestFailedError);
    expect(blocked.message).toContain("bad port");
    expect(sent).toBe(1);
    const header = await failure(client({ fetch: counting }).call(get, { id: "t1" }, { headers: { "transfer-encoding": "chunked" } }));
    expect(header).toBeInstanceOf(RequestFailedError);
    expect(sent).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe("8. smaller edges", () => {
  it("garbage Retry-After (-5, '1 2') falls back to the backoff instead of a 0 ms wait", async () => {
    server.reset([status(503, { "retry-after": "-5" }), status(503, { "retry-after": "1 2" })]);
    const waits: number[] = [];
    const response = await runWithRetries({
      policy: resolveRetryPolicy({ backoff: { initialInterval: 400, maxInterval: 400, exponent: 1 } }),
      repeatable: true,
      describe: () => "GET /x",
      attempt: async () => ({ response: await fetch(`${server.url}/x`), body: null }),
      random: () => 0.5,
      // Record the waits instead of sleeping through them.
      sleep: async (ms) => void waits.push(ms),
    });
    expect(response.response.status).toBe(200);
    expect(waits).toEqual([200, 200]); // the backoff's half-way point each time: neither header was taken as a date
  });

  it("timeoutMs above 2^31-1 ms is refused, not turned into a 1 ms timeout", () => {
    expect(() => createPipeline({ timeoutMs: 2 ** 31 })).toThrow("timeoutMs must be a number of milliseconds from 1 to 2147483647");
  });

  it("a bad timeoutMs or maxResponseBytes is refused when the client is made, on a call, and a middleware needs its timeout", async () => {
    expect(() => createPipeline({ maxResponseBytes: 0 })).toThrow("maxResponseBytes must be a positive whole number of bytes");
    await expect(client().call(get, { id: "t1" }, { timeoutMs: 0 })).rejects.toThrow("timeoutMs must be a number of milliseconds");
    await expect(client().call(get, { id: "t1" }, { maxResponseBytes: 1.5 })).rejects.toThrow("maxResponseBytes must be a positive whole number");
    expect(server.requests).toHaveLength(0);
    expect(() => timeoutMiddleware({} as TimeoutMiddlewareOptions)).toThrow("timeoutMs must be a number of milliseconds");
  });

  it("one AbortSignal reused across 200 calls collects no listeners and no MaxListeners warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const signal = new AbortController().signal;
    const core = client();
    server.reset([], json(200, { ok: true }));
    for (let i = 0; i < 200; i++) await core.call(get, { id: "t1" }, { signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off("warning", onWarning);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("listAll stops with an InvalidResponseError when the server ignores page", async () => {
    const page1 = { results: [{ id: 1 }, { id: 2 }], pageNumber: 1, pageSize: 2, totalResults: 1_000_000, _links: { next: { href: "/things?page=2" } } };
    server.reset([], json(200, page1));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginate((page) => client().call<Page<unknown>>(list, { page }))) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("ignores the page parameter");
    expect(server.requests).toHaveLength(2);
    // Without pageNumber, a repeated page is caught too.
    const { pageNumber: _, ...unnumbered } = page1;
    server.reset([], json(200, unnumbered));
    await expect(
      (async () => {
        for await (const __ of paginate((page) => client().call<Page<unknown>>(list, { page })));
      })(),
    ).rejects.toThrow("repeats the page before it");
    expect(server.requests).toHaveLength(2);
  });

  it("newlines and terminal escapes from the API are not copied into messages, and a 20 MB error field is cut", async () => {
    server.reset([json(400, { error: "bad\n\u001b[31mred\u001b[0m\r\nFAKE LOG LINE" }), json(500, { error: "y".repeat(20 * 1024 * 1024) })]);
    const first = await failure(client().call(get, { id: "t1" }));
    expect(first.message).toBe(`HTTP 400 Bad Request: bad red FAKE LOG LINE (GET ${server.url}/things/t1)`);
    const huge = await failure(client({ retries: false, maxResponseBytes: 64 * 1024 * 1024 }).call(get, { id: "t1" }));
    expect(huge).toBeInstanceOf(ServerError);
    expect(huge.message.length).toBeLessThan(500);
  });

  it("objects and arrays as path parameters are refused before sending", async () => {
    await expect(client().call(get, { id: { a: 1 } })).rejects.toThrow('things.get: path parameter "id" must be a string or number, got object');
    await expect(client().call(get, { id: ["a", "b"] })).rejects.toThrow('path parameter "id" must be a string or number, got an array');
    expect(server.requests).toHaveLength(0);
  });

  it("a base URL with a query, a fragment or credentials is refused at creation; plain http to a remote host warns", () => {
    const pipeline = createPipeline();
    const refused = "baseUrl must be an absolute http(s) URL without query, fragment or credentials";
    expect(() => createOperationClient({ baseUrl: "https://api.codat.io?x=1", pipeline })).toThrow(`${refused}, got "https://api.codat.io?x=1"`);
    expect(() => createOperationClient({ baseUrl: "https://api.codat.io/#x", pipeline })).toThrow(refused);
    expect(() => createOperationClient({ baseUrl: "https://user:pw@api.codat.io", pipeline })).toThrow(`${refused}, got a URL with credentials`);
    expect(() => createOperationClient({ baseUrl: "api.codat.io", pipeline })).toThrow(refused);
    expect(() => createOperationClient({ baseUrl: "ftp://api.codat.io", pipeline })).toThrow(refused);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      createOperationClient({ baseUrl: "http://127.0.0.1:4010", pipeline });
      createOperationClient({ baseUrl: "http://localhost:4010", pipeline });
      expect(warnings).toEqual([]);
      createOperationClient({ baseUrl: "http://api.example.com", pipeline });
      expect(warnings).toEqual(["[syncline] baseUrl http://api.example.com is plain http: credentials will be sent unencrypted"]);
    } finally {
      console.warn = warn;
    }
  });
});

describe("10. every retry field is optional", () => {
  it("retries: { maxAttempts: 3 } compiles and keeps the other defaults", async () => {
    server.reset([], status(503, { "retry-after": "0" }));
    const response = await pipelineFetch(createPipeline({ retries: { maxAttempts: 3 } }))(new Request(`${server.url}/x`));
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });
});
