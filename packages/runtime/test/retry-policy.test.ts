import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../src/retry-after";
import { backoffDelay, DEFAULT_RETRY_CONFIG, resolveRetryPolicy, statusMatcher } from "../src/retry-policy";

describe("resolveRetryPolicy", () => {
  it("defaults to Codat's published policy plus a 10-attempt cap", () => {
    const policy = resolveRetryPolicy(undefined)!;
    expect(policy).toMatchObject({
      initialInterval: 500,
      maxInterval: 60_000,
      exponent: 1.5,
      maxElapsedTime: 3_600_000,
      retryConnectionErrors: true,
      maxAttempts: 10,
    });
    expect([408, 429, 500, 503, 599].every(policy.retriesStatus)).toBe(true);
    expect([400, 401, 404, 409, 422, 200].some(policy.retriesStatus)).toBe(false);
    expect(DEFAULT_RETRY_CONFIG.statusCodes).toEqual([408, 429, "5XX"]);
  });

  it("fills what a partial config leaves out from the defaults", () => {
    const policy = resolveRetryPolicy({ strategy: "backoff", backoff: { initialInterval: 10 } })!;
    expect(policy).toMatchObject({ initialInterval: 10, maxInterval: 60_000, exponent: 1.5 });
  });

  it("needs no strategy: { maxAttempts: 3 } is a backoff policy with the other defaults", () => {
    expect(resolveRetryPolicy({ maxAttempts: 3 })).toMatchObject({ maxAttempts: 3, initialInterval: 500, retryNonIdempotent: false });
  });

  it("turns false and strategy none into no policy", () => {
    expect(resolveRetryPolicy(false)).toBeNull();
    expect(resolveRetryPolicy({ strategy: "none" })).toBeNull();
  });

  it.each([
    [{ strategy: "sometimes" }, /strategy must be "backoff" or "none"/],
    [{ strategy: "backoff", backoff: { exponent: -1 } }, /backoff.exponent must be a non-negative number/],
    [{ strategy: "backoff", maxAttempts: 0 }, /maxAttempts must be an integer >= 1/],
    [{ strategy: "backoff", statusCodes: ["5xx!"] }, /"5xx!" is not a status or a range/],
  ])("rejects a bad config with a clear message: %o", (config, message) => {
    expect(() => resolveRetryPolicy(config as never)).toThrow(message);
  });
});

describe("statusMatcher", () => {
  it("matches exact codes and X ranges", () => {
    const match = statusMatcher([408, "5XX", "42x"]);
    expect([408, 500, 502, 599, 420, 429].every(match)).toBe(true);
    expect([407, 409, 499, 600, 430].some(match)).toBe(false);
  });
});

describe("backoffDelay (full jitter)", () => {
  const policy = resolveRetryPolicy({ strategy: "backoff", backoff: { initialInterval: 500, maxInterval: 4000, exponent: 2 } })!;

  it("stays within [0, min(maxInterval, initial * exponent^(n-1))] for every retry", () => {
    const ceilings = [500, 1000, 2000, 4000, 4000, 4000];
    ceilings.forEach((ceiling, i) => {
      expect(backoffDelay(i + 1, policy, () => 0)).toBe(0);
      expect(backoffDelay(i + 1, policy, () => 0.999999)).toBe(ceiling - 1);
      for (let sample = 0; sample < 200; sample++) {
        const delay = backoffDelay(i + 1, policy);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    });
  });

  it("never exceeds maxInterval however many retries", () => {
    expect(backoffDelay(60, policy, () => 0.999999)).toBeLessThan(4000);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it.each([
    [{ "retry-after": "1" }, 1000],
    [{ "retry-after": "0.5" }, 500],
    [{ "retry-after": "Mon, 23 Nov 2026 12:00:05 GMT" }, 5000],
    [{ "retry-after": "Mon, 23 Nov 2026 11:59:00 GMT" }, 0],
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
    [{ "retry-after": "soon" }, undefined],
    [{ "retry-after": "-5" }, undefined],
    [{ "retry-after": "1 2" }, undefined],
    [{ "retry-after": "2026-11-23" }, undefined],
    // Dates of the right shape that are no date: not a NaN wait (an instant retry), the backoff.
    [{ "retry-after": "Mon, 99 Nov 2026 12:00:05 GMT" }, undefined],
    [{ "retry-after": "Mon, 23 Nov 2026 25:00:05 GMT" }, undefined],
    [{ "retry-after-ms": "-1", "retry-after": "2" }, 2000],
    [{}, undefined],
  ])("%o -> %s ms", (headers, expected) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(expected);
  });
});
