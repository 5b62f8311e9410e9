// The one retry loop behind both the clients and the openapi-fetch middleware:
// it asks the policy whether an attempt's outcome is retried, waits (backoff
// with jitter, or the server's Retry-After), and keeps the retry budget.
import { RequestAbortedError } from "./errors";
import type { RetryBudget } from "./retry-budget";
import { retryAfterMs } from "./retry-after";
import { backoffDelay, retryKind, type AttemptOutcome, type RetryPolicy } from "./retry-policy";

export interface AttemptEvent {
  attempt: number;
  /** Set when the attempt got an HTTP answer (its body already read). */
  response?: Response | undefined;
  /** Set when it did not: a typed error (ConnectionError, TimeoutError, ...). */
  error?: Error | undefined;
  ms: number;
  /** Set when another attempt follows after this wait. */
  retryInMs?: number | undefined;
}

export interface RetryRunOptions {
  policy: RetryPolicy | null;
  budget?: RetryBudget | null | undefined;
  /** Whether the request may be sent again after the server may have acted on it (`isRepeatable`). */
  repeatable: boolean;
  /** The caller's signal: cuts a wait short. Attempts watch it themselves. */
  signal?: AbortSignal | null | undefined;
  /** "GET https://…" with secrets removed, for the error of an aborted wait. */
  describe: () => string;
  /** Makes attempt number `attempt` and settles it (`settleAttempt`): never throws. */
  attempt(attempt: number): Promise<AttemptOutcome>;
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
  now?: () => number;
  random?: () => number;
  /** Waits between attempts; tests pass one that records the delays instead of sleeping. */
  sleep?: (ms: number, signal: AbortSignal | null | undefined) => Promise<void>;
}

/**
 * Runs attempts until one is final. Resolves with the last response and its
 * body (an error status included: turning it into a typed error is the
 * caller's choice, `retries` is the end of its message) or rejects with the
 * last attempt's typed error. After more than one attempt, the error's message
 * ends with how many and how long they took: " (after 3 attempts in 1520 ms)".
 */
export async function runWithRetries(options: RetryRunOptions): Promise<{ response: Response; body: Uint8Array | null; retries?: string }> {
  const { policy, budget, now = Date.now, sleep = abortableSleep } = options;
  const started = now();
  let spent = 0;

  for (let attempt = 1; ; attempt++) {
    const attemptStarted = now();
    const outcome = await options.attempt(attempt);
    const time = now();
    const delay = policy ? retryDelay(policy, outcome, attempt, time, time - started, options) : undefined;
    options.onAttempt?.({ ...outcome, attempt, ms: time - attemptStarted, retryInMs: delay?.ms });

    if (delay === undefined) {
      // The final error says what the retries took: else a dead server fails after seconds of silence.
      const retries = attempt > 1 ? ` (after ${attempt} attempts in ${time - started} ms)` : "";
      if (outcome.error) {
        outcome.error.message += retries;
        throw outcome.error;
      }
      // A call that got its answer (not a throttle or a server failure) refills the budget.
      const status = outcome.response.status;
      if (budget && status < 500 && status !== 429) budget.recordSuccess(spent);
      outcome.retries = retries;
      return outcome;
    }
    spent += delay.cost;
    try {
      await sleep(delay.ms, options.signal);
    } catch (reason) {
      throw new RequestAbortedError(`${options.describe()} was aborted while waiting to retry`, { cause: reason });
    }
  }
}

/** How long to wait before the next attempt and what it costs the budget, or undefined when this outcome is final. */
function retryDelay(
  policy: RetryPolicy,
  outcome: AttemptOutcome,
  attempt: number,
  time: number,
  elapsed: number,
  options: RetryRunOptions,
): { ms: number; cost: number } | undefined {
  const kind = retryKind(policy, outcome, options.repeatable);
  if (kind === undefined) return undefined;
  // maxAttempts counts the first attempt too.
  if (attempt >= policy.maxAttempts) return undefined;
  // The server's Retry-After wins over our backoff, within maxInterval.
  const asked = outcome.response ? retryAfterMs(outcome.response.headers, time) : undefined;
  const ms = Math.min(asked ?? backoffDelay(attempt, policy, options.random), policy.maxInterval);
  // A retry that would start past maxElapsedTime is not made.
  if (elapsed + ms > policy.maxElapsedTime) return undefined;
  // The shared budget is asked last, so it pays only for retries that happen.
  if (options.budget && !options.budget.tryAcquire(kind)) return undefined;
  return { ms, cost: options.budget?.costOf(kind) ?? 0 };
}

/** Waits `ms`, or rejects at once with the signal's reason when it fires. */
export function abortableSleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
