// One attempt, the same step for the clients and the openapi-fetch middleware:
// a signal that fires on the caller's abort or on this attempt's own timer,
// the response read to its end under that signal (so the timeout and the
// caller's abort cover the body too) within a size cap, and whatever went
// wrong turned into a typed error.
import {
  ConnectionError,
  findRequestId,
  RequestAbortedError,
  RequestFailedError,
  ResponseTooLargeError,
  SynclineError,
  TimeoutError,
  type ErrorContext,
} from "./errors";
import { redactForms, redactHeaders, redactUrl, sanitizeText, secretForms } from "./redact";
import type { AttemptOutcome } from "./retry-policy";

/** Per attempt, unless a client or call says otherwise: long enough for any answer these APIs give, short of hanging. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The largest response body read: well above the biggest page these JSON APIs serve, far below what hurts memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
// setTimeout fires at once for longer delays (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Throws a TypeError unless `ms` is a usable timeout or undefined (not given). */
export function validateTimeout(ms: unknown): void {
  if (ms !== undefined && (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS)) {
    throw new TypeError(`timeoutMs must be a number of milliseconds from 1 to ${MAX_TIMER_MS}`);
  }
}

/** Throws a TypeError unless `bytes` is a usable size cap or undefined (not given). */
export function validateMaxResponseBytes(bytes: unknown): void {
  if (bytes !== undefined && (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1)) {
    throw new TypeError("maxResponseBytes must be a positive whole number of bytes");
  }
}

/** What an attempt needs to know about its call. */
export interface AttemptContext {
  method: string;
  /** Redacted (`redactUrl`): it goes into error messages. */
  url: string;
  /** Undefined: no timer (the middleware without `timeoutMiddleware`). */
  timeoutMs: number | undefined;
  maxResponseBytes: number;
  /** The credentials this call has sent so far, for redacting errors. */
  secrets: readonly string[];
}

/**
 * One attempt's signal: fires when the caller aborts or when this attempt's
 * own timer runs out, and says which. A plain controller and a cleared timer
 * (not AbortSignal.timeout/any), so nothing outlives the attempt and a
 * caller's signal reused across calls collects no listeners.
 */
export class AttemptScope {
  readonly signal: AbortSignal;
  /** Set when this attempt's own timer fired. */
  timedOut = false;
  readonly #caller: AbortSignal | null | undefined;
  readonly #onCallerAbort: () => void;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * What to stop when this attempt is aborted: the wait for its answer, then the read of its body.
   * Called, not a listener on the signal: adding and removing one costs microseconds per attempt.
   */
  #onAbort: (() => void) | undefined;

  constructor(caller: AbortSignal | null | undefined, timeoutMs: number | undefined) {
    const controller = new AbortController();
    this.signal = controller.signal;
    const abort = (reason?: unknown) => {
      controller.abort(reason);
      this.#onAbort?.();
    };
    this.#caller = caller;
    this.#onCallerAbort = () => abort(caller?.reason);
    if (caller?.aborted) controller.abort(caller.reason);
    else caller?.addEventListener("abort", this.#onCallerAbort);
    if (timeoutMs !== undefined) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        abort();
      }, timeoutMs);
    }
  }

  /**
   * The response, or the signal's reason as soon as it fires: what an attempt waits on before its
   * answer (a token function, a custom fetch) may not watch the signal itself. A response that
   * comes after all has its body cancelled.
   */
  untilAborted(response: Promise<Response>): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.onAbort(() => {
        reject(this.signal.reason);
        response.then(
          (late) => late.body?.cancel().catch(() => {}),
          () => {},
        );
      });
      response.then(resolve, reject);
    });
  }

  /** Runs `stop` when this attempt is aborted (at once if it is already), in place of what was set before. */
  onAbort(stop: (() => void) | undefined): void {
    this.#onAbort = stop;
    if (this.signal.aborted) stop?.();
  }

  /** Whether the caller aborted (checked first: a caller's abort is never a timeout). */
  get callerAborted(): boolean {
    return this.#caller?.aborted === true;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }
}

/**
 * Waits for the response of one attempt, reads its whole body under the
 * attempt's signal, and disposes of the scope. Never throws: the outcome is
 * the response with its body, or a typed error.
 */
export async function settleAttempt(scope: AttemptScope, response: Promise<Response>, context: AttemptContext): Promise<AttemptOutcome> {
  try {
    const received = await scope.untilAborted(response);
    return { response: received, body: await readBody(received, scope, context) };
  } catch (thrown) {
    return { error: classify(thrown, scope, context) };
  } finally {
    scope.dispose();
  }
}

/** The whole body, stopping at `maxResponseBytes` and at the attempt's abort, whatever fetch produced the stream. */
export async function readBody(response: Response, scope: AttemptScope, context: AttemptContext): Promise<Uint8Array | null> {
  const stream = response.body;
  if (stream === null) return null;
  const limit = context.maxResponseBytes;
  // A declared length over the cap fails before a byte is read.
  if (Number(response.headers.get("content-length")) > limit) {
    await stream.cancel().catch(() => {});
    throw tooLarge(response, context);
  }
  const reader = stream.getReader();
  // undici errors its own streams on abort; a custom fetch's stream may not, so cancel it here too
  // (until the scope's owner disposes of it, once the body is read).
  scope.onAbort(() => void reader.cancel().catch(() => {}));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    scope.signal.throwIfAborted();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(response, context);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

/** The error context of a response: status, redacted headers, request id, method and URL. */
export function responseContext(response: Response, context: Pick<AttemptContext, "method" | "url" | "secrets">): ErrorContext {
  const headers = redactHeaders(response.headers, secretForms(context.secrets));
  return { method: context.method, url: context.url, status: response.status, headers, requestId: findRequestId(undefined, headers) };
}

function tooLarge(response: Response, context: AttemptContext): ResponseTooLargeError {
  return new ResponseTooLargeError(context.maxResponseBytes, `${context.method} ${context.url}`, responseContext(response, context));
}

// Failures to connect at all: the server cannot have seen the request.
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
// A connection lost after it was made: the request may have reached the server.
const CONNECTION_LOST = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
// Browsers give a network failure no cause and one of these messages.
const BROWSER_NETWORK_FAILURE = /^(failed to fetch|networkerror|load failed|network request failed)/i;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === "string") return code;
  // Node's happy-eyeballs connect reports one AggregateError for all addresses tried.
  return Array.isArray(errors) ? codeOf(errors[0]) : undefined;
}

/**
 * What fetch threw, kept as the typed error's `cause` to debug with (console.error prints it),
 * unless it or a cause of its quotes the call's credentials (a custom fetch may): then a copy
 * with them redacted.
 */
function withoutSecrets(thrown: unknown, forms: readonly string[]): unknown {
  if (!(thrown instanceof Error) || forms.length === 0) return thrown;
  const cause = withoutSecrets(thrown.cause, forms);
  const quotes = forms.some((form) => thrown.message.includes(form) || thrown.stack?.includes(form));
  if (!quotes && cause === thrown.cause) return thrown;
  const copy = new Error(redactForms(thrown.message, forms), cause === undefined ? undefined : { cause });
  copy.name = thrown.name;
  copy.stack = redactForms(thrown.stack ?? "", forms);
  return copy;
}

/** Turns what fetch (or reading the body) threw into the typed error naming its real cause. */
function classify(thrown: unknown, scope: AttemptScope, context: AttemptContext): SynclineError {
  if (thrown instanceof SynclineError) return thrown;
  const what = `${context.method} ${context.url}`;
  const forms = secretForms(context.secrets);
  const info = { method: context.method, url: context.url, cause: withoutSecrets(thrown, forms) };
  if (scope.callerAborted) return new RequestAbortedError(`${what} was aborted`, info);
  if (scope.timedOut) return new TimeoutError(context.timeoutMs ?? 0, what, info);
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  // A signal of the Request's own (not the call's) fired.
  if (error.name === "AbortError") return new RequestAbortedError(`${what} was aborted`, info);
  const code = codeOf(error) ?? codeOf(error.cause) ?? "";
  const lost = CONNECTION_LOST.has(code);
  if (lost || NOT_CONNECTED.has(code)) {
    return new ConnectionError(`${what} failed: ${lost ? "the connection was lost" : "could not connect"} (${code})`, { ...info, code, requestSent: lost });
  }
  // fetch's words go into the message without the call's credentials (a custom fetch may quote its headers).
  const said = (text: string) => sanitizeText(redactUrl(redactForms(text, forms)));
  if (error.cause === undefined && BROWSER_NETWORK_FAILURE.test(error.message)) {
    return new ConnectionError(`${what} failed: ${said(error.message)}`, { ...info, requestSent: true });
  }
  // undici wraps the real reason ("redirect count exceeded", "bad port", ...) as the cause of "fetch failed".
  const reason = error.cause instanceof Error ? error.cause.message : error.message;
  return new RequestFailedError(`${what} failed: ${said(reason)}`, info);
}
