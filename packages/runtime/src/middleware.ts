// The runtime's auth, retry and timeout as openapi-fetch middleware, for any
// openapi-fetch client. Same engine as the Syncline clients (runWithRetries),
// so retry, backoff, Retry-After, budget, timeouts and redaction behave alike.
import type { Middleware } from "openapi-fetch";
import { attemptSignal, type AttemptSignal } from "./attempt-signal";
import { bearerAuth, codatAuth, type Authenticator, type CodatAuthOptions, type TokenSource } from "./auth";
import { TimeoutError } from "./errors";
import { logAttempts, type Logger } from "./logger";
import { ATTEMPT_HEADER, validateTimeout } from "./pipeline";
import { redactSecrets, redactUrl } from "./redact";
import { RetryBudget, type RetryBudgetOptions } from "./retry-budget";
import { readWithinAttempt, runWithRetries } from "./retry-engine";
import { resolveRetryPolicy, type RetryConfig } from "./retry-policy";

/**
 * What the three middleware share about one call. Keyed by openapi-fetch's
 * per-call `options` object, so it is collected with the call and works in
 * whatever order the middleware were registered.
 */
interface CallState {
  auth?: Authenticator;
  timeoutMs?: number;
  firstAttempt?: AttemptSignal;
  /** The caller's own signal (the request's is replaced by the first attempt's). */
  callerSignal?: AbortSignal;
  body?: ArrayBuffer;
}
const calls = new WeakMap<object, CallState>();
function stateOf(options: object): CallState {
  let state = calls.get(options);
  if (!state) calls.set(options, (state = {}));
  return state;
}

/** Whether the first attempt's own timer aborted it (its signal fired, the caller's did not). */
const firstAttemptTimedOut = (state: CallState): boolean => Boolean(state.firstAttempt?.signal?.aborted && !state.callerSignal?.aborted);

export type AuthMiddlewareOptions = { bearer: TokenSource } | CodatAuthOptions | { authenticator: Authenticator };

/** Sets credentials on every request, and again on every retried attempt (a token function is called each time). */
export function authMiddleware(options: AuthMiddlewareOptions): Middleware {
  const auth =
    "authenticator" in options ? options.authenticator : "bearer" in options ? bearerAuth(options.bearer, "bearer") : codatAuth(options);
  return {
    async onRequest({ request, options: callOptions }) {
      stateOf(callOptions).auth = auth;
      await auth.apply(request.headers);
      return request;
    },
  };
}

/** Aborts an attempt that has no response after `timeoutMs` (each retried attempt gets a fresh timer). */
export function timeoutMiddleware(options: { timeoutMs: number }): Middleware {
  validateTimeout(options.timeoutMs);
  const done = (callOptions: object) => stateOf(callOptions).firstAttempt?.dispose();
  return {
    onRequest({ request, options: callOptions }) {
      const state = stateOf(callOptions);
      state.timeoutMs = options.timeoutMs;
      state.callerSignal = request.signal;
      state.firstAttempt = attemptSignal(request.signal, options.timeoutMs);
      return new Request(request, { signal: state.firstAttempt.signal ?? null });
    },
    onResponse({ options: callOptions }) {
      done(callOptions);
      return undefined;
    },
    onError({ request, error, options: callOptions }) {
      done(callOptions);
      const state = stateOf(callOptions);
      if (firstAttemptTimedOut(state)) {
        return new TimeoutError(options.timeoutMs, `${request.method} ${redactUrl(request.url)}`);
      }
      return error instanceof Error ? error : undefined;
    },
  };
}

export type RetryMiddlewareOptions = RetryConfig & {
  /** The retry budget this middleware's client shares, or `false`. */
  retryBudget?: RetryBudgetOptions | false;
  logger?: Logger;
};

/**
 * Retries error statuses and network failures. Keeps the request body (taken
 * before openapi-fetch sends it) so retries re-send it byte for byte; the
 * final response flows on through the rest of the middleware as usual.
 */
export function retryMiddleware(options: RetryMiddlewareOptions = { strategy: "backoff" }): Middleware {
  const policy = resolveRetryPolicy(options);
  const budget = options.retryBudget === false ? null : new RetryBudget(options.retryBudget || undefined);
  const { logger } = options;

  /** Attempt 1 already happened (openapi-fetch sent it); the engine takes over from its outcome. */
  function retry(request: Request, first: Response | Error, fetchImpl: typeof fetch, callOptions: object): Promise<Response> {
    const state = stateOf(callOptions);
    const secrets = state.auth?.secrets ?? [];
    const describe = () => `${request.method} ${redactSecrets(redactUrl(request.url), secrets)}`;
    if (first instanceof Error && firstAttemptTimedOut(state) && state.timeoutMs !== undefined) {
      first = new TimeoutError(state.timeoutMs, describe());
    }
    return runWithRetries({
      policy,
      budget,
      signal: state.callerSignal ?? request.signal,
      timeoutMs: state.timeoutMs,
      describe,
      async send(attempt, signal) {
        if (attempt === 1) {
          if (first instanceof Error) throw first;
          return first;
        }
        const headers = new Headers(request.headers);
        headers.set(ATTEMPT_HEADER, String(attempt));
        await state.auth?.apply(headers);
        const init: RequestInit = { headers, signal };
        if (state.body !== undefined) init.body = state.body;
        return readWithinAttempt(await fetchImpl(new Request(request, init)));
      },
      onAttempt: logAttempts(logger, describe, policy?.maxAttempts ?? 1, secrets),
    });
  }

  return {
    async onRequest({ request, options: callOptions }) {
      request.headers.set(ATTEMPT_HEADER, "1");
      // openapi-fetch sends (and so consumes) this body; keep a copy only when a retry could need it.
      if (policy && request.body !== null) stateOf(callOptions).body = await request.clone().arrayBuffer();
      return request;
    },
    async onResponse({ request, response, options: callOptions }) {
      if (!policy?.retriesStatus(response.status)) {
        if (budget && response.status < 500 && response.status !== 429) budget.recordSuccess(0);
        return undefined;
      }
      return retry(request, response, callOptions.fetch, callOptions);
    },
    async onError({ request, error, options: callOptions }) {
      if (!policy) return undefined;
      try {
        return await retry(request, error instanceof Error ? error : new Error(String(error)), callOptions.fetch, callOptions);
      } catch (finalError) {
        return finalError instanceof Error ? finalError : new Error(String(finalError));
      }
    },
  };
}
