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

/** Base class of every error Syncline throws. */
export class SynclineError extends Error {
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
  readonly status: number;
  readonly headers: Headers;
  readonly body: TBody;
  readonly rawBody: string;
  /** Codat's `correlationId`, Powens's `request_id`, or the `x-request-id` header. */
  readonly requestId: string | undefined;

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
    return { name: this.name, message: this.message, status: this.status, requestId: this.requestId, body: this.body };
  }
}

export class BadRequestError<T = unknown> extends ApiError<T> {}
export class UnauthorizedError<T = unknown> extends ApiError<T> {}
export class PaymentRequiredError<T = unknown> extends ApiError<T> {}
export class ForbiddenError<T = unknown> extends ApiError<T> {}
export class NotFoundError<T = unknown> extends ApiError<T> {}
export class ConflictError<T = unknown> extends ApiError<T> {}
export class UnprocessableEntityError<T = unknown> extends ApiError<T> {}
export class RateLimitError<T = unknown> extends ApiError<T> {}
export class ServerError<T = unknown> extends ApiError<T> {}

/** The request never got an HTTP answer (DNS, refused, reset). Not thrown for timeouts or aborts. */
export class ConnectionError extends SynclineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An attempt took longer than `timeoutMs` (and no retry was left). */
export class TimeoutError extends SynclineError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, what: string) {
    super(`${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted (their AbortSignal fired). Never retried. */
export class RequestAbortedError extends SynclineError {
}

// Names live on the prototypes, as strings (minifiers rename classes), so
// stack traces read "NotFoundError: ..." from the first line.
const errorNames: [new (...args: never[]) => Error, string][] = [
  [SynclineError, "SynclineError"],
  [ApiError, "ApiError"],
  [BadRequestError, "BadRequestError"],
  [UnauthorizedError, "UnauthorizedError"],
  [PaymentRequiredError, "PaymentRequiredError"],
  [ForbiddenError, "ForbiddenError"],
  [NotFoundError, "NotFoundError"],
  [ConflictError, "ConflictError"],
  [UnprocessableEntityError, "UnprocessableEntityError"],
  [RateLimitError, "RateLimitError"],
  [ServerError, "ServerError"],
  [ConnectionError, "ConnectionError"],
  [TimeoutError, "TimeoutError"],
  [RequestAbortedError, "RequestAbortedError"],
];
for (const [ErrorClass, name] of errorNames) {
  Object.defineProperty(ErrorClass.prototype, "name", { value: name, configurable: true, writable: true });
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
  /** Credentials the request carried: cut from the message and raw body. */
  secrets?: Iterable<string> | undefined;
}

/** Builds the typed error for an error status (the subclass matching it). */
export function apiErrorFrom<TBody = unknown>(source: ApiErrorSource): ApiError<TBody> {
  const secrets = [...(source.secrets ?? [])];
  let rawBody = source.rawBody ?? (typeof source.body === "string" ? source.body : source.body === undefined ? "" : JSON.stringify(source.body));
  rawBody = redactSecrets(rawBody, secrets);
  let body: unknown = source.body;
  if (source.rawBody !== undefined && body === undefined) {
    try {
      body = rawBody === "" ? undefined : JSON.parse(rawBody);
    } catch {
      body = rawBody; // Not JSON (an HTML 502 from a proxy): keep the text.
    }
  } else if (typeof body === "string") {
    body = redactSecrets(body, secrets);
  }
  const ErrorClass = byStatus[source.status] ?? (source.status >= 500 ? ServerError : ApiError);
  const error = new ErrorClass<TBody>({
    status: source.status,
    statusText: source.statusText,
    headers: source.headers,
    body: body as TBody,
    rawBody,
    method: source.method,
    url: source.url,
  } as ApiErrorInit<TBody>);
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

function findRequestId(body: unknown, headers: Headers): string | undefined {
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    for (const key of ["correlationId", "request_id"]) {
      const value = record[key];
      if (typeof value === "string" && value !== "") return value;
      if (typeof value === "number") return String(value);
    }
  }
  return headers.get("x-request-id") ?? headers.get("x-correlation-id") ?? undefined;
}

function describe(init: ApiErrorInit<unknown>, requestId: string | undefined): string {
  const detail = errorText(init.body, init.rawBody);
  const where = init.method && init.url ? ` (${init.method} ${stripQuery(init.url)})` : "";
  return (
    `HTTP ${init.status}${init.statusText ? ` ${init.statusText}` : ""}${detail ? `: ${detail}` : ""}${where}` +
    (requestId ? ` [request id ${requestId}]` : "")
  );
}

/** The API's own words: Codat `error`, Powens `description`/`message`, or the start of a text body. */
function errorText(body: unknown, rawBody: string): string {
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    const parts = [record.error, record.code && record.description ? `${record.code}: ${record.description}` : record.description, record.message]
      .filter((part): part is string => typeof part === "string" && part !== "");
    if (parts.length > 0) return parts[0]!;
  }
  const text = rawBody.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const stripQuery = (url: string): string => url.split("?")[0]!;
