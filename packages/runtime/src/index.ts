// Streaming (fetchStream and the readers of its messages): modules of their own, bundled only by apps that stream.
export { fetchStream, type StreamSource } from "./stream-fetch";
export { readEvents, readJsonEvents, readJsonLines, type ReadEventsOptions, type ServerSentEvent } from "./events";
export { streamAnswer, streamEvents, streamJsonLines, type EventsClient } from "./operation-events";
export {
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  clientCredentialsAuth,
  codatAuth,
  codatAuthorization,
  oauth2TokenAuth,
  refreshingToken,
  securityAuth,
  type ApiKeyLocation,
  type AttemptTarget,
  type Authenticator,
  type ClientCredentialsOptions,
  type CodatAuthOptions,
  type RefreshingToken,
  type RefreshTokenOptions,
  type Security,
  type TokenSource,
} from "./auth";
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "./attempt";
export {
  ApiError,
  apiErrorFrom,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createApiError,
  ForbiddenError,
  InvalidResponseError,
  isApiError,
  isSynclineError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
  RequestAbortedError,
  RequestFailedError,
  ResponseTooLargeError,
  ServerError,
  SynclineError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableEntityError,
  type ApiErrorClass,
  type ApiErrorInit,
  type ApiErrorName,
  type ApiErrorSource,
  type CodatErrorBody,
  type ErrorContext,
  type PowensErrorBody,
  type SynclineErrorName,
} from "./errors";
export type { Logger } from "./logger";
export { paginate, paginateCursor, paginateLinks, paginatePageCount, type CursorPaging, type Page } from "./paginate";
export {
  ATTEMPT_HEADER,
  CLIENT_HEADER,
  createPipeline,
  IDEMPOTENCY_KEY_HEADER,
  type CallOptions,
  type InternalCallOptions,
  type OutgoingRequest,
  type RequestBody,
  type Pipeline,
  type PipelineOptions,
  type SettledCall,
} from "./pipeline";
export { REDACTED, redactSecrets, redactUrl } from "./redact";
export { followRedirectsSafely, type CredentialPlaces } from "./redirects";
export { RetryBudget, type RetryBudgetOptions, retryBudgetFrom } from "./retry-budget";
export { secretFields, secretFieldsExcept, type SecretsOf } from "./secret-fields";
export { runWithRetries, type AttemptEvent, type RetryRunOptions } from "./retry-engine";
export { retryAfterMs } from "./retry-after";
export { withResponse } from "./with-response";
export { fileFromPath, toFile, type FileSource } from "./to-file";
export {
  backoffDelay,
  DEFAULT_RETRY_CONFIG,
  resolveRetryPolicy,
  retryKind,
  statusMatcher,
  type AttemptOutcome,
  type BackoffOptions,
  type RetriesOption,
  type RetryConfig,
  type RetryKind,
  type RetryPolicy,
} from "./retry-policy";
export {
  authMiddleware,
  retryMiddleware,
  timeoutMiddleware,
  type AuthMiddlewareOptions,
  type RetryMiddlewareOptions,
  type TimeoutMiddlewareOptions,
} from "./middleware";
export { createOperationClient, operationUrl, type OperationClient, type OperationSpec } from "./operation-client";
export { createRawClient, type RawClientSource } from "./raw-client";
export { pipelineFetch, type PipelineFetch } from "./raw-fetch";
export type { BinaryInput, EventsOf, JsonLinesMedia, LinesOf, RequestOf, ResponseOf } from "./operation-types";
export { serverHostPart, serverPathPart, serverUrl } from "./server-url";
export { otherParams, styledParam, type OtherParams, type ParamStyle } from "./param-styles";
export {
  answerByType,
  binaryBody,
  blobAnswer,
  formBody,
  multipartBody,
  redirectLocation,
  textAnswer,
  textBody,
  type BodyEncoder,
  type RedirectReader,
  type SuccessDecoder,
} from "./wire-formats";
