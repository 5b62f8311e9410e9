// The mock's HTTP server: faults first, then openapi-backend routes and
// validates the request against the API's published (bundled) spec, a
// lifecycle handler answers, and the answer is validated against the spec too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import addFormats from "ajv-formats";
import { OpenAPIBackend, type Context, type Document } from "openapi-backend";
import { codatError, codatMock } from "./codat";
import { headerFault, parseFault, type Fault } from "./faults";
import { exampleAnswer, genericError, registerGenericSecurity } from "./generic";
import { powensError, powensMock } from "./powens";
import { TOKEN_PATH, tokenReply } from "./oauth2";
import type { Handler, Reply } from "./types";

const load = createRequire(import.meta.url);

/**
 * The APIs the mock serves: every Syncline client it depends on (its
 * package.json; `npm run add-api` adds a new one there), in name order.
 */
export const API_NAMES: readonly string[] = Object.keys((load("../package.json") as { dependencies: Record<string, string> }).dependencies)
  .filter((name) => name.startsWith("@syncline/") && name !== "@syncline/runtime")
  .map((name) => name.slice("@syncline/".length))
  .sort();
/** One of API_NAMES: commerce, payables, platform, powens, or an API added since. */
export type ApiName = string;

/** The credentials the mock accepts unless told otherwise. */
export const DEFAULT_API_KEY = "syncline-mock-key";
export const DEFAULT_ACCESS_TOKEN = "syncline-mock-token";
/** The Powens app credentials the mock accepts unless told otherwise (`/auth/init`, `/auth/token/access`, `/webauth`). */
export const DEFAULT_CLIENT_ID = "12345678";
export const DEFAULT_CLIENT_SECRET = "syncline-mock-secret";

export interface MockServerOptions {
  /** One API, or "all" (each under its own path prefix: /commerce, /powens, ...). */
  api: ApiName | "all";
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The Codat API key the mock accepts (sent as Basic base64(key)). */
  apiKey?: string;
  /** The Powens bearer token of the user the mock starts with (users created by `/auth/init` get their own). */
  accessToken?: string;
  /** The app's client id and secret the mock accepts: Powens's, and the OAuth2 token endpoint's (`tokenUrl`). */
  clientId?: string;
  clientSecret?: string;
  /**
   * A bundled spec (parsed JSON) to serve for an API instead of its package's `openapi.json`: the
   * spec you are editing, before its client is released. Operations the mock does not model
   * answer from the spec, marked `x-mock-answer: example`.
   */
  specs?: Partial<Record<ApiName, object>>;
}

export interface MockServer {
  /** Base URL of the API (with "all": of the server; see `urls`). */
  url: string;
  /** Base URL of each API served. */
  urls: Record<ApiName, string>;
  /** Queue faults for the next requests, as tokens ("503", "429:2", "reset", "delay:300"). */
  injectFaults(faults: string[]): void;
  /**
   * Does what the customer does at a Codat connection's `linkUrl`: authorizes it, so it becomes
   * Linked. False when no mocked connection has that linkUrl. Over HTTP: `POST /__mock/link` with
   * `{ "linkUrl": "..." }`.
   */
  completeLink(linkUrl: string): boolean;
  /**
   * An OAuth2 token endpoint (client credentials grant) taking the mock's `clientId` and
   * `clientSecret`: the `tokenUrl` to give a client that fetches its own access token.
   */
  tokenUrl: string;
  close(): Promise<void>;
}

/**
 * How the mock plays one API. Codat's and Powens's connection lifecycles are
 * written by hand (state, errors in the vendor's shape, the exact credential);
 * any other API answers from its spec (generic.ts).
 */
interface Lifecycle {
  handlers: Record<string, Handler>;
  /** The answer of an operation without a handler; by default its spec's example (or data made from its schema). */
  answer?(c: Context): Reply | undefined;
  error(c: Context | undefined, status: number, message: string, violations?: string[]): Reply;
  authorize(backend: OpenAPIBackend, definition: Document, options: MockServerOptions): void;
  unauthorized: string;
  /** Codat sends its rate-limit headers on every answer. */
  rateLimitHeaders: boolean;
  /** Codat's link flow, finished: the connection at this linkUrl becomes Linked (false: no such connection). */
  completeLink?(linkUrl: string): boolean;
}

const codat = (): Lifecycle => {
  const mock = codatMock();
  return {
    handlers: mock.handlers,
    completeLink: mock.completeLink,
    error: (_c, status, message, violations = []) =>
      codatError(
        status,
        message,
        violations.map((v) => ({ itemId: v.split(" ")[0] ?? null, message: v })),
      ),
    authorize: (backend, _definition, options) => {
      const expected = `Basic ${Buffer.from(options.apiKey ?? DEFAULT_API_KEY).toString("base64")}`;
      backend.registerSecurityHandler("auth_header", (c: Context) => c.request.headers.authorization === expected);
    },
    unauthorized: "Unauthorized: send Authorization: Basic <base64 of the API key> (the Syncline clients encode apiKey for you)",
    rateLimitHeaders: true,
  };
};

const powens = (options: MockServerOptions): Lifecycle => {
  const mock = powensMock({
    accessToken: options.accessToken ?? DEFAULT_ACCESS_TOKEN,
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
  });
  return {
    handlers: mock.handlers,
    error: (_c, status, message, violations = []) =>
      powensError(
        status,
        status === 401 ? "forbidden" : status === 404 ? "invalidValue" : status >= 500 ? "bug" : "invalidValue",
        violations.length ? `${message}: ${violations.join("; ")}` : message,
      ),
    // A token the mock was given, or one it issued (auth/init, auth/token/access) to a user that still exists.
    authorize: (backend) =>
      backend.registerSecurityHandler("bearerAuth", (c: Context) => mock.authorizes(c.request.headers.authorization as string | undefined)),
    unauthorized: "Invalid or missing access token: send Authorization: Bearer <access token>",
    rateLimitHeaders: false,
  };
};

const fromSpec = (): Lifecycle => ({
  handlers: {},
  answer: exampleAnswer,
  error: genericError,
  authorize: (backend, definition) => registerGenericSecurity(backend, definition),
  unauthorized: "Missing credentials: send those the operation's security schemes ask for",
  rateLimitHeaders: false,
});

const LIFECYCLES: Record<string, (options: MockServerOptions) => Lifecycle> = { commerce: codat, payables: codat, platform: codat, powens };

interface ApiBackend {
  backend: OpenAPIBackend;
  error(status: number, message: string): Reply;
  rateLimitHeaders: boolean;
  completeLink?(linkUrl: string): boolean;
}

async function createBackend(api: ApiName, options: MockServerOptions): Promise<ApiBackend> {
  const definition = structuredClone(options.specs?.[api] ?? load(`@syncline/${api}/openapi.json`)) as Document;
  const lifecycle = (LIFECYCLES[api] ?? fromSpec)(options);
  const backend = new OpenAPIBackend({
    definition,
    // Redocly lints the specs (OpenAPI 3.1); openapi-backend's own definition check knows only 3.0.
    quick: true,
    validate: true,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
      ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
      // A vendor's own formats (Powens's sql-date-time, monetary, iban...) are notes here, not checks.
      for (const format of formatsIn(definition)) if (!ajv.formats[format]) ajv.addFormat(format, true);
      return ajv;
    },
  });
  lifecycle.authorize(backend, definition, options);

  const violations = (c: Context) =>
    (c.validation.errors ?? []).map((e) => `${e.instancePath.replace(/^\//, "").replaceAll("/", ".") || "request"} ${e.message}`);
  const noOperation = (c: Context) => lifecycle.error(undefined, 404, `No operation for ${c.request.method.toUpperCase()} ${c.request.path}`);
  backend.register({
    notFound: noOperation,
    methodNotAllowed: noOperation,
    unauthorizedHandler: (c: Context) => lifecycle.error(c, 401, lifecycle.unauthorized),
    validationFail: (c: Context) => {
      // 400 where the operation documents it; else 404 (an invalid id names nothing that exists).
      const status = c.operation.responses?.["400"] ? 400 : 404;
      return lifecycle.error(c, status, "The request does not match the API description", violations(c));
    },
    // An operation the lifecycle does not model (one just added to a spec) still answers, from its spec, and says so.
    notImplemented: (c: Context) => {
      const reply = (lifecycle.answer ?? exampleAnswer)(c);
      if (!reply) return lifecycle.error(c, 500, `The mock does not implement ${c.operation.operationId}`);
      return { ...reply, headers: { ...reply.headers, [FROM_SPEC_HEADER]: "example" } };
    },
  });
  await backend.init();
  for (const [operationId, handler] of Object.entries(lifecycle.handlers)) {
    if (!backend.getOperation(operationId)) continue; // e.g. get-sync-flow-url exists only in commerce
    backend.register(operationId, (c: Context, extra: { defer(work: () => void): void }) =>
      handler({
        params: c.request.params as Record<string, string>,
        query: c.request.query as Record<string, string | undefined>,
        body: c.request.requestBody,
        path: c.request.path,
        authorization: c.request.headers.authorization as string | undefined,
        defer: extra.defer,
      }),
    );
  }
  return {
    backend,
    error: (status, message) => lifecycle.error(undefined, status, message),
    rateLimitHeaders: lifecycle.rateLimitHeaders,
    completeLink: lifecycle.completeLink,
  };
}

/** Marks an answer made from the spec (its example, or data from its schema) rather than the mock's state. */
export const FROM_SPEC_HEADER = "x-mock-answer";

/** The largest request body the mock reads; these APIs take small JSON bodies. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** The request body, or undefined once it passes MAX_REQUEST_BYTES (reading stops there). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers["content-length"]) > MAX_REQUEST_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// A browser app on another origin may call the mock: allow every origin and the headers the clients send.
const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, idempotency-key, x-syncline-attempt, x-syncline-client, x-mock-fault",
  "access-control-expose-headers": "retry-after, x-request-id, x-mock-answer, x-mock-reason, x-rate-limit-limit, x-rate-limit-remaining, x-rate-limit-reset",
  "access-control-max-age": "600",
};

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...CORS_HEADERS, ...extraHeaders, ...reply.headers };
  const json = !reply.contentType || /[/+]json\b/.test(reply.contentType);
  if (reply.body !== undefined) headers["content-type"] = reply.contentType ?? "application/json";
  res.writeHead(reply.status, headers);
  res.end(reply.body === undefined ? undefined : json ? JSON.stringify(reply.body) : String(reply.body));
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const apis: ApiName[] = options.api === "all" ? [...API_NAMES] : [options.api];
  for (const api of apis) if (!API_NAMES.includes(api)) throw new TypeError(`api must be one of ${API_NAMES.join(", ")} or all, got ${JSON.stringify(api)}`);
  const backends = new Map<ApiName, ApiBackend>();
  for (const api of apis) backends.set(api, await createBackend(api, options));
  const queued: Fault[] = [];
  const completeLink = (linkUrl: string) => [...backends.values()].some((target) => target.completeLink?.(linkUrl) ?? false);
  let remaining = 12_000;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://mock");
    if (req.method === "OPTIONS") return send(res, { status: 204 }); // CORS preflight
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      // Answer before the rest arrives, and close: the mock never holds a huge body in memory.
      res.setHeader("connection", "close");
      send(res, { status: 413, body: { error: `The request body is larger than ${MAX_REQUEST_BYTES} bytes` } });
      return void req.socket.end();
    }
    if (url.pathname === "/__mock/link" && req.method === "POST") {
      let linkUrl: unknown;
      try {
        linkUrl = (JSON.parse(rawBody) as { linkUrl?: unknown }).linkUrl;
      } catch {
        return send(res, { status: 400, body: { error: 'Send { "linkUrl": "<the connection\'s linkUrl>" }' } });
      }
      if (typeof linkUrl === "string" && completeLink(linkUrl)) return send(res, { status: 204 });
      return send(res, { status: 404, body: { error: `No mocked connection has the linkUrl ${JSON.stringify(linkUrl)}` } });
    }
    if (url.pathname === TOKEN_PATH && req.method === "POST") {
      return send(
        res,
        tokenReply(rawBody, req.headers.authorization, {
          clientId: options.clientId ?? DEFAULT_CLIENT_ID,
          clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
        }),
      );
    }
    if (url.pathname === "/__mock/faults" && req.method === "POST") {
      try {
        queued.push(...(JSON.parse(rawBody) as { faults: string[] }).faults.map(parseFault));
        return send(res, { status: 204 });
      } catch (error) {
        return send(res, { status: 400, body: { error: (error as Error).message } });
      }
    }
    const [api, path] =
      options.api === "all" ? [url.pathname.split("/")[1] as ApiName, `/${url.pathname.split("/").slice(2).join("/")}`] : [options.api, url.pathname];
    const target = backends.get(api);
    if (!target) return send(res, { status: 404, body: { error: `No mocked API at ${url.pathname}; try /${API_NAMES.join(", /")}` } });
    const rateHeaders: Record<string, string> = target.rateLimitHeaders
      ? { "x-rate-limit-limit": "12000", "x-rate-limit-remaining": String(Math.max(0, --remaining)), "x-rate-limit-reset": nextMidnight() }
      : {};

    // Faults first: a queued one, else the one x-mock-fault names for this attempt.
    let fault: Fault | undefined;
    try {
      fault = queued.shift() ?? headerFault(req.headers["x-mock-fault"] as string | undefined, Number(req.headers["x-syncline-attempt"] ?? 1));
    } catch (error) {
      return send(res, target.error(400, (error as Error).message), rateHeaders);
    }
    if (fault?.kind === "reset") return void req.socket.destroy();
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "status") {
      const reply = target.error(fault.status, `Injected fault: HTTP ${fault.status}`);
      return send(res, reply, { ...rateHeaders, ...(fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {}) });
    }

    // JSON and form bodies are validated as objects; any other media type goes on as text.
    let body: unknown = rawBody === "" ? undefined : rawBody;
    const mediaType = req.headers["content-type"] ?? "application/json";
    if (rawBody !== "" && /^application\/x-www-form-urlencoded/i.test(mediaType)) body = Object.fromEntries(new URLSearchParams(rawBody));
    else if (rawBody !== "" && /[/+]json\b/i.test(mediaType)) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return send(res, target.error(400, "The request body is not valid JSON"), rateHeaders);
      }
    }
    const deferred: (() => void)[] = [];
    const reply = (await target.backend.handleRequest(
      { method: req.method ?? "GET", path, query: url.search.slice(1), headers: req.headers as Record<string, string>, body },
      { defer: (work: () => void) => deferred.push(work) },
    )) as Reply;
    // The mock holds itself to the spec: an answer the spec does not allow is a mock bug, said loudly.
    const operation = target.backend.matchOperation({ method: req.method ?? "GET", path, headers: {} });
    if (operation && reply.body !== undefined && operation.responses?.[String(reply.status)]) {
      const check = target.backend.validateResponse(reply.body, operation, reply.status);
      if (check.errors?.length) {
        return send(res, { status: 500, body: { error: "mock produced a response the spec does not allow", errors: check.errors } });
      }
    }
    send(res, reply, rateHeaders);
    for (const work of deferred) setTimeout(work, 25).unref();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: `mock failure: ${(error as Error).message}` } });
    });
  });
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await once(server, "listening");
  const { address, family, port } = server.address() as AddressInfo;
  // An IPv6 address goes in brackets in a URL (http://[::1]:4010).
  const base = `http://${family === "IPv6" ? `[${address}]` : address}:${port}`;
  const urls = Object.fromEntries(apis.map((api) => [api, options.api === "all" ? `${base}/${api}` : base]));
  return {
    url: base,
    urls,
    injectFaults: (faults) => queued.push(...faults.map(parseFault)),
    completeLink,
    tokenUrl: base + TOKEN_PATH,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

function nextMidnight(): string {
  const date = new Date();
  date.setUTCHours(24, 0, 0, 0);
  return date.toISOString();
}

/** Every `format` a spec's schemas name. */
function formatsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) formatsIn(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") found.add(value);
      else formatsIn(value, found);
    }
  }
  return found;
}
