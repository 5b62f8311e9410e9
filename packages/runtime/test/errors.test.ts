import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  apiErrorFrom,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
  ServerError,
  SynclineError,
  UnauthorizedError,
  UnprocessableEntityError,
} from "../src/errors";

const from = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  apiErrorFrom({ status, headers: new Headers(headers), body, method: "GET", url: "https://api.codat.io/companies/c/connections?page=2" });

describe("typed API errors", () => {
  it.each([
    [400, BadRequestError],
    [401, UnauthorizedError],
    [402, PaymentRequiredError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
  ])("%i becomes %o, an ApiError and a SynclineError", (status, ErrorClass) => {
    const error = from(status, { error: "x" });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(SynclineError);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.stack?.split("\n")[0]).toBe(`${ErrorClass.name}: ${error.message}`);
  });

  it("an unlisted 4xx is a plain ApiError", () => {
    const error = from(418, "teapot");
    expect(error.constructor).toBe(ApiError);
  });

  it("Codat: message has status, the API's text and correlationId as the request id", () => {
    const error = from(404, { statusCode: 404, service: "PublicApi", error: "Data connection abc not found", correlationId: "corr-42" });
    expect(error.requestId).toBe("corr-42");
    expect(error.message).toBe("HTTP 404: Data connection abc not found (GET https://api.codat.io/companies/c/connections) [request id corr-42]");
  });

  it("Powens: code and description, request_id as the request id", () => {
    const error = from(400, { code: "wrongpass", description: "Wrong password", message: null, request_id: "req-1" });
    expect(error.requestId).toBe("req-1");
    expect(error.message).toContain("wrongpass: Wrong password");
  });

  describe("RateLimitError.retryAfterMs: how long the API asks to wait, read as the retries read it", () => {
    afterEach(() => vi.useRealTimers());
    it.each([
      [{ "retry-after": "7" }, 7000],
      [{ "retry-after": "1.5" }, 1500],
      [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
      [{ "retry-after": "soon" }, undefined],
      [{}, undefined],
    ])("%o -> %s", (headers, expected) => {
      const error = from(429, { error: "Too many requests" }, headers);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(expected);
    });

    it("an HTTP-date counts from when it is read", () => {
      vi.useFakeTimers({ now: Date.parse("2026-12-06T12:00:00Z") });
      const error = from(429, "", { "retry-after": "Sun, 06 Dec 2026 12:00:10 GMT" }) as RateLimitError;
      expect(error.retryAfterMs).toBe(10_000);
      vi.setSystemTime(Date.parse("2026-12-06T12:00:04Z"));
      expect(error.retryAfterMs).toBe(6000);
    });
  });

  it("falls back to the x-request-id header", () => {
    expect(from(500, "oops", { "x-request-id": "hdr-1" }).requestId).toBe("hdr-1");
  });

  it("parses a raw JSON body, keeps a non-JSON one as text", () => {
    const json = apiErrorFrom({ status: 409, headers: new Headers(), rawBody: '{"code":"connectionLocked","description":"busy"}' });
    expect(json.body).toEqual({ code: "connectionLocked", description: "busy" });
    const text = apiErrorFrom({ status: 502, headers: new Headers(), rawBody: "<h1>Bad gateway</h1>" });
    expect(text.body).toBe("<h1>Bad gateway</h1>");
    expect(text.message).toBe("HTTP 502: Bad gateway");
  });

  it("serializes to JSON with status, request id and body", () => {
    const error = from(404, { error: "gone", correlationId: "c" });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "NotFoundError",
      message: error.message,
      status: 404,
      requestId: "c",
      method: "GET",
      url: "https://api.codat.io/companies/c/connections?page=2",
      body: { error: "gone", correlationId: "c" },
    });
  });
});

describe("secrets in an error body", () => {
  it("a parsed body that echoes a credential is redacted too, not only the message and raw text", () => {
    const key = "sk-live-abcdef123456";
    const error = apiErrorFrom({ status: 401, headers: new Headers(), body: { error: `Invalid key ${key}`, correlationId: "c-9" }, secrets: [key] });
    expect(error.body).toEqual({ error: "Invalid key [REDACTED]", correlationId: "c-9" });
    expect(error.rawBody).not.toContain(key);
    expect(error.message).toBe("HTTP 401: Invalid key [REDACTED] [request id c-9]");
  });
});

describe("a hostile error body nested thousands of levels deep", () => {
  const key = "sk/live+abcdef123456";
  // 10,000 levels: JSON.parse takes it, but recursive code (redaction, JSON.stringify) overflows the stack.
  const deep = (inner: string) => `${"[".repeat(10_000)}${inner}${"]".repeat(10_000)}`;

  it("is still a typed error whose body is not shown (nor an escaped credential in it), and it serializes", () => {
    const rawBody = deep(`{"error":"key ${key.replace("/", "\\u002f")}"}`);
    const error = apiErrorFrom({ status: 400, headers: new Headers(), rawBody, secrets: [key] });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.body).toBe("(an error body nested more than 100 levels deep: not shown)");
    expect(error.rawBody).toBe(error.body);
    expect(error.message).toBe("HTTP 400: (an error body nested more than 100 levels deep: not shown)");
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it("without credentials to redact too: the error serializes", () => {
    const error = apiErrorFrom({ status: 500, headers: new Headers(), rawBody: deep("1") });
    expect(error).toBeInstanceOf(ServerError);
    expect(() => JSON.stringify(error)).not.toThrow();
  });
});
