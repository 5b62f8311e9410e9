// The runtime's auth, retry and timeout as openapi-fetch middleware, for any
// openapi-fetch client. openapi-fetch sends attempt 1 itself; whichever of
// these middleware first sees its outcome settles it with the clients' own
// attempt step (the body read under the timeout and the caller's signal,
// within the size cap) and, with the retry middleware, runs the clients'
// retry engine for the attempts after it. So retries, backoff, Retry-After,
// the budget, timeouts and redaction behave exactly as in the clients.
import type { Middleware } from "openapi-fetch";
import { AttemptScope, DEFAULT_MAX_RESPONSE_BYTES, settleAttempt, validateMaxResponseBytes, validateTimeout, type AttemptContext } from "./attempt";
import { bearerAuth, codatAuth, collectSecrets, type Authenticator, type CodatAuthOptions, type TokenSource } from "./auth";
import { logAttempts, type Logger } from "./logger";
import { ATTEMPT_HEADER } from "./pipeline";
import { responseWith } from "./raw-fetch";
import { redactUrl } from "./redact";
import { RetryBudget, type RetryBudgetOptions } from "./retry-budget";
import { runWithRetries } from "./retry-engine";
import { isRepeatable, resolveRetryPolicy, type RetryConfig, type RetryPolicy } from "./retry-policy";

/** What the three middleware share about one call: each sets its part in onRequest. */
interface CallState {
  /**
   * The Request openapi-fetch built, whose signal is the caller's (the timeout middleware gives the
   * request another). Kept for the whole call, not only its signal: a Request's signal follows the
   * caller's only while the Request lives (undici drops the link once it is garbage-collected,
   * nodejs/undici#3644).
   */
  callerRequest: Request;
  secrets: string[];
  auth?: Authenticator;
  timeout?: { timeoutMs: number; maxResponseBytes: number };
  /** When attempt 1's timer has long fired (Date.now() ms): a call still here then never reached fetch. */
  staleAt?: number;
  /** Attempt 1's timer and signal, started by the timeout middleware. */
  firstAttempt?: AttemptScope;
  retry?: { policy: RetryPolicy | null; budget: RetryBudget | null; logger: Logger | undefined };
  /** The request body, kept for retries (openapi-fetch consumes it sending attempt 1). */
  body?: ArrayBuffer;
}

/**
 * Keyed by openapi-fetch's per-request `id`; an entry goes when its call
 * settles, or when one of these middleware fails in onRequest. openapi-fetch
 * tells no middleware of a call that a later one answered (or failed) in
 * onRequest: with `timeoutMiddleware`, such an entry is swept once attempt 1's
 * timer has long fired (a call that reached fetch is settled by then).
 */
const calls = new Map<string, CallState>();
// How long after attempt 1's timeout a call still here is taken as never sent.
const STALE_AFTER_TIMEOUT_MS = 1_000;
let nextSweep = 0;

/** How many calls have state here: for tests that check nothing is left behind. */
export const pendingMiddlewareCalls = (): number => calls.size;

function stateOf(id: string, request: Request): CallState {
  let state = calls.get(id);
  if (!state) {
    sweep();
    state = { callerRequest: request, secrets: [] };
    calls.set(id, state);
  }
  return state;
}

/** Drops a call's state and stops its timer. */
function forget(id: string): void {
  calls.get(id)?.firstAttempt?.dispose();
  calls.delete(id);
}

/** Drops the calls that never reached fetch (at most once a second: a pass looks at every call in flight). */
function sweep(): void {
  const now = Date.now();
  if (now < nextSweep) return;
  nextSweep = now + STALE_AFTER_TIMEOUT_MS;
  for (const [id, state] of calls) if (state.staleAt !== undefined && now > state.staleAt) forget(id);
}

/** Runs one middleware's onRequest work; if it throws, the call goes no further, and neither does its state. */
async function guarded<T>(id: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    forget(id);
    throw error;
  }
}

/**
 * Settles a call from attempt 1's outcome: reads its body, retries it if the
 * retry middleware is on, and returns the final Response (body read) or throws
 * the typed error. Undefined when another of these middleware settled it already.
 */
async function settleCall(id: string, request: Request, first: () => Promise<Response>, fetchImpl: typeof fetch): Promise<Response | undefined> {
  const state = calls.get(id);
  if (!state) return undefined;
  calls.delete(id);
  const { retry, timeout } = state;
  const callerSignal = state.callerRequest.signal;
  const context: AttemptContext = {
    method: request.method,
    url: redactUrl(request.url),
    timeoutMs: timeout?.timeoutMs,
    maxResponseBytes: timeout?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    secrets: state.secrets,
  };
  const describe = () => `${context.method} ${context.url}`;
  const policy = retry?.policy ?? null;

  async function sendAgain(attempt: number, signal: AbortSignal): Promise<Response> {
    const headers = new Headers(request.headers);
    headers.set(ATTEMPT_HEADER, String(attempt));
    // The request already carries a query key from its first attempt: apply sets the same one again.
    if (state!.auth) collectSecrets(state!.secrets, await state!.auth.apply(headers, { url: request.url }, undefined, request.signal));
    return fetchImpl(new Request(request, { headers, body: state!.body, signal }));
  }

  let refreshed = false;
  const settled = await runWithRetries({
    policy,
    budget: retry?.budget,
    repeatable: policy !== null && isRepeatable(request.method, request.headers, policy, false),
    signal: callerSignal,
    describe,
    async attempt(attempt) {
      // Attempt 1 was sent by openapi-fetch under the timeout middleware's signal (or the caller's alone).
      const again = () => {
        const scope = new AttemptScope(callerSignal, context.timeoutMs);
        return settleAttempt(scope, sendAgain(attempt, scope.signal), context);
      };
      const outcome = attempt === 1 ? await settleAttempt(state!.firstAttempt ?? new AttemptScope(callerSignal, undefined), first(), context) : await again();
      // As in the clients: a refused token (OAuth2) is refreshed once per call, and the attempt sent again.
      if (outcome.response?.status !== 401 || !state!.auth?.refresh || refreshed) return outcome;
      refreshed = true;
      state!.auth.refresh(state!.secrets);
      return again();
    },
    onAttempt: logAttempts(retry?.logger, describe, policy?.maxAttempts ?? 1, state.secrets),
  });
  return responseWith(settled.response, settled.body, state.secrets);
}

/** The onResponse and onError every one of the three middleware has: the first to run settles the call. */
const settleHooks: Pick<Middleware, "onResponse" | "onError"> = {
  onResponse({ id, request, response, options }) {
    return settleCall(id, request, () => Promise.resolve(response), options.fetch);
  },
  async onError({ id, request, error, options }) {
    try {
      return await settleCall(id, request, () => Promise.reject(error), options.fetch);
    } catch (finalError) {
      return finalError instanceof Error ? finalError : new Error(String(finalError));
    }
  },
};

export type AuthMiddlewareOptions = { bearer: TokenSource } | CodatAuthOptions | { authenticator: Authenticator };

/** Sets credentials on every request, and again on every retried attempt (a token function is called each time). */
export function authMiddleware(options: AuthMiddlewareOptions): Middleware {
  const auth = "authenticator" in options ? options.authenticator : "bearer" in options ? bearerAuth(options.bearer, "bearer") : codatAuth(options);
  return {
    onRequest({ id, request }) {
      return guarded(id, async () => {
        const state = stateOf(id, request);
        state.auth = auth;
        const target = { url: request.url };
        collectSecrets(state.secrets, await auth.apply(request.headers, target, undefined, request.signal));
        if (target.url === request.url) return undefined;
        // An API key in the query: the request goes to the URL that carries it, with its own body bytes.
        const body = request.body === null ? undefined : await request.arrayBuffer();
        return new Request(target.url, { method: request.method, headers: request.headers, body, signal: request.signal, redirect: request.redirect });
      });
    },
    ...settleHooks,
  };
}

export interface TimeoutMiddlewareOptions {
  /** Per attempt, ms: sending, waiting for the answer and reading its whole body (each retry gets a fresh timer). */
  timeoutMs: number;
  /** The largest response body read, in bytes; a larger one fails with ResponseTooLargeError. Default 10 MiB. */
  maxResponseBytes?: number;
}

/** Ends an attempt that has not been answered and read in full after `timeoutMs` with a TimeoutError. */
export function timeoutMiddleware(options: TimeoutMiddlewareOptions): Middleware {
  // Required here: a middleware without one would never time out.
  validateTimeout(options.timeoutMs ?? Number.NaN);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  validateMaxResponseBytes(maxResponseBytes);
  return {
    onRequest({ id, request }) {
      const state = stateOf(id, request);
      state.timeout = { timeoutMs: options.timeoutMs, maxResponseBytes };
      state.firstAttempt = new AttemptScope(state.callerRequest.signal, options.timeoutMs);
      state.staleAt = Date.now() + options.timeoutMs + STALE_AFTER_TIMEOUT_MS;
      return new Request(request, { signal: state.firstAttempt.signal });
    },
    ...settleHooks,
  };
}

export type RetryMiddlewareOptions = RetryConfig & {
  /** The retry budget this middleware's client shares, or `false`. */
  retryBudget?: RetryBudgetOptions | false;
  logger?: Logger;
};

/**
 * Retries error statuses and network failures by the same rules as the
 * clients (POST and PATCH only when the server surely did not act on them,
 * unless they carry an `Idempotency-Key`). Keeps the request body so retries
 * re-send it byte for byte; the final response flows on through the rest of
 * the middleware as usual.
 */
export function retryMiddleware(options: RetryMiddlewareOptions = {}): Middleware {
  const policy = resolveRetryPolicy(options);
  const budget = options.retryBudget === false ? null : new RetryBudget(options.retryBudget || undefined);
  return {
    onRequest({ id, request }) {
      return guarded(id, async () => {
        const state = stateOf(id, request);
        state.retry = { policy, budget, logger: options.logger };
        request.headers.set(ATTEMPT_HEADER, "1");
        // openapi-fetch sends (and so consumes) this body; keep a copy only when a retry could need it.
        if (policy && request.body !== null) state.body = await request.clone().arrayBuffer();
        return undefined;
      });
    },
    ...settleHooks,
  };
}
