// The one retry loop behind both the clients' fetch and the openapi-fetch
// middleware: backoff with jitter, Retry-After, max attempts and elapsed time,
// the retry budget, a fresh timeout per attempt, and abortable waits.
import { abortableSleep, attemptSignal } from "./attempt-signal";
import { ConnectionError, RequestAbortedError, SynclineError, TimeoutError } from "./errors";
import type { RetryBudget } from "./retry-budget";
import { backoffDelay, retryAfterMs, type RetryPolicy } from "./retry-policy";

export interface AttemptEvent {
  attempt: number;
  /** Set when the attempt got an HTTP answer. */
  response?: Response | undefined;
  /** Set when it did not (typed: ConnectionError, TimeoutError, RequestAbortedError). */
  error?: unknown;
  ms: number;
  /** Set when another attempt follows after this wait. */
  retryInMs?: number | undefined;
}

export interface RetryRunOptions {
  policy: RetryPolicy | null;
  budget?: RetryBudget | null | undefined;
  /** The caller's signal: aborts the current attempt and any wait, never retried. */
  signal?: AbortSignal | null | undefined;
  /** Per-attempt timeout, ms (each attempt gets a fresh timer). */
  timeoutMs?: number | undefined;
  /** "GET https://…" with secrets removed, for error messages: called only when one is needed. */
  describe: () => string;
  /**
   * Sends attempt number `attempt` with its own signal (none when there is no
   * caller signal or timeout). The middleware answers attempt 1 with the
   * outcome openapi-fetch already had.
   */
  send(attempt: number, signal: AbortSignal | undefined): Promise<Response>;
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
  now?: () => number;
  random?: () => number;
}

/**
 * Runs attempts until one is final. Resolves with the last Response (an error
 * status included: turning it into a typed error is the caller's choice) or
 * rejects with a typed ConnectionError, TimeoutError or RequestAbortedError.
 */
export async function runWithRetries(options: RetryRunOptions): Promise<Response> {
  const { policy, budget, signal, timeoutMs, describe, now = Date.now } = options;
  const started = now();
  let spent = 0;

  for (let attempt = 1; ; attempt++) {
    const attemptStarted = now();
    const attemptAbort = attemptSignal(signal, timeoutMs);
    let response: Response | undefined;
    let error: unknown;
    try {
      response = await options.send(attempt, attemptAbort.signal);
    } catch (thrown) {
      // classify asks the caller's signal first: an attempt aborted without it timed out.
      error = classify(thrown, signal, attemptAbort.signal?.aborted ? timeoutMs : undefined, describe);
    } finally {
      attemptAbort.dispose();
    }

    const kind = policy && retryable(policy, response, error);
    let delay: number | undefined;
    let cost = 0;
    if (kind && attempt < policy.maxAttempts) {
      delay = Math.min((response && retryAfterMs(response.headers, now())) ?? backoffDelay(attempt, policy, options.random), policy.maxInterval);
      // The budget is asked last: it pays only for retries that would happen.
      if (now() - started + delay > policy.maxElapsedTime || (budget && !(cost = budget.acquire(kind)))) delay = undefined;
    }
    options.onAttempt?.({ attempt, response, error, ms: now() - attemptStarted, retryInMs: delay });

    if (delay === undefined) {
      if (!response) throw error;
      if (budget && response.status < 500 && response.status !== 429) budget.recordSuccess(spent);
      return response;
    }
    spent += cost;
    // Free the connection for reuse: nobody reads a body we are about to retry past.
    await response?.body?.cancel().catch(() => {});
    await abortableSleep(delay, signal, () => new RequestAbortedError(`${describe()} was aborted while waiting to retry`, { cause: signal?.reason }));
  }
}

function retryable(policy: RetryPolicy, response: Response | undefined, error: unknown): "error" | "timeout" | undefined {
  if (response) return policy.retriesStatus(response.status) ? "error" : undefined;
  if (policy.retryConnectionErrors) return error instanceof TimeoutError ? "timeout" : error instanceof ConnectionError ? "error" : undefined;
  return undefined;
}

// fetch reports network failures as TypeError (undici: "fetch failed" with a
// coded cause; browsers: "Failed to fetch" / "NetworkError ..." / "Load failed").
const NETWORK_CODE = /^(ECONN|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|E(HOST|NET)UNREACH|UND_ERR_)/;
const NETWORK_MESSAGE = /fetch failed|failed to fetch|networkerror|load failed|terminated|socket/i;

/** Turns what fetch threw into a typed error; errors that are not about the network pass through. */
function classify(error: unknown, caller: AbortSignal | null | undefined, timedOutAfter: number | undefined, describe: () => string): unknown {
  if (error instanceof SynclineError) return error;
  if (caller?.aborted) return new RequestAbortedError(`${describe()} was aborted`, { cause: caller.reason });
  if (timedOutAfter !== undefined) return new TimeoutError(timedOutAfter, describe());
  if (!(error instanceof Error)) return error;
  if (error.name === "AbortError") return new RequestAbortedError(`${describe()} was aborted`, { cause: error });
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (NETWORK_CODE.test(String(code)) || (error instanceof TypeError && NETWORK_MESSAGE.test(error.message))) {
    return new ConnectionError(`${describe()} failed: ${error.message}${code ? ` (${code})` : ""}`, { cause: error });
  }
  return error;
}

/**
 * Reads the body while the attempt is still running, so a connection reset
 * mid-body is a retryable ConnectionError (not a failure after we returned)
 * and the attempt's timeout covers the body too. JSON APIs: bodies are small.
 */
export async function readWithinAttempt(response: Response): Promise<Response> {
  // A null body (204, 304, HEAD) has nothing to read, and a Response with that status may not get one.
  if (response.body === null) return response;
  const copy = new Response(await response.arrayBuffer(), response);
  // A constructed Response has no url; keep the real one for error messages.
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}
