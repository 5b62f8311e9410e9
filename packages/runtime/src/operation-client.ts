// What every generated resource method calls: checks the request object
// (required and unknown parameters, unsafe path values), sends it through
// openapi-fetch and the pipeline, and turns error statuses into typed errors.
import createClient, { type Client, type QuerySerializerOptions } from "openapi-fetch";
import { apiErrorFrom } from "./errors";
import type { CallOptions, Pipeline } from "./pipeline";

/** An operation as the generator describes it (from the spec). */
export interface OperationSpec {
  /** The client method name, for error messages. */
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  pathParams?: readonly string[];
  queryParams?: readonly string[];
  /** Parameters (and `requestBody`) a call must give. */
  required?: readonly string[];
  /** Whether the operation has a request body. */
  body?: boolean;
  /** false for operations the spec marks `security: []`. */
  auth?: boolean;
  /** The success is a redirect: resolve to its Location instead of following it. */
  redirect?: boolean;
}

export interface OperationClient<Paths extends {}> {
  /** The underlying openapi-fetch client, with the same auth, retries and timeouts. */
  raw: Client<Paths>;
  call<T>(operation: OperationSpec, request: object | undefined, options?: CallOptions): Promise<T>;
}

export function createOperationClient<Paths extends {}>(options: {
  baseUrl: string;
  pipeline: Pipeline;
  querySerializer?: QuerySerializerOptions;
}): OperationClient<Paths> {
  const { pipeline } = options;
  const raw = createClient<Paths>({
    baseUrl: options.baseUrl,
    fetch: (request: Request) => pipeline.fetch(request),
    ...(options.querySerializer ? { querySerializer: options.querySerializer } : {}),
  });

  async function call<T>(operation: OperationSpec, request: object | undefined = {}, call?: CallOptions): Promise<T> {
    const input = checkRequest(operation, request);
    const path: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    for (const name of operation.pathParams ?? []) path[name] = input[name];
    for (const name of operation.queryParams ?? []) if (input[name] !== undefined) query[name] = input[name];
    const internal = operation.auth === false ? { ...call, auth: false as const } : call;
    const init: Record<string, unknown> = {
      ...call, // signal and headers go to openapi-fetch as they are
      params: { path, query },
      body: operation.body ? input.requestBody : undefined,
      redirect: operation.redirect ? "manual" : undefined,
      fetch: (req: Request) => pipeline.fetch(req, internal),
    };

    const { data, error, response } = await (raw as unknown as { request: Function }).request(operation.method, operation.path, init);
    if (operation.redirect && response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      if (location) return location as T;
    }
    if (!response.ok) {
      throw apiErrorFrom({
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: error,
        method: operation.method,
        url: response.url,
        secrets: pipeline.secrets,
      });
    }
    return data as T;
  }

  return { raw, call };
}

/** JavaScript callers get the checks TypeScript gives at compile time, before any request is sent. */
function checkRequest(operation: OperationSpec, request: object | undefined): Record<string, unknown> {
  const fail = (problem: string) => {
    throw new TypeError(`${operation.name}: ${problem}`);
  };
  if (request === null || typeof request !== "object") fail(`expected a request object, got ${request === null ? "null" : typeof request}`);
  const input = request as Record<string, unknown>;
  const { pathParams = [], queryParams = [], required = [] } = operation;
  for (const name of required) if (input[name] == null) fail(`missing required parameter "${name}"`);
  // openapi-fetch percent-encodes path values, but "." and ".." would still
  // climb the URL path (/companies/../connections).
  for (const name of pathParams) {
    const value = String(input[name]);
    if (value === "" || value === "." || value === "..") fail(`path parameter "${name}" must not be ${JSON.stringify(value)}`);
  }
  const known = [...pathParams, ...queryParams, ...(operation.body ? ["requestBody"] : [])];
  for (const name in input) if (!known.includes(name)) fail(`unknown parameter "${name}" (expected one of: ${known.join(", ") || "none"})`);
  return input;
}
