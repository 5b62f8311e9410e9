// Every failure a call can produce, as one class per cause. Each error carries
// what is known when it happens (status, headers, request id, the method and
// the redacted URL); credentials never appear in any of it.
import { redactForms, redactHeaders, redactValue, sanitizeText, secretForms } from "./redact";
import { retryAfterMs } from "./retry-after";

/** Codat's error body (`ErrorMessage`). */
export interface CodatErrorBody {
  statusCode?: number;
  service?: string;
  error?: string;
  correlationId?: string;
  validation?: {
    errors?: { itemId?: string | null; message?: string | null; validatorName?: string | null }[] | null;
    warnings?: { itemId?: string | null; message?: string | null; validatorName?: string | null }[] | null;
  } | null;
  canBeRetried?: string;
  detailedErrorCode?: number;
}

/** Powens's error body (`ServiceError`). */
export interface PowensErrorBody {
  code: string;
  description: string;
  message?: string | null;
  request_id?: string | null;
}

/** The `name` of each Syncline error class: a literal, so `switch (error.name)` narrows. */
export type ApiErrorName =
  | "ApiError"
  | "BadRequestError"
  | "UnauthorizedError"
  | "PaymentRequiredError"
  | "ForbiddenError"
  | "NotFoundError"
  | "ConflictError"
  | "UnprocessableEntityError"
  | "RateLimitError"
  | "ServerError";
export type SynclineErrorName =
  | "SynclineError"
  | ApiErrorName
  | "ConnectionError"
  | "TimeoutError"
  | "RequestAbortedError"
  | "RequestFailedError"
  | "ResponseTooLargeError"
  | "InvalidResponseError";

/** What an error knows about the request and response it came from. */
export interface ErrorContext {
  /** The request's method. */
  method?: string | undefined;
  /** The request's URL, credential-like query values masked (`redactUrl`). */
  url?: string | undefined;
  /** The response status, when a response arrived. */
  status?: number | undefined;
  /** The response headers (a redacted copy), when a response arrived. */
  headers?: Headers | undefined;
  /** The request id the API or its headers gave. */
  requestId?: string | undefined;
  cause?: unknown;
}

// One brand shared by every copy of this package (the ESM and CommonJS builds
// loaded side by side), so `instanceof` works across them.
const BRAND = Symbol.for("@syncline/runtime:error");

// Every class sets its name on its prototype, as a string (minifiers rename
// classes), so stack traces read "NotFoundError: ..." from the first line.

/**
 * Base class of every error Syncline throws while making a call. Catch it to
 * handle any failure; `name` tells which one.
 */
export class SynclineError extends Error {
  static {
    this.prototype.name = "SynclineError";
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }
  declare name: SynclineErrorName;
  declare readonly method: string | undefined;
  declare readonly url: string | undefined;
  declare readonly status: number | undefined;
  declare readonly headers: Headers | undefined;
  declare readonly requestId: string | undefined;

  constructor(message: string, context: ErrorContext = {}) {
    // Error reads only `cause` from its options, and sets it only when the context has one.
    super(message, context);
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.headers = context.headers;
    this.requestId = context.requestId;
  }

  /**
   * `instanceof` that also recognizes errors from another copy of this
   * package: a branded error whose prototype chain has this class's name.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // Read, not tested with `in`: a primitive or null has no brand and does not throw.
    if ((value as { [BRAND]?: unknown } | null | undefined)?.[BRAND] !== true) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (Object.hasOwn(proto, "name") && proto.name === this.prototype.name) return true;
    }
    return false;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, status: this.status, requestId: this.requestId, method: this.method, url: this.url };
  }
}

/** Whether `value` is any Syncline error, from this copy of the package or another. */
export const isSynclineError = (value: unknown): value is SynclineError => value instanceof SynclineError;

export interface ApiErrorInit<TBody> extends ErrorContext {
  status: number;
  statusText?: string | undefined;
  headers: Headers;
  body: TBody;
  rawBody: string;
  /** What the message ends with when the call made more than one attempt: " (after 3 attempts in 1520 ms)". */
  retries?: string | undefined;
}

/**
 * The API answered with an error status. `body` is the parsed error body
 * (Codat's `ErrorMessage`, Powens's `ServiceError`) or the raw text when it is
 * not JSON (a proxy's HTML 502); `rawBody` is the text as received. Both are
 * redacted. `requestId` is Codat's `correlationId`, Powens's `request_id`, or
 * the `x-request-id` header.
 */
export class ApiError<TBody = unknown> extends SynclineError {
  static {
    this.prototype.name = "ApiError";
  }
  declare name: ApiErrorName;
  declare readonly status: number;
  declare readonly headers: Headers;
  declare readonly body: TBody;
  declare readonly rawBody: string;

  constructor(init: ApiErrorInit<TBody>) {
    super(describeApiError(init), init);
    this.body = init.body;
    this.rawBody = init.rawBody;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), body: this.body };
  }
}

/**
 * An ApiError class as a client re-exports it: the same class, typed so that
 * its instances carry that API's error body (`instanceof` then narrows `body`).
 */
export interface ApiErrorClass<E extends ApiError<unknown>> {
  new (init: ApiErrorInit<never>): E;
  readonly prototype: E;
}

/** Whether `value` is an ApiError (any status), from this copy of the package or another. */
export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

/** 400: the API refused the request as malformed. */
export class BadRequestError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "BadRequestError";
  }
  declare name: "BadRequestError";
  declare readonly status: 400;
}
/** 401: the credentials are missing, wrong or expired. */
export class UnauthorizedError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "UnauthorizedError";
  }
  declare name: "UnauthorizedError";
  declare readonly status: 401;
}
/** 402: the account's plan does not cover this call. */
export class PaymentRequiredError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "PaymentRequiredError";
  }
  declare name: "PaymentRequiredError";
  declare readonly status: 402;
}
/** 403: the credentials are valid but not allowed this call. */
export class ForbiddenError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "ForbiddenError";
  }
  declare name: "ForbiddenError";
  declare readonly status: 403;
}
/** 404: no such resource (or it was deleted). */
export class NotFoundError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "NotFoundError";
  }
  declare name: "NotFoundError";
  declare readonly status: 404;
}
/** 409: the resource is in a state that forbids this call. */
export class ConflictError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "ConflictError";
  }
  declare name: "ConflictError";
  declare readonly status: 409;
}
/** 422: the request was well-formed but its content was refused. */
export class UnprocessableEntityError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "UnprocessableEntityError";
  }
  declare name: "UnprocessableEntityError";
  declare readonly status: 422;
}
/** 429: rate limited, and no retry was left. */
export class RateLimitError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "RateLimitError";
  }
  declare name: "RateLimitError";
  declare readonly status: 429;

  /**
   * How long the API asks to wait from now, in ms, read as the retries read it (`Retry-After` in
   * seconds or as a date, `retry-after-ms`); undefined when it does not say.
   */
  get retryAfterMs(): number | undefined {
    return retryAfterMs(this.headers);
  }
}
/** 5XX: the API or a proxy in front of it failed, and no retry was left. */
export class ServerError<T = unknown> extends ApiError<T> {
  static {
    this.prototype.name = "ServerError";
  }
  declare name: "ServerError";
}

/**
 * No complete HTTP answer: the connection was refused, the host not found, or
 * the connection reset before or while the answer arrived. `code` is the
 * system's (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, ...). `requestSent` is
 * false only when no connection was ever made, so the server cannot have seen
 * the request.
 */
export class ConnectionError extends SynclineError {
  static {
    this.prototype.name = "ConnectionError";
  }
  declare name: "ConnectionError";
  declare readonly code: string | undefined;
  declare readonly requestSent: boolean;
  constructor(message: string, context: ErrorContext & { code?: string | undefined; requestSent: boolean }) {
    super(message, context);
    this.code = context.code;
    this.requestSent = context.requestSent;
  }
}

/** An attempt (sending, waiting for the answer and reading its body) took longer than `timeoutMs`, and no retry was left. */
export class TimeoutError extends SynclineError {
  static {
    this.prototype.name = "TimeoutError";
  }
  declare name: "TimeoutError";
  declare readonly timeoutMs: number;
  constructor(timeoutMs: number, what: string, context: ErrorContext = {}) {
    super(`${what} timed out after ${timeoutMs} ms`, context);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired (before, during or between attempts). Never retried. */
export class RequestAbortedError extends SynclineError {
  static {
    this.prototype.name = "RequestAbortedError";
  }
  declare name: "RequestAbortedError";
}

/**
 * fetch refused or could not complete the request for a reason that fails the
 * same way every time: too many redirects, a redirect to a non-HTTP URL, a
 * port fetch blocks, a header it forbids, a TLS certificate it rejects.
 * Never retried; `cause` is fetch's own error.
 */
export class RequestFailedError extends SynclineError {
  static {
    this.prototype.name = "RequestFailedError";
  }
  declare name: "RequestFailedError";
}

/** The response body was larger than `maxResponseBytes`; reading stopped there. Never retried. */
export class ResponseTooLargeError extends SynclineError {
  static {
    this.prototype.name = "ResponseTooLargeError";
  }
  declare name: "ResponseTooLargeError";
  declare readonly maxResponseBytes: number;
  constructor(maxResponseBytes: number, what: string, context: ErrorContext) {
    super(`${what}: the response body is larger than maxResponseBytes (${maxResponseBytes} bytes)`, context);
    this.maxResponseBytes = maxResponseBytes;
  }
}

/**
 * A success status whose body is not what the operation returns: not JSON,
 * cut short, empty where the spec promises a body, or (for pagination) not a
 * page. `rawBody` holds the text as received (redacted).
 */
export class InvalidResponseError extends SynclineError {
  static {
    this.prototype.name = "InvalidResponseError";
  }
  declare name: "InvalidResponseError";
  declare readonly rawBody: string;
  constructor(message: string, context: ErrorContext & { rawBody?: string | undefined }) {
    super(message, context);
    this.rawBody = context.rawBody ?? "";
  }
}

const byStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  402: PaymentRequiredError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

export interface ApiErrorSource {
  status: number;
  statusText?: string | undefined;
  headers: Headers;
  /** The body as parsed JSON, or its text when it is not JSON. */
  body?: unknown;
  /** The body as received (derived from `body` when left out). */
  rawBody?: string | undefined;
  method?: string | undefined;
  url?: string | undefined;
  /** Credentials the request carried: cut from every part of the error, in every encoding. */
  secrets?: Iterable<string> | undefined;
  /** What the message ends with when the call made more than one attempt: " (after 3 attempts in 1520 ms)". */
  retries?: string | undefined;
}

/** Builds the typed error for an error status (the subclass matching it), with every credential redacted. */
export function apiErrorFrom<TBody = unknown>(source: ApiErrorSource): ApiError<TBody> {
  const forms = secretForms(source.secrets ?? []);
  const { body, rawBody } = redactBody(source, forms);
  const headers = redactHeaders(source.headers, forms);
  const ErrorClass = byStatus[source.status] ?? (source.status > 499 ? ServerError : ApiError);
  // The request id is read from the redacted body and headers: it is redacted too.
  return new ErrorClass<TBody>({ ...source, headers, body: body as TBody, rawBody, requestId: findRequestId(body, headers) });
}

/** The body parsed (when JSON) and redacted, and its text: rebuilt from the redacted value when a credential was in it. */
function redactBody(source: ApiErrorSource, forms: readonly string[]): { body: unknown; rawBody: string } {
  let body = source.body;
  if (body === undefined && source.rawBody) {
    try {
      body = JSON.parse(source.rawBody);
    } catch {
      body = source.rawBody; // Not JSON (an HTML 502 from a proxy): keep the text.
    }
  }
  if (nestsDeeper(body, MAX_BODY_DEPTH)) {
    // Deeper than any real error body (a hostile server's): redacting or serializing it would overflow the stack.
    const text = `(an error body nested more than ${MAX_BODY_DEPTH} levels deep: not shown)`;
    return { body: text, rawBody: text };
  }
  const rawBody = source.rawBody ?? (typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body));
  if (forms.length === 0) return { body, rawBody };
  const redacted = redactValue(body, forms);
  // A JSON body is redacted after parsing (so \/ and \u002f escapes cannot hide a credential); its text is rebuilt from that.
  const changed = typeof body === "object" && body !== null && JSON.stringify(redacted) !== JSON.stringify(body);
  return { body: redacted, rawBody: changed ? JSON.stringify(redacted) : redactForms(rawBody, forms) };
}

// Far deeper than any real error body, far shallower than what overflows the stack.
const MAX_BODY_DEPTH = 100;

/** Whether a parsed JSON value nests deeper than `levels` (looking no deeper than that). */
function nestsDeeper(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== "object") return false;
  return levels === 0 || Object.values(value).some((item) => nestsDeeper(item, levels - 1));
}

/** Reads an error Response (body not yet read) into the matching typed error. */
export async function createApiError<TBody = unknown>(
  response: Response,
  options: { secrets?: Iterable<string>; method?: string } = {},
): Promise<ApiError<TBody>> {
  const rawBody = await response.text().catch(() => "");
  return apiErrorFrom<TBody>({ status: response.status, statusText: response.statusText, headers: response.headers, rawBody, url: response.url, ...options });
}

/** Codat's `correlationId`, Powens's `request_id`, else a request-id header. */
export function findRequestId(body: unknown, headers: Headers): string | undefined {
  const record = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const id = record.correlationId || record.request_id || headers.get("x-request-id") || headers.get("x-correlation-id");
  return typeof id === "string" || typeof id === "number" ? sanitizeText(String(id), 100) : undefined;
}

/** "HTTP 503 Service Unavailable: <the API's words> (GET https://…) [request id …] (after 3 attempts in 1520 ms)" */
function describeApiError({ status, statusText, body, rawBody, method, url, requestId, retries = "" }: ApiErrorInit<unknown>): string {
  const record = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  // Codat `error`, Powens `code: description` or `message`, else the start of a text body.
  const detail = [record.error, record.description && (record.code ? `${record.code}: ` : "") + record.description, record.message].find(
    (part): part is string => typeof part === "string" && part !== "",
  );
  const text = sanitizeText(detail ?? rawBody.slice(0, 2000).replace(/<[^>]*>/g, " "), detail ? 300 : 200);
  return (
    `HTTP ${status}${statusText ? ` ${sanitizeText(statusText, 60)}` : ""}${text ? `: ${text}` : ""}` +
    (method && url ? ` (${method} ${url.split("?")[0]})` : "") +
    (requestId ? ` [request id ${requestId}]` : "") +
    retries
  );
}
