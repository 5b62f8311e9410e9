// The fault matrix, against a real node:http server on 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BadRequestError,
  bearerAuth,
  codatAuth,
  ConnectionError,
  createApiError,
  createPipeline,
  pipelineFetch,
  NotFoundError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  type RetryConfig,
} from "../src/index";
import { startFaultServer, status, type FaultServer } from "@syncline/test-utils";

const fast: RetryConfig = {
  strategy: "backoff",
  backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 30_000 },
};

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

const get = (path = "/things") => new Request(`${server.url}${path}`);
const gaps = () => server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);

describe("retries", () => {
  it("503, 503, 200 succeeds on attempt 3, numbering each attempt", async () => {
    server.reset([status(503), status(503)]);
    const response = await pipelineFetch(createPipeline({ retries: fast }))(get());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests.map((r) => r.headers["x-syncline-attempt"])).toEqual(["1", "2", "3"]);
  });

  it("waits at least Retry-After seconds after a 429", async () => {
    server.reset([status(429, { "retry-after": "1" })]);
    const pipeline = createPipeline({ retries: { ...fast, backoff: { ...fast.backoff, maxInterval: 5000 } } });
    expect((await pipelineFetch(pipeline)(get())).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(gaps()[0]).toBeGreaterThanOrEqual(990);
  });

  it("honours Retry-After as an HTTP-date", async () => {
    const until = new Date(Date.now() + 2000);
    server.reset([status(503, { "retry-after": until.toUTCString() })]);
    const pipeline = createPipeline({ retries: { ...fast, backoff: { ...fast.backoff, maxInterval: 5000 } } });
    expect((await pipelineFetch(pipeline)(get())).status).toBe(200);
    // HTTP-dates have whole seconds: the wait ends at the truncated second.
    const secondStart = Math.floor(until.getTime() / 1000) * 1000;
    expect(Date.now()).toBeGreaterThanOrEqual(secondStart - 5);
    expect(gaps()[0]).toBeGreaterThan(900);
  });

  it("honours retry-after-ms, capped by maxInterval", async () => {
    server.reset([status(503, { "retry-after-ms": "300" }), status(503, { "retry-after": "30" })]);
    const pipeline = createPipeline({ retries: { ...fast, backoff: { ...fast.backoff, maxInterval: 400 } } });
    expect((await pipelineFetch(pipeline)(get())).status).toBe(200);
    const [first, second] = gaps();
    expect(first).toBeGreaterThanOrEqual(295);
    // Retry-After: 30 s, but maxInterval is 400 ms.
    expect(second).toBeGreaterThanOrEqual(395);
    expect(second).toBeLessThan(1500);
  });

  it("retries a connection reset before headers, and one mid-body (the body is read inside the attempt)", async () => {
    server.reset([{ reset: "before-headers" }, { reset: "mid-body" }]);
    const response = await pipelineFetch(createPipeline({ retries: fast }))(get());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it("gives a ConnectionError once retries run out on resets", async () => {
    server.reset([], { reset: "before-headers" });
    const pipeline = createPipeline({ retries: { ...fast, maxAttempts: 3 } });
    await expect(pipelineFetch(pipeline)(get())).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    [400, BadRequestError],
    [401, UnauthorizedError],
    [404, NotFoundError],
  ])("does not retry %i, and it becomes %o", async (code, ErrorClass) => {
    server.reset([status(code, {}, JSON.stringify({ statusCode: code, error: "nope", correlationId: "corr-1" }))]);
    const response = await pipelineFetch(createPipeline({ retries: fast }))(get());
    expect(server.requests).toHaveLength(1);
    const error = await createApiError(response, { method: "GET" });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.status).toBe(code);
    expect(error.requestId).toBe("corr-1");
    expect(error.body).toEqual({ statusCode: code, error: "nope", correlationId: "corr-1" });
  });

  it("re-sends the POST body of attempt 3 byte for byte as attempt 1 (an Idempotency-Key allows retrying a 500)", async () => {
    server.reset([status(500), status(502)]);
    const body = JSON.stringify({ platformKey: "gbol", note: "naïve café ☕", n: [1, 2, 3] });
    const request = new Request(`${server.url}/companies/c/connections`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "idempotency-key": "k-1" },
    });
    expect((await pipelineFetch(createPipeline({ retries: fast }))(request)).status).toBe(200);
    const bodies = server.requests.map((r) => r.body);
    expect(bodies).toHaveLength(3);
    expect(bodies[2]!.equals(bodies[0]!)).toBe(true);
    expect(bodies[0]!.toString("utf8")).toBe(body);
    expect(server.requests.map((r) => r.headers["content-type"])).toEqual(Array(3).fill("application/json"));
  });

  it("stops retrying at maxElapsedTime", async () => {
    server.reset([], status(503));
    const pipeline = createPipeline({
      retries: { strategy: "backoff", backoff: { initialInterval: 100, maxInterval: 100, exponent: 1, maxElapsedTime: 400 }, maxAttempts: 50 },
      retryBudget: false,
    });
    const started = performance.now();
    const response = await pipelineFetch(pipeline)(get());
    expect(response.status).toBe(503);
    // Well under 50 attempts of 100 ms; loose enough for a busy CI machine.
    expect(performance.now() - started).toBeLessThan(400 + 1000);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.length).toBeLessThan(50);
  });

  it("makes at most maxAttempts attempts", async () => {
    server.reset([], status(503));
    const response = await pipelineFetch(createPipeline({ retries: { ...fast, maxAttempts: 4 } }))(get());
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(4);
  });

  it("does not retry with retries: false or strategy none, per client and per call", async () => {
    server.reset([], status(503));
    expect((await pipelineFetch(createPipeline({ retries: false }))(get())).status).toBe(503);
    expect((await pipelineFetch(createPipeline({ retries: { strategy: "none" } }))(get())).status).toBe(503);
    expect((await pipelineFetch(createPipeline({ retries: fast }))(get(), { retries: false })).status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it("lets a call turn retries on when the client has them off", async () => {
    server.reset([status(503)]);
    expect((await pipelineFetch(createPipeline({ retries: false }))(get(), { retries: fast })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });
});

describe("timeouts and aborts", () => {
  it("turns a server that never answers into a TimeoutError within timeoutMs per attempt", async () => {
    server.reset([], { hang: true });
    const pipeline = createPipeline({ retries: { ...fast, maxAttempts: 2 }, timeoutMs: 200 });
    const started = performance.now();
    const error = await pipelineFetch(pipeline)(get()).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect(server.requests).toHaveLength(2);
    // Two attempts of 200 ms, one short backoff, small slack.
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(400 + 50 + 1500); // far from the 5 s a missing timeout would take
  });

  it("a mid-body reset of the last attempt is a ConnectionError, never a Response whose body fails later", async () => {
    server.reset([{ reset: "mid-body" }]);
    await expect(pipelineFetch(createPipeline({ retries: false }))(get())).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it("gives each attempt a fresh timer (a slow first attempt does not eat the second's time)", async () => {
    server.reset([
      { delayMs: 1000, answer: status(200) },
      { delayMs: 150, answer: status(200) },
    ]);
    const response = await pipelineFetch(createPipeline({ retries: fast, timeoutMs: 250 }))(get());
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("a per-call timeout overrides the client's", async () => {
    server.reset([], { hang: true });
    const started = performance.now();
    await expect(pipelineFetch(createPipeline({ retries: false, timeoutMs: 5000 }))(get(), { timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(2000); // far from the client's 5 s, with room for a loaded CI machine
  });

  it("rejects at once when the caller aborts during a backoff wait, and never retries", async () => {
    server.reset([status(503, { "retry-after": "10" })]);
    const controller = new AbortController();
    const pipeline = createPipeline({ retries: { ...fast, backoff: { ...fast.backoff, maxInterval: 60_000 } } });
    const pending = pipelineFetch(pipeline)(get(), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(performance.now() - abortedAt).toBeLessThan(1000); // not the 10 s Retry-After
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it("a caller's abort during an attempt is a RequestAbortedError, not retried", async () => {
    server.reset([], { hang: true });
    const signal = AbortSignal.timeout(100);
    const request = new Request(`${server.url}/slow`, { signal });
    await expect(pipelineFetch(createPipeline({ retries: fast, timeoutMs: 5000 }))(request)).rejects.toBeInstanceOf(RequestAbortedError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("retry budget", () => {
  it("empties under a permanently failing server, then calls fail fast; successes refill it", async () => {
    server.reset([], status(503));
    const pipeline = createPipeline({ retries: { ...fast, maxAttempts: 10 }, retryBudget: { capacity: 20, retryCost: 5, successReward: 1 } });
    expect((await pipelineFetch(pipeline)(get())).status).toBe(503);
    expect(server.requests).toHaveLength(5); // 1 + 4 retries paid by 20 tokens
    server.reset([], status(503));
    expect((await pipelineFetch(pipeline)(get())).status).toBe(503);
    expect(server.requests).toHaveLength(1); // fails fast with its own last response

    server.reset([], status(200));
    for (let i = 0; i < 5; i++) expect((await pipelineFetch(pipeline)(get())).status).toBe(200); // +1 token each
    server.reset([], status(503));
    expect((await pipelineFetch(pipeline)(get())).status).toBe(503);
    expect(server.requests).toHaveLength(2); // one retry again
  });
});

describe("auth per attempt", () => {
  it("fetches a rotating bearer token again for every attempt", async () => {
    server.reset([status(503), status(503)]);
    let calls = 0;
    const pipeline = createPipeline({ retries: fast, auth: bearerAuth(async () => `token-${++calls}`) });
    expect((await pipelineFetch(pipeline)(get())).status).toBe(200);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2", "Bearer token-3"]);
  });

  it("sends Codat's Basic header and the client header on every attempt", async () => {
    server.reset([status(503)]);
    const pipeline = createPipeline({ retries: fast, auth: codatAuth({ apiKey: "k-123" }), client: "@syncline/test/1.0.0" });
    await pipelineFetch(pipeline)(get());
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from("k-123").toString("base64")}`);
      expect(request.headers["x-syncline-client"]).toBe("@syncline/test/1.0.0");
    }
  });
});

describe("error bodies", () => {
  it("keeps a non-JSON error body (an HTML 502 from a proxy) and still types the error", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
    server.reset([], status(502, { "content-type": "text/html", "x-request-id": "req-9" }, html));
    const response = await pipelineFetch(createPipeline({ retries: { ...fast, maxAttempts: 2 } }))(get());
    const error = await createApiError(response);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.rawBody).toBe(html);
    expect(error.body).toBe(html);
    expect(error.requestId).toBe("req-9");
    expect(error.message).toContain("HTTP 502");
    expect(error.message).toContain("502 Bad Gateway nginx");
  });
});

describe("connection errors", () => {
  it("retries a refused connection, then gives a ConnectionError naming the request", async () => {
    const closed = await startFaultServer();
    const url = closed.url;
    await closed.close();
    const error = await pipelineFetch(createPipeline({ retries: { ...fast, maxAttempts: 3 } }))(new Request(`${url}/x`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/x failed: could not connect \(ECONNREFUSED\) \(after 3 attempts in \d+ ms\)$/);
  });
});
