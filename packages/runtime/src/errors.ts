import { redactSecrets } from "./redact";

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

// Every class sets its name on its prototype, as a string (minifiers rename
// classes), so stack traces read "NotFoundError: ..." from the first line.

/** Base class of every error Syncline throws. */
export class SynclineError extends Error {
  static {
    this.prototype.name = "SynclineError";
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

export interface ApiErrorInit<TBody> {
  status: number;
  statusText?: string;
  headers: Headers;
  body: TBody;
  /** The body as received, for bodies that are not JSON (an HTML page from a proxy). */
  rawBody: string;
  method?: string | undefined;
  url?: string | undefined;
}

/** The API answered with an error status. `body` is the parsed error body (or the raw text). */
export class ApiError<TBody = unknown> extends SynclineError {
  static {
    this.prototype.name = "ApiError";
  }
  // `declare`: set in the constructor, so no class-field initializers are emitted.
  declare readonly status: number;
  declare readonly headers: Headers;
  declare readonly body: TBody;
  declare readonly rawBody: string;
  /** Codat's `correlationId`, Powens's `request_id`, or the `x-request-id` header. */
  declare readonly requestId: string | undefined;

  constructor(init: ApiErrorInit<TBody>) {
    const requestId = findRequestId(init.body, init.headers);
    super(describe(init, requestId));
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.rawBody = init.rawBody;
    this.requestId = requestId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, requestId: this.requestId, body: this.body };
  }
}

export class BadRequestError<T = unknown> extends ApiError<T> { static { this.prototype.name = "BadRequestError"; } }
export class UnauthorizedError<T = unknown> extends ApiError<T> { static { this.prototype.name = "UnauthorizedError"; } }
export class PaymentRequiredError<T = unknown> extends ApiError<T> { static { this.prototype.name = "PaymentRequiredError"; } }
export class ForbiddenError<T = unknown> extends ApiError<T> { static { this.prototype.name = "ForbiddenError"; } }
export class NotFoundError<T = unknown> extends ApiError<T> { static { this.prototype.name = "NotFoundError"; } }
export class ConflictError<T = unknown> extends ApiError<T> { static { this.prototype.name = "ConflictError"; } }
export class UnprocessableEntityError<T = unknown> extends ApiError<T> { static { this.prototype.name = "UnprocessableEntityError"; } }
export class RateLimitError<T = unknown> extends ApiError<T> { static { this.prototype.name = "RateLimitError"; } }
export class ServerError<T = unknown> extends ApiError<T> { static { this.prototype.name = "ServerError"; } }

/** The request never got an HTTP answer (DNS, refused, reset). Not thrown for timeouts or aborts. */
export class ConnectionError extends SynclineError { static { this.prototype.name = "ConnectionError"; } }

/** An attempt took longer than `timeoutMs` (and no retry was left). */
export class TimeoutError extends SynclineError {
  static {
    this.prototype.name = "TimeoutError";
  }
  declare readonly timeoutMs: number;
  constructor(timeoutMs: number, what: string) {
    super(`${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted (their AbortSignal fired). Never retried. */
export class RequestAbortedError extends SynclineError { static { this.prototype.name = "RequestAbortedError"; } }

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
  /** Credentials the request carried: cut from the message and raw body. */
  secrets?: Iterable<string> | undefined;
}

/** Builds the typed error for an error status (the subclass matching it). */
export function apiErrorFrom<TBody = unknown>(source: ApiErrorSource): ApiError<TBody> {
  const secrets = [...(source.secrets ?? [])];
  let { body, rawBody = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body) } = source;
  const redacted = redactSecrets(rawBody, secrets);
  // A body echoing a credential is rebuilt from the redacted text, so no copy of it keeps the secret.
  if (body === undefined || redacted !== rawBody) {
    try {
      body = redacted ? JSON.parse(redacted) : undefined;
    } catch {
      body = redacted; // Not JSON (an HTML 502 from a proxy): keep the text.
    }
  }
  const ErrorClass = byStatus[source.status] ?? (source.status > 499 ? ServerError : ApiError);
  const error = new ErrorClass<TBody>({ ...source, body: body as TBody, rawBody: redacted });
  // The message quotes the API's own text; make sure no credential rides along.
  error.message = redactSecrets(error.message, secrets);
  return error;
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
function findRequestId(body: unknown, headers: Headers): string | undefined {
  const record = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const id = record.correlationId || record.request_id || headers.get("x-request-id") || headers.get("x-correlation-id");
  return id ? String(id) : undefined;
}

/** "HTTP 404 Not Found: <the API's words> (GET https://…) [request id …]" */
function describe({ status, statusText, body, rawBody, method, url }: ApiErrorInit<unknown>, requestId: string | undefined): string {
  const record = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  // Codat `error`, Powens `code: description` or `message`, else the start of a text body.
  let detail = [record.error, record.description && (record.code ? `${record.code}: ` : "") + record.description, record.message].find(
    (part): part is string => typeof part === "string" && part !== "",
  );
  if (!detail) {
    const text = rawBody.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    detail = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
  return (
    `HTTP ${status}${statusText ? ` ${statusText}` : ""}${detail ? `: ${detail}` : ""}` +
    (method && url ? ` (${method} ${url.split("?")[0]})` : "") +
    (requestId ? ` [request id ${requestId}]` : "")
  );
}
