// Retry configuration and the rules that decide whether one attempt's outcome
// is retried. The config has the shape users of Codat's SDKs know
// (`x-speakeasy-retries`), plus a max-attempts cap and the non-idempotent rule.
import { ConnectionError, TimeoutError, type SynclineError } from "./errors";

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

/** Every field is optional; what is left out takes the default (per call: the client's value). */
export interface RetryConfig {
  /** "backoff" (default) retries; "none" turns retries off. */
  strategy?: "backoff" | "none";
  backoff?: BackoffOptions;
  /** Retry network failures and per-attempt timeouts. Default true. */
  retryConnectionErrors?: boolean;
  /** Statuses to retry: numbers or ranges like "5XX". Default [408, 429, "5XX"]. */
  statusCodes?: (number | string)[];
  /** Attempts in all, the first included. Default 10. */
  maxAttempts?: number;
  /**
   * Retry POST and PATCH after failures the server may have acted on (a
   * timeout, a reset after sending, a 5XX other than 503) as if they were
   * idempotent. Only for APIs that deduplicate them. Default false; a call
   * with an `Idempotency-Key` header is always retried fully.
   */
  retryNonIdempotent?: boolean;
}

/** What a client or call accepts: a config, or `false` for no retries. */
export type RetriesOption = RetryConfig | false;

export interface RetryPolicy {
  initialInterval: number;
  maxInterval: number;
  exponent: number;
  maxElapsedTime: number;
  retryConnectionErrors: boolean;
  maxAttempts: number;
  retryNonIdempotent: boolean;
  retriesStatus(status: number): boolean;
}

export const DEFAULT_RETRY_CONFIG = {
  strategy: "backoff",
  backoff: { initialInterval: 500, maxInterval: 60_000, exponent: 1.5, maxElapsedTime: 3_600_000 },
  retryConnectionErrors: true,
  statusCodes: [408, 429, "5XX"],
  maxAttempts: 10,
  retryNonIdempotent: false,
} as const satisfies RetryConfig;

/** A call's retry config laid over its client's: fields the call leaves out keep the client's values. */
export function mergeRetries(client: RetriesOption | undefined, call: RetriesOption): RetriesOption {
  if (call === false || !client) return call;
  return { ...client, ...call, backoff: { ...client.backoff, ...call.backoff } };
}

/** Resolves a config (or `false`) to a policy; `null` means do not retry. Fields left out take the defaults. */
export function resolveRetryPolicy(option: RetriesOption | undefined): RetryPolicy | null {
  if (option === false) return null;
  const defaults = DEFAULT_RETRY_CONFIG;
  const {
    strategy = defaults.strategy,
    retryConnectionErrors = defaults.retryConnectionErrors,
    statusCodes = defaults.statusCodes,
    maxAttempts = defaults.maxAttempts,
    retryNonIdempotent = defaults.retryNonIdempotent,
  } = option ?? {};
  if (strategy === "none") return null;
  if (strategy !== "backoff") throw new TypeError(`retries.strategy must be "backoff" or "none", got ${JSON.stringify(strategy)}`);
  const backoff: Required<BackoffOptions> = { ...defaults.backoff, ...option?.backoff };
  for (const [key, value] of Object.entries(backoff)) {
    if (!(Number.isFinite(value) && value >= 0)) throw new TypeError(`retries.backoff.${key} must be a non-negative number`);
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError("retries.maxAttempts must be an integer >= 1");
  return { ...backoff, retryConnectionErrors, retryNonIdempotent, maxAttempts, retriesStatus: statusMatcher(statusCodes) };
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

// Methods HTTP defines as idempotent: sending one twice has the effect of sending it once.
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/** Whether a request may be sent again after a failure the server may have acted on. */
export function isRepeatable(method: string, headers: Headers, policy: RetryPolicy, idempotent: boolean | undefined): boolean {
  if (IDEMPOTENT_METHODS.has(method.toUpperCase())) return true;
  // The operation (x-syncline-idempotent) or the caller vouches for it.
  if (idempotent) return true;
  // The API can deduplicate it by this key.
  if (headers.has("idempotency-key")) return true;
  return policy.retryNonIdempotent;
}

/** What one attempt ended with: a response with its whole body, or a typed error. */
export type AttemptOutcome =
  | {
      response: Response;
      body: Uint8Array | null;
      error?: undefined;
      /** Set by runWithRetries on the final outcome: what an error made from it ends its message with. */
      retries?: string;
    }
  | { response?: undefined; error: SynclineError };

/** The kind of retry an outcome warrants (budgets charge timeouts more), or undefined when it is final. */
export type RetryKind = "error" | "timeout";

/**
 * Whether an attempt's outcome is retried, one rule per `if`. `repeatable`
 * says whether the request may be sent again after the server may have acted
 * on it (see `isRepeatable`).
 */
export function retryKind(policy: RetryPolicy, outcome: AttemptOutcome, repeatable: boolean): RetryKind | undefined {
  if (outcome.response) {
    const { status } = outcome.response;
    // Only the statuses the config lists (408, 429, 5XX by default) are worth another try.
    if (!policy.retriesStatus(status)) return undefined;
    // 429 and 503 say the server turned the request away without acting on it: safe for any method.
    if (status === 429 || status === 503) return "error";
    // Any other (408, 500, 502, 504...) may come after the server acted: send again only what may be repeated.
    return repeatable ? "error" : undefined;
  }
  const { error } = outcome;
  if (!policy.retryConnectionErrors) return undefined;
  // No connection was made (refused, host not found): the server never saw the request.
  if (error instanceof ConnectionError && !error.requestSent) return "error";
  // A reset after sending, or a body cut short: the server may have acted.
  if (error instanceof ConnectionError) return repeatable ? "error" : undefined;
  // A timeout: the server may still be acting on it.
  if (error instanceof TimeoutError) return repeatable ? "timeout" : undefined;
  // Anything else (the caller's abort, too many redirects, a blocked port, a body over the size cap) would fail the same way again.
  return undefined;
}

/**
 * Delay before retry number `retry` (1 for the first retry): full jitter,
 * uniform in [0, min(maxInterval, initialInterval * exponent^(retry-1))].
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxInterval, policy.initialInterval * policy.exponent ** (retry - 1)));
}
