/**
 * Retry configuration, in the shape users of Codat's SDKs know
 * (`x-speakeasy-retries`), plus a max-attempts cap.
 */
export interface BackoffOptions {
  /** First delay, ms. Default 500. */
  initialInterval?: number;
  /** Cap on one delay (also caps Retry-After), ms. Default 60 000. */
  maxInterval?: number;
  /** Growth factor per attempt. Default 1.5. */
  exponent?: number;
  /** Stop retrying once this much time has passed since the first attempt, ms. Default 3 600 000. */
  maxElapsedTime?: number;
}

export type RetryConfig =
  | { strategy: "none" }
  | {
      strategy: "backoff";
      backoff?: BackoffOptions;
      /** Retry network failures and per-attempt timeouts. Default true. */
      retryConnectionErrors?: boolean;
      /** Statuses to retry: numbers or ranges like "5XX". Default [408, 429, "5XX"]. */
      statusCodes?: (number | string)[];
      /** Attempts in all, the first included. Default 10. */
      maxAttempts?: number;
    };

/** What a client or call accepts: a config, or `false` for no retries. */
export type RetriesOption = RetryConfig | false;

export interface RetryPolicy {
  initialInterval: number;
  maxInterval: number;
  exponent: number;
  maxElapsedTime: number;
  retryConnectionErrors: boolean;
  maxAttempts: number;
  retriesStatus(status: number): boolean;
}

export const DEFAULT_RETRY_CONFIG = {
  strategy: "backoff",
  backoff: { initialInterval: 500, maxInterval: 60_000, exponent: 1.5, maxElapsedTime: 3_600_000 },
  retryConnectionErrors: true,
  statusCodes: [408, 429, "5XX"],
  maxAttempts: 10,
} as const satisfies RetryConfig;

/** Resolves a config (or `false`) to a policy; `null` means do not retry. Fields left out take the defaults. */
export function resolveRetryPolicy(option: RetriesOption | undefined): RetryPolicy | null {
  const config = option ?? DEFAULT_RETRY_CONFIG;
  if (config === false || config.strategy === "none") return null;
  if (config.strategy !== "backoff") {
    throw new TypeError(`retries.strategy must be "backoff" or "none", got ${JSON.stringify((config as { strategy: unknown }).strategy)}`);
  }
  const backoff = { ...DEFAULT_RETRY_CONFIG.backoff, ...config.backoff };
  for (const [key, value] of Object.entries(backoff)) {
    if (!(Number.isFinite(value) && value >= 0)) throw new TypeError(`retries.backoff.${key} must be a non-negative number`);
  }
  const { maxAttempts = 10, retryConnectionErrors = true, statusCodes = DEFAULT_RETRY_CONFIG.statusCodes } = config;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError("retries.maxAttempts must be an integer >= 1");
  return { ...backoff, retryConnectionErrors, maxAttempts, retriesStatus: statusMatcher(statusCodes) };
}

/** Matches statuses against numbers and ranges such as "5XX" or "42X". */
export function statusMatcher(codes: readonly (number | string)[]): (status: number) => boolean {
  const alternatives = codes.map((code) => {
    const text = String(code).toUpperCase();
    if (!/^\d[\dX]{2}$/.test(text)) throw new TypeError(`retries.statusCodes: ${JSON.stringify(code)} is not a status or a range like "5XX"`);
    return text.replaceAll("X", "."); // statuses are three digits
  });
  // One regular expression for the whole list: a single test per response.
  const pattern = new RegExp(`^(${alternatives.join("|")})$`);
  return (status) => pattern.test(String(status));
}

/**
 * Delay before retry number `retry` (1 for the first retry): full jitter,
 * uniform in [0, min(maxInterval, initialInterval * exponent^(retry-1))].
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxInterval, policy.initialInterval * policy.exponent ** (retry - 1)));
}

const SECONDS = /^\s*\d+(\.\d+)?\s*$/;

/**
 * How long the server asked us to wait, in ms: `retry-after-ms`, or
 * `Retry-After` as seconds or an HTTP-date. Undefined when absent or unparsable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms && SECONDS.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get("retry-after") ?? "";
  if (SECONDS.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return isNaN(date) ? undefined : Math.max(0, date - now);
}
