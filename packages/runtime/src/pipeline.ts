// The fetch every Syncline client hands to openapi-fetch: per attempt it
// rebuilds the request (body re-sent byte for byte), applies auth (a rotating
// token is fetched again), stamps the attempt number, and lets the retry
// engine decide what happens next.
import type { Authenticator } from "./auth";
import { logAttempts, type Logger } from "./logger";
import { redactSecrets, redactUrl } from "./redact";
import { RetryBudget, type RetryBudgetOptions } from "./retry-budget";
import { readWithinAttempt, runWithRetries } from "./retry-engine";
import { resolveRetryPolicy, type RetriesOption, type RetryPolicy } from "./retry-policy";

export const ATTEMPT_HEADER = "x-syncline-attempt";
export const CLIENT_HEADER = "x-syncline-client";

export interface PipelineOptions {
  auth?: Authenticator | undefined;
  /** Retry config, or `false` for none. Default: Codat's published policy (see DEFAULT_RETRY_CONFIG). */
  retries?: RetriesOption | undefined;
  /** The client-wide retry budget, or `false` to let every call retry on its own. */
  retryBudget?: RetryBudgetOptions | false | undefined;
  /** Per-attempt timeout, ms, until response headers arrive. Default: none. */
  timeoutMs?: number | undefined;
  /** The fetch to send with. Default: globalThis.fetch at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Gets one debug line per attempt. */
  logger?: Logger | undefined;
  /** `x-syncline-client` value, e.g. "@syncline/commerce/1.2.0". */
  client?: string | undefined;
  /**
   * Read each response body inside its attempt, so a connection reset in the
   * middle of a body is retried too and `timeoutMs` covers the body. Off by
   * default: it costs ~100 µs of CPU per request (measured in bench/).
   */
  readBodyInAttempt?: boolean | undefined;
}

/** What a single call may override. */
export interface CallOptions {
  retries?: RetriesOption | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}

/** Call options plus what only generated code sets. */
export interface InternalCallOptions extends CallOptions {
  /** false for operations without security (Powens's /webauth). */
  auth?: false;
}

export interface Pipeline {
  /** Sends `request` with auth, retries and timeouts; resolves with the final Response. */
  fetch(request: Request, call?: CallOptions): Promise<Response>;
  /** Credentials seen so far, for redacting errors built from responses. */
  readonly secrets: ReadonlySet<string>;
}

export function createPipeline(options: PipelineOptions = {}): Pipeline {
  const budget = options.retryBudget === false ? null : new RetryBudget(options.retryBudget);
  const clientPolicy = resolveRetryPolicy(options.retries);
  validateTimeout(options.timeoutMs);
  const { auth, logger } = options;
  const secrets = auth?.secrets ?? new Set<string>();

  // async, so a bad per-call option rejects like any other failure.
  async function pipelineFetch(request: Request, call?: InternalCallOptions): Promise<Response> {
    const policy: RetryPolicy | null = call?.retries === undefined ? clientPolicy : resolveRetryPolicy(call.retries);
    if (call?.timeoutMs !== undefined) validateTimeout(call.timeoutMs);
    // Read the body once, only when it may be sent again: a GET, or a call
    // that will not retry, passes its request through untouched.
    const body = policy && request.body !== null ? await request.arrayBuffer() : undefined;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const describe = () => `${request.method} ${redactSecrets(redactUrl(request.url), secrets)}`;
    return runWithRetries({
      policy,
      budget: policy ? budget : null,
      signal: call?.signal ?? request.signal,
      timeoutMs: call?.timeoutMs ?? options.timeoutMs,
      describe,
      async send(attempt, signal) {
        // A request without a body can be sent again as it is; one with a body
        // gets a copy carrying the bytes read above. Headers are set in place.
        const target = body === undefined ? request : new Request(request, { body });
        const headers = target.headers;
        headers.set(ATTEMPT_HEADER, String(attempt));
        if (options.client) headers.set(CLIENT_HEADER, options.client);
        if (call?.auth !== false) await auth?.apply(headers);
        // The attempt's signal (caller's abort or timeout), when there is one.
        const response = await (signal ? fetchImpl(target, { signal }) : fetchImpl(target));
        return options.readBodyInAttempt ? readWithinAttempt(response) : response;
      },
      onAttempt: logAttempts(logger, describe, policy?.maxAttempts ?? 1, secrets),
    });
  }

  return { fetch: pipelineFetch, secrets };
}

export function validateTimeout(timeoutMs: number | undefined): void {
  // Number.isFinite is false for anything but a finite number (a "100" string included).
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new TypeError("timeoutMs must be a positive number of milliseconds");
  }
}
