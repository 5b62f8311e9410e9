// What every generated resource method calls: checks the request object
// (required and unknown parameters, unsafe path values), builds the URL and
// body, sends them through the pipeline, and turns error statuses into typed
// errors. It builds requests itself rather than through openapi-fetch's
// createClient: the operations are known at generation time, so the client
// needs neither its middleware loop nor every serialization style (see
// bench/ for the bytes). `createRawClient` gives the openapi-fetch client,
// over the same pipeline, to whoever wants it.
import { responseContext } from "./attempt";
import type { Security } from "./auth";
import type { OtherParams, ParamStyle } from "./param-styles";
import type { SecretsOf } from "./secret-fields";
import type { BodyEncoder, RedirectReader, SuccessDecoder } from "./wire-formats";
import { apiErrorFrom, InvalidResponseError } from "./errors";
import type { CallOptions, InternalCallOptions, Pipeline, RequestBody, SettledCall } from "./pipeline";
import { redactCredentialFields, redactSecrets, redactUrl, sanitizeText } from "./redact";

/** An operation as the generator describes it (from the spec). */
export interface OperationSpec {
  /** The client method name, for error messages. */
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
  /** The spec's path template; its `{name}` parts are the path parameters, all required. */
  path: string;
  queryParams?: readonly string[];
  /** Array query parameters sent comma-separated (`style: form, explode: false`); other arrays repeat the name. */
  commaSeparated?: readonly string[];
  /** Parameters sent as headers, under their spec names (arrays comma-separated). */
  headerParams?: readonly string[];
  /** Parameters sent as cookies. */
  cookieParams?: readonly string[];
  /** Path and query parameters in styles other than simple and form. */
  styles?: Readonly<Record<string, ParamStyle>>;
  /** Writes the header, cookie and styled parameters: the runtime's `otherParams` (param-styles.ts), set by operations that have any. */
  otherParams?: OtherParams;
  /** Query parameters (and `requestBody`) a call must give, besides the path parameters. */
  required?: readonly string[];
  /** Whether the operation has a request body. */
  body?: boolean;
  /**
   * How the body is sent when it is not JSON: one of the runtime's `formBody`,
   * `multipartBody`, `binaryBody`, `textBody` (wire-formats.ts).
   */
  encodeBody?: BodyEncoder;
  /** The body's media type when it is not the usual one for its encoder (`application/merge-patch+json`). */
  contentType?: string;
  /** Every documented success answer has a JSON body: an empty one is an InvalidResponseError. */
  json?: boolean;
  /** How a success body is read when it is not JSON: the runtime's `textAnswer`, `blobAnswer` or `answerByType`. */
  decodeSuccess?: SuccessDecoder;
  /** The `Accept` header: the success media types the spec documents. */
  accept?: string;
  /** The credentials in a request body (fields the spec marks `format: password`): the runtime's `secretFields` or `secretFieldsExcept`. */
  secretsOf?: SecretsOf;
  /** Safe to send twice (`x-syncline-idempotent`): retried like a GET even when it is a POST or PATCH. */
  idempotent?: boolean;
  /** The operation's own default timeout per attempt, ms (`x-syncline-timeout-ms`), for calls the API answers slowly. */
  timeoutMs?: number;
  /** false for operations the spec marks `security: []`. */
  auth?: boolean;
  /** The operation's own security requirements, for a client with several schemes (credential option names). */
  security?: Security;
  /** The success is a redirect: the runtime's `redirectLocation`, which resolves to its Location instead of following it. */
  redirect?: RedirectReader;
}

export interface OperationClient {
  /** Where the API lives (no trailing slash): the base of every operation's path. */
  readonly baseUrl: string;
  call<T>(operation: OperationSpec, request: object | undefined, options?: CallOptions): Promise<T>;
  /**
   * `call`, also giving the response the answer came in (its status, headers and URL; its body is
   * read already); `url`, an absolute URL on the client's origin (a page's `Link: rel="next"`,
   * checked by `paginateLinks`), replaces the operation's own URL.
   */
  callWithResponse<T>(operation: OperationSpec, request: object | undefined, options?: CallOptions, url?: string): Promise<{ value: T; response: Response }>;
}

const decoder = new TextDecoder();

export function createOperationClient(options: { baseUrl: string; pipeline: Pipeline }): OperationClient {
  const { pipeline } = options;
  const baseUrl = checkUrlOption(options.baseUrl).replace(/\/$/, "");

  async function callWithResponse<T>(
    operation: OperationSpec,
    request: object | undefined = {},
    call?: CallOptions,
    url?: string,
  ): Promise<{ value: T; response: Response }> {
    const input = checkRequest(operation, request);
    const headers = new Headers(call?.headers);
    operation.otherParams?.setHeaders(operation, input, headers);
    if (operation.accept && !headers.has("accept")) headers.set("accept", operation.accept);
    let body: RequestBody | undefined;
    if (operation.body && input.requestBody !== undefined) {
      if (operation.encodeBody) body = operation.encodeBody(input.requestBody, headers, operation);
      else {
        body = JSON.stringify(input.requestBody);
        // JSON writes NaN and Infinity as null: only a body with a null is written again, to find one.
        if (body.includes("null")) JSON.stringify(input.requestBody, (field, value) => finite(operation, `requestBody.${field}`, value));
        if (!headers.has("content-type")) headers.set("content-type", operation.contentType ?? "application/json");
      }
    }
    const { idempotent, timeoutMs: operationTimeoutMs, auth, security } = operation;
    const internal: InternalCallOptions = { ...call, idempotent, operationTimeoutMs, auth, security };
    if (operation.secretsOf && input.requestBody !== undefined) internal.secrets = [...(call?.secrets ?? []), ...operation.secretsOf(input.requestBody)];
    const target = url ?? baseUrl + pathAndQuery(operation, input);
    const settled = await pipeline.send({ method: operation.method, url: target, headers, body, redirect: operation.redirect && "manual" }, internal);
    const { response } = settled;
    const answer = (value: unknown) => ({ value: value as T, response });
    const location = operation.redirect?.(response);
    if (location) return answer(location);
    // A decoder that returns undefined leaves the answer to the JSON reading below (answerByType, for a JSON answer).
    const decoded = response.ok ? operation.decodeSuccess?.(settled.body, response) : undefined;
    if (decoded !== undefined) return answer(decoded);
    const text = settled.body === null ? "" : decoder.decode(settled.body);
    if (!response.ok) {
      // The call's method, URL, secrets and retries; its body is the bytes, so the text goes as rawBody.
      throw apiErrorFrom({ ...settled, body: undefined, status: response.status, statusText: response.statusText, headers: response.headers, rawBody: text });
    }
    return answer(parseSuccess(operation, settled, text));
  }

  return {
    baseUrl,
    call: async <T>(operation: OperationSpec, request: object | undefined, options?: CallOptions) =>
      (await callWithResponse<T>(operation, request, options)).value,
    callWithResponse,
  };
}

/** The JSON a success answer carries; an InvalidResponseError when it is not what the operation returns. */
function parseSuccess(operation: OperationSpec, settled: SettledCall, text: string): unknown {
  const invalid = (problem: string) =>
    new InvalidResponseError(`${operation.name}: ${settled.method} ${settled.url} answered ${settled.response.status} ${problem}`, {
      ...responseContext(settled.response, settled),
      rawBody: redactCredentialFields(redactSecrets(text, settled.secrets)),
    });
  if (text === "") {
    if (operation.json) throw invalid("with an empty body, where the API documents a JSON one");
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Not the parser's own message: it quotes the body, where a credential may be echoed (rawBody has the body, redacted).
    const type = settled.response.headers.get("content-type");
    throw invalid(`with a body that is not JSON (${type ? sanitizeText(type, 100) : "no content type"}, ${text.length} characters)`);
  }
}

/**
 * A URL option (`baseUrl`, an OAuth2 `tokenUrl`), checked once when its client is created: an
 * absolute http(s) URL with no query, fragment or credentials (they would swallow or leak every
 * request's path). Plain http to a host other than this machine gets a warning: credentials would
 * cross the network unencrypted. Errors show the URL only when it carries no credentials.
 */
export function checkUrlOption(value: string, option = "baseUrl"): string {
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  const credentials = url?.username || url?.password;
  if (!url || !/^https?:$/.test(url.protocol) || credentials || /[?#]/.test(value)) {
    const shown = credentials ? "a URL with credentials" : JSON.stringify(redactUrl(String(value)));
    throw new TypeError(`${option} must be an absolute http(s) URL without query, fragment or credentials, got ${shown}`);
  }
  if (url.protocol === "http:" && !/^(localhost|127(\.\d+){3}|\[::1\])$/.test(url.hostname)) {
    console.warn(`[syncline] ${option} ${url.origin} is plain http: credentials will be sent unencrypted`);
  }
  return value;
}

const PATH_PARAM = /\{([^{}]+)\}/g;

/** `value`, unless it is NaN or Infinity (sent, they would read /things/NaN, page=Infinity, or a null in JSON). */
function finite(operation: OperationSpec, what: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError(`${operation.name}: ${what} must be a finite number, got ${value}`);
  return value;
}

/** The URL a call would request, checked the same way, for a browser to open (nothing is sent). */
export function operationUrl(baseUrl: string, operation: OperationSpec, request: object): string {
  return baseUrl.replace(/\/$/, "") + pathAndQuery(operation, checkRequest(operation, request));
}

/** The path with its parameters filled in, plus the query string: the encoding openapi-fetch uses for these styles. */
function pathAndQuery(operation: OperationSpec, input: Record<string, unknown>): string {
  const { styles, otherParams } = operation;
  // A vendor's path may carry a fixed query of its own (`/responses/{id}/input_items?beta=true`): it leads the query.
  const [template, ...query] = operation.path.split("?");
  const url = template!.replace(PATH_PARAM, (_, name: string) =>
    styles?.[name] && otherParams ? otherParams.styled(name, input[name], styles[name]) : encodeURIComponent(String(input[name])),
  );
  for (const name of operation.queryParams ?? []) {
    const value = input[name];
    if (value == null) continue;
    if (styles?.[name] && otherParams) {
      const pairs = otherParams.styled(name, value, styles[name]);
      if (pairs) query.push(pairs);
    } else if (Array.isArray(value) && value.length && operation.commaSeparated?.includes(name))
      query.push(`${name}=${value.map(encodeURIComponent).join(",")}`);
    // One value, or an array's items each under the name (form, explode: true).
    else for (const item of [value].flat()) query.push(`${name}=${encodeURIComponent(String(item))}`);
  }
  return query.length ? `${url}?${query.join("&")}` : url;
}

/** JavaScript callers get the checks TypeScript gives at compile time, before any request is sent. */
function checkRequest(operation: OperationSpec, request: object | undefined): Record<string, unknown> {
  const fail = (problem: string) => {
    throw new TypeError(`${operation.name}: ${problem}`);
  };
  if (request === null || typeof request !== "object") fail(`expected a request object, got ${request === null ? "null" : typeof request}`);
  const input = request as Record<string, unknown>;
  const { queryParams = [], required = [] } = operation;
  const pathParams = Array.from(operation.path.matchAll(PATH_PARAM), (match) => match[1]!);
  for (const name of [...pathParams, ...required]) if (input[name] == null) fail(`missing required parameter "${name}"`);
  // Encoding keeps "/" out of a path value, but "." and ".." would still
  // climb the URL path (/companies/../connections).
  const styled = (name: string) => operation.styles?.[name] !== undefined;
  for (const name of pathParams.filter((param) => !styled(param))) {
    const raw = input[name];
    if (typeof raw !== "string" && typeof raw !== "number")
      fail(`path parameter "${name}" must be a string or number, got ${Array.isArray(raw) ? "an array" : typeof raw}`);
    finite(operation, `parameter "${name}"`, raw);
    const value = String(raw);
    if (/^\.{0,2}$/.test(value)) fail(`path parameter "${name}" must not be ${JSON.stringify(value)}`); // "", "." or ".."
  }
  for (const name of queryParams.filter((param) => !styled(param))) {
    const value = input[name];
    const items = Array.isArray(value) ? value : [value];
    if (items.some((item) => item !== null && typeof item === "object")) fail(`query parameter "${name}" must be a string, number, boolean or array of them`);
    for (const item of items) finite(operation, `parameter "${name}"`, item);
  }
  // Header and cookie values are checked where they are written (otherParams).
  const { headerParams = [], cookieParams = [] } = operation;
  const known = [...pathParams, ...queryParams, ...headerParams, ...cookieParams, ...(operation.body ? ["requestBody"] : [])];
  for (const name in input) if (!known.includes(name)) fail(`unknown parameter "${name}" (expected one of: ${known.join(", ") || "none"})`);
  return input;
}
