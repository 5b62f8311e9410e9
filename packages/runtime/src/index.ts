export { bearerAuth, codatAuth, codatAuthorization, type Authenticator, type CodatAuthOptions, type TokenSource } from "./auth";
export {
  ApiError,
  apiErrorFrom,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createApiError,
  ForbiddenError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  SynclineError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableEntityError,
  type ApiErrorSource,
  type CodatErrorBody,
  type PowensErrorBody,
} from "./errors";
export type { Logger } from "./logger";
export { paginate, type Page } from "./paginate";
export { ATTEMPT_HEADER, CLIENT_HEADER, createPipeline, type CallOptions, type Pipeline, type PipelineOptions } from "./pipeline";
export { REDACTED, redactSecrets, redactUrl } from "./redact";
export { RetryBudget, type RetryBudgetOptions } from "./retry-budget";
export { runWithRetries, type AttemptEvent, type RetryRunOptions } from "./retry-engine";
export {
  backoffDelay,
  DEFAULT_RETRY_CONFIG,
  resolveRetryPolicy,
  retryAfterMs,
  statusMatcher,
  type BackoffOptions,
  type RetriesOption,
  type RetryConfig,
  type RetryPolicy,
} from "./retry-policy";
export {
  authMiddleware,
  retryMiddleware,
  timeoutMiddleware,
  type AuthMiddlewareOptions,
  type RetryMiddlewareOptions,
} from "./middleware";
export { createOperationClient, operationUrl, type OperationClient, type OperationSpec } from "./operation-client";
export { createRawClient, type RawClientSource } from "./raw-client";
export type { RequestOf, ResponseOf } from "./operation-types";
export { serverUrl } from "./server-url";
