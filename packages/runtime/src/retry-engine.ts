// The one retry loop behind both the clients' fetch and the openapi-fetch
// middleware: backoff with jitter, Retry-After, max attempts and elapsed time,
// the retry budget, a fresh timeout per attempt, and abortable waits.
import { abortableSleep, attemptSignal } from "./attempt-signal";
import { ConnectionError, RequestAbortedError, SynclineError, TimeoutError } from "./errors";
import type { RetryBudget } from "./retry-budget";
import { backoffDelay, retryAfterMs, type RetryPolicy } from "./retry-policy";

export type AttemptOutcome = { response: Response } | { error: unknown };

export interface AttemptEvent {
  attempt: number;
  /** Set when the attempt got an HTTP answer. */
  response?: Response;
  /** Set when it did not (typed: ConnectionError, TimeoutError, RequestAbortedError). */
  error?: Error;
  ms: number;
  /** Set when another attempt follows after this wait. */
  retryInMs?: number;
}

export interface RetryRunOptions {
  policy: RetryPolicy | null;
  budget?: RetryBudget | null;
  /** The caller's signal: aborts the current attempt and any wait, never retried. */
  signal?: AbortSignal | null;
  /** Per-attempt timeout, ms (each attempt gets a fresh timer). */
  timeoutMs?: number | undefined;
  /** "GET https://…" with secrets removed, for error messages: called only when one is needed. */
  describe: () => string;
  /** Sends attempt number `attempt` with its own signal (none when there is no caller signal or timeout). */
  send(attempt: number, signal: AbortSignal | undefined): Promise<Response>;
  /** Attempt 1's outcome when it already happened (middleware sees it after the fact). */
  first?: AttemptOutcome;
  onAttempt?(event: AttemptEvent): void;
  now?: () => number;
  random?: () => number;
}

/**
 * Runs attempts until one is final. Resolves with the last Response (an error
 * status included: turning it into a typed error is the caller's choice) or
 * rejects with a typed ConnectionError, TimeoutError or RequestAbortedError.
 */
export async function runWithRetries(options: RetryRunOptions): Promise<Response> {
  const { policy, budget, signal, timeoutMs, describe } = options;
  const now = options.now ?? Date.now;
  const started = now();
  let spent = 0;

  for (let attempt = 1; ; attempt++) {
    const attemptStarted = now();
    let outcome: AttemptOutcome;
    if (attempt === 1 && options.first) {
      outcome = { ...options.first };
      if ("error" in outcome) outcome.error = classify(outcome.error, signal, false, timeoutMs, describe);
    } else {
      const attemptAbort = attemptSignal(signal, timeoutMs);
      try {
        outcome = { response: await options.send(attempt, attemptAbort.signal) };
      } catch (error) {
        outcome = { error: classify(error, signal, attemptAbort.timedOut(), timeoutMs, describe) };
      } finally {
        attemptAbort.dispose();
      }
    }
    const event: AttemptEvent = { attempt, ms: now() - attemptStarted };
    if ("response" in outcome) event.response = outcome.response;
    else if (outcome.error instanceof Error) event.error = outcome.error;

    const retryKind = policy ? retryable(outcome, policy) : undefined;
    let delay: number | undefined;
    if (policy && retryKind && attempt < policy.maxAttempts) {
      const asked = "response" in outcome ? retryAfterMs(outcome.response.headers, now()) : undefined;
      delay = Math.min(asked ?? backoffDelay(attempt, policy, options.random), policy.maxInterval);
      if (now() - started + delay > policy.maxElapsedTime) delay = undefined;
    }
    // The budget is asked last: it pays only for retries that would happen.
    const cost = delay !== undefined && budget ? budget.acquire(retryKind!) : 0;
    if (delay !== undefined && budget && cost === 0) delay = undefined;

    if (delay === undefined) {
      options.onAttempt?.(event);
      if ("error" in outcome) throw outcome.error;
      if (budget && outcome.response.status < 500 && outcome.response.status !== 429) budget.recordSuccess(spent);
      return outcome.response;
    }

    spent += cost;
    event.retryInMs = delay;
    options.onAttempt?.(event);
    // Free the connection for reuse: nobody reads a body we are about to retry past.
    if ("response" in outcome) await outcome.response.body?.cancel().catch(() => {});
    await abortableSleep(delay, signal, () => new RequestAbortedError(`${describe()} was aborted while waiting to retry`, { cause: signal?.reason }));
  }
}

function retryable(outcome: AttemptOutcome, policy: RetryPolicy): "error" | "timeout" | undefined {
  if ("response" in outcome) return policy.retriesStatus(outcome.response.status) ? "error" : undefined;
  if (!policy.retryConnectionErrors) return undefined;
  if (outcome.error instanceof TimeoutError) return "timeout";
  if (outcome.error instanceof ConnectionError) return "error";
  return undefined;
}

/** Turns what fetch threw into a typed error; errors that are not about the network pass through. */
function classify(error: unknown, caller: AbortSignal | null | undefined, timedOut: boolean, timeoutMs: number | undefined, describe: () => string): unknown {
  if (error instanceof SynclineError) return error;
  if (caller?.aborted) return new RequestAbortedError(`${describe()} was aborted`, { cause: caller.reason });
  if (timedOut && timeoutMs !== undefined) return new TimeoutError(timeoutMs, describe());
  if (isAbortError(error)) return new RequestAbortedError(`${describe()} was aborted`, { cause: error });
  if (isNetworkError(error)) return new ConnectionError(`${describe()} failed: ${networkReason(error)}`, { cause: error });
  return error;
}

const isAbortError = (error: unknown): boolean => error instanceof Error && error.name === "AbortError";

const NETWORK_CODES = /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/;

// fetch reports network failures as TypeError (undici: "fetch failed" with a
// coded cause; browsers: "Failed to fetch" / "NetworkError ..." / "Load failed").
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && NETWORK_CODES.test(code)) return true;
  return error instanceof TypeError && /fetch failed|failed to fetch|networkerror|load failed|terminated|socket/i.test(error.message);
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

// Statuses whose Response must have a null body.
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Reads the body while the attempt is still running, so a connection reset
 * mid-body is a retryable ConnectionError (not a failure after we returned)
 * and the attempt's timeout covers the body too. JSON APIs: bodies are small.
 */
export async function readWithinAttempt(response: Response): Promise<Response> {
  if (NULL_BODY_STATUS.has(response.status) || response.body === null) return response;
  const bytes = await response.arrayBuffer();
  const copy = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  // A constructed Response has no url; keep the real one for error messages.
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

