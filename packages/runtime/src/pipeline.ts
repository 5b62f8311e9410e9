// The send path of every Syncline client: per attempt it sets the headers
// (attempt number, client, credentials: a rotating token is fetched again),
// sends, and reads the whole answer under the attempt's timeout and the
// caller's signal; the retry engine decides what happens next.
import {
  AttemptScope,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  settleAttempt,
  validateMaxResponseBytes,
  validateTimeout,
  type AttemptContext,
} from "./attempt";
import { collectSecrets, type Authenticator, type Security } from "./auth";
import { logAttempts, type Logger } from "./logger";
import { redactUrl } from "./redact";
import { type RetryBudget, type RetryBudgetOptions, retryBudgetFrom } from "./retry-budget";
import { runWithRetries } from "./retry-engine";
import { isRepeatable, mergeRetries, resolveRetryPolicy, type AttemptOutcome, type RetriesOption } from "./retry-policy";

export const ATTEMPT_HEADER = "x-syncline-attempt";
export const CLIENT_HEADER = "x-syncline-client";
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

export interface PipelineOptions {
  auth?: Authenticator | undefined;
  /** Retry config, or `false` for none. Default: Codat's published policy (see DEFAULT_RETRY_CONFIG). */
  retries?: RetriesOption | undefined;
  /**
   * The retry budget: its options (a budget of this client's own), a `RetryBudget` to share with
   * other clients of the same API (so that many clients in a 429 storm retry as one would), or
   * `false` to let every call retry on its own.
   */
  retryBudget?: RetryBudgetOptions | RetryBudget | false | undefined;
  /**
   * Per-attempt timeout, ms: sending, waiting for the answer and reading its
   * whole body. Default 60 000 (a few operations the spec marks slow get longer).
   */
  timeoutMs?: number | undefined;
  /** The largest response body read, in bytes; a larger one fails with ResponseTooLargeError. Default 10 MiB. */
  maxResponseBytes?: number | undefined;
  /** The fetch to send with. Default: globalThis.fetch at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Gets one debug line per attempt. */
  logger?: Logger | undefined;
  /** `x-syncline-client` value, e.g. "@syncline/commerce/1.2.0". */
  client?: string | undefined;
}

/** What a single call may override. */
export interface CallOptions {
  /** Laid over the client's retry config (fields left out keep the client's), or `false` for none. */
  retries?: RetriesOption | undefined;
  timeoutMs?: number | undefined;
  maxResponseBytes?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
  /**
   * Sent as the `Idempotency-Key` header, and lets a POST or PATCH be retried
   * after any retryable failure. Only for APIs that deduplicate by it.
   */
  idempotencyKey?: string | undefined;
  /**
   * Credentials this call sends other than through auth (a password in its body): never shown in
   * its errors or log lines, in any encoding. Fields the spec marks `format: password` need not be listed.
   */
  secrets?: readonly string[] | undefined;
}

/** Call options plus what only generated code sets. */
export interface InternalCallOptions extends CallOptions {
  /** false for operations without security (Powens's /webauth). */
  auth?: boolean | undefined;
  /** The operation's security requirements, for a client with several schemes (`securityAuth`). */
  security?: Security | undefined;
  /** The operation is safe to repeat (`x-syncline-idempotent`). */
  idempotent?: boolean | undefined;
  /** The operation's own timeout (`x-syncline-timeout-ms`): used when neither the call nor the client sets one. */
  operationTimeoutMs?: number | undefined;
}

/**
 * What a body is sent as. Every attempt sends it again, except a stream: read once, it is sent
 * once (no retry, no second try after a 401). `ArrayBufferView` without a type argument: the
 * generic form needs TypeScript 5.7, and the published types compile with 5.4 (scripts/runtimes checks it).
 */
export type RequestBody = string | ArrayBuffer | ArrayBufferView | Blob | FormData | URLSearchParams | ReadableStream<Uint8Array>;

/** A request as the operation client hands it over. */
export interface OutgoingRequest {
  method: string;
  url: string;
  /** Owned by the pipeline from here on: each attempt sets its headers on it. */
  headers: Headers;
  body?: RequestBody | undefined;
  redirect?: RequestRedirect | undefined;
  /**
   * How each attempt hands the request to fetch; default `fetch(url, init)`. The raw fetch
   * (raw-fetch.ts) copies the caller's own Request with it (mode, credentials...).
   */
  dispatch?: ((fetch: typeof globalThis.fetch, url: string, init: RequestInit) => Promise<Response>) | undefined;
}

/** A call's final answer, body read, and what building an error from it needs. */
export interface SettledCall {
  response: Response;
  body: Uint8Array | null;
  method: string;
  /** Redacted (`redactUrl`). */
  url: string;
  /** The credentials the call sent, for redacting an error built from the answer. */
  secrets: readonly string[];
  /** The end of an error's message made from the answer: " (after 3 attempts in 1520 ms)" when retried, else "". */
  retries?: string | undefined;
}

export interface Pipeline {
  /** Sends `request` with auth, retries and timeouts; resolves with the final answer, its body already read. */
  send(request: OutgoingRequest, call?: InternalCallOptions): Promise<SettledCall>;
}

export function createPipeline(options: PipelineOptions = {}): Pipeline {
  const budget = retryBudgetFrom(options.retryBudget);
  const clientPolicy = resolveRetryPolicy(options.retries);
  validateTimeout(options.timeoutMs);
  validateMaxResponseBytes(options.maxResponseBytes);
  const { logger } = options;

  // async, so a bad per-call option rejects like any other failure.
  async function send(request: OutgoingRequest, call: InternalCallOptions = {}): Promise<SettledCall> {
    // A stream can be read once: its request is sent once, whatever the retries say.
    const oneShot = request.body instanceof ReadableStream;
    const policy = oneShot ? null : call.retries === undefined ? clientPolicy : resolveRetryPolicy(mergeRetries(options.retries, call.retries));
    // The client's values were checked at creation; checked again here, as a call's own may replace them.
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? call.operationTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    validateTimeout(timeoutMs);
    const maxResponseBytes = call.maxResponseBytes ?? options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    validateMaxResponseBytes(maxResponseBytes);
    const { headers, method } = request;
    if (call.idempotencyKey) headers.set(IDEMPOTENCY_KEY_HEADER, call.idempotencyKey);
    if (options.client) headers.set(CLIENT_HEADER, options.client);
    const secrets = [...(call.secrets ?? [])];
    const context: AttemptContext = { method, url: redactUrl(request.url), timeoutMs, maxResponseBytes, secrets };
    const describe = () => `${method} ${context.url}`;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    // An operation without security (Powens's /webauth) is sent without credentials.
    const auth = call.auth === false ? undefined : options.auth;

    async function sendAttempt(attempt: number, signal: AbortSignal): Promise<Response> {
      headers.set(ATTEMPT_HEADER, String(attempt));
      // Auth may rewrite the URL (an API key in the query); a token request runs under this attempt's signal.
      const target = { url: request.url };
      if (auth) collectSecrets(secrets, await auth.apply(headers, target, call.security, signal));
      // TypeScript 5.7+ types fetch's views as over an ArrayBuffer; ours are, never a SharedArrayBuffer's.
      // A stream body needs `duplex: "half"` (the answer is read once the body is sent); other bodies ignore it.
      const init = { method, headers, body: request.body as BodyInit | undefined, redirect: request.redirect, signal, duplex: "half" };
      return request.dispatch ? request.dispatch(fetchImpl, target.url, init) : fetchImpl(target.url, init);
    }

    function settle(attempt: number): Promise<AttemptOutcome> {
      const scope = new AttemptScope(call.signal, timeoutMs);
      return settleAttempt(scope, sendAttempt(attempt, scope.signal), context);
    }

    // An expired OAuth2 token is not a failure of the request: one fresh token and one more send per
    // call, outside the retry count. A stream, read once, has no second send.
    let canResend = !oneShot;
    async function attemptOnce(attempt: number): Promise<AttemptOutcome> {
      const outcome = await settle(attempt);
      if (outcome.response?.status !== 401 || !auth?.refresh || !canResend) return outcome;
      canResend = false;
      // The credentials this call sent were refused: a token another call has refreshed since stays.
      auth.refresh(secrets);
      return settle(attempt);
    }

    const { response, body, retries } = await runWithRetries({
      policy,
      budget: policy ? budget : null,
      repeatable: policy !== null && isRepeatable(method, headers, policy, call.idempotent),
      signal: call.signal,
      describe,
      attempt: attemptOnce,
      onAttempt: logAttempts(logger, describe, policy?.maxAttempts ?? 1, secrets),
    });
    // A literal, not a spread of the engine's answer: measured 2-4 µs faster per call.
    return { response, body, method, url: context.url, secrets, retries };
  }

  return { send };
}
