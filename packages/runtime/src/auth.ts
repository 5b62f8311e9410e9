import { AttemptScope, readBody, responseContext } from "./attempt";
import { apiErrorFrom, ConnectionError, InvalidResponseError, SynclineError } from "./errors";
import { checkUrlOption } from "./operation-client";
import { base64Utf8, redactCredentialFields, redactSecrets, redactUrl } from "./redact";

/**
 * Options for Codat's API-key auth: the raw key, or a ready header value. One of the two is required
 * in the type, so a client made without a credential fails to compile instead of at run time.
 */
export type CodatAuthOptions =
  | {
      /** Your Codat API key; sent as `Authorization: Basic base64(apiKey)`. */
      apiKey: string;
      authHeader?: undefined;
    }
  | {
      /** A ready `Authorization` value such as `Basic ...` (the style of Codat's own SDKs). */
      authHeader: string;
      apiKey?: undefined;
    };

/** A bearer token, or a (possibly async) function called before every attempt, so tokens can rotate. */
export type TokenSource = string | (() => string | Promise<string>);

/** Sets credentials on each attempt's request. */
export interface Authenticator {
  /**
   * Sets the credentials on one attempt's headers (or, for an API key sent in
   * the query, on `target.url`) and returns the secret values it used, which
   * that call's errors and log lines then redact. `security` is the
   * operation's list of alternative requirements, each a list of credential
   * option names (only `securityAuth` reads it). `signal` is the attempt's: a
   * token request made for it ends when the attempt does.
   */
  apply(headers: Headers, target: AttemptTarget, security?: Security, signal?: AbortSignal): readonly string[] | Promise<readonly string[]>;
  /**
   * Forgets a cached token (OAuth2), so that the next attempt gets a fresh one: called once per call
   * after a 401, with the secrets that call sent. A token not among them (another call refreshed it
   * since) is kept.
   */
  refresh?(rejected?: readonly string[]): void;
}

/** Where an attempt goes; an authenticator that sends its key in the query rewrites `url`. */
export interface AttemptTarget {
  url: string;
}

/** An operation's security requirements: alternatives, each naming the credential options it needs together. */
export type Security = readonly (readonly string[])[];

/** Adds to a call's list the secrets an attempt's `apply` returned, once each. */
export function collectSecrets(into: string[], secrets: readonly string[]): void {
  for (const secret of secrets) if (!into.includes(secret)) into.push(secret);
}

// Printable ASCII without spaces: what a key or token can be, and what a header can carry.
const CREDENTIAL = /^[\x21-\x7e]+$/;

/** A credential option's value, trimmed and checked; errors name the option, never its value. */
function credential(value: unknown, optionName: string): string {
  if (value === undefined) throw new TypeError(`${optionName} is required`);
  if (typeof value !== "string") throw new TypeError(`${optionName} must be a string, got ${value === null ? "null" : typeof value}`);
  const trimmed = value.trim();
  if (trimmed === "") throw new TypeError(`${optionName} is required and must not be empty`);
  if (!CREDENTIAL.test(trimmed)) throw new TypeError(`${optionName} must be printable ASCII without spaces or line breaks`);
  return trimmed;
}

/**
 * The `Authorization` header value for Codat. Throws before any request when
 * neither credential is usable, naming the option (never echoing its value).
 */
export function codatAuthorization(options: CodatAuthOptions): string {
  if (options.authHeader !== undefined) {
    const header = options.authHeader;
    if (typeof header !== "string" || header.trim() === "") throw new TypeError("authHeader must not be empty");
    const [scheme, value] = header.trim().split(/\s+/, 2);
    return value === undefined ? credential(scheme, "authHeader") : `${scheme} ${credential(value, "authHeader")}`;
  }
  if (options.apiKey === undefined) throw new TypeError("apiKey is required (or pass authHeader)");
  return `Basic ${btoa(credential(options.apiKey, "apiKey"))}`;
}

/** Codat: a fixed `Authorization: Basic ...` header. */
export function codatAuth(options: CodatAuthOptions): Authenticator {
  const value = codatAuthorization(options);
  const encoded = value.replace(/^Basic\s+/i, "");
  // Redact the key itself too, when the header was given ready-made (a server may echo it decoded).
  const secrets = [value, encoded, options.apiKey === undefined ? decodeBase64(encoded) : credential(options.apiKey, "apiKey")].filter(
    (secret): secret is string => secret !== undefined,
  );
  return {
    apply(headers) {
      headers.set("authorization", value);
      return secrets;
    },
  };
}

function decodeBase64(text: string): string | undefined {
  try {
    const decoded = atob(text);
    return CREDENTIAL.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** Bearer auth (Powens): the token source is called for every attempt. */
export function bearerAuth(token: TokenSource | undefined, optionName = "accessToken"): Authenticator {
  // A token string is checked once, here (so is a missing one); a function's token at every attempt.
  const fixed = typeof token === "function" ? undefined : credential(token, optionName);
  return {
    async apply(headers) {
      const value = fixed ?? credential(await (token as Exclude<TokenSource, string>)(), `the ${optionName} function's token`);
      headers.set("authorization", `Bearer ${value}`);
      return [value];
    },
  };
}

/** Where an API key goes, as the spec's `apiKey` security scheme says. */
export interface ApiKeyLocation {
  in: "header" | "query" | "cookie";
  /** The header, query parameter or cookie name. */
  name: string;
}

/** An API key in a header, the query or a cookie (`type: apiKey`). Throws at creation when the key is missing. */
export function apiKeyAuth(location: ApiKeyLocation, key: string | undefined, optionName = "apiKey"): Authenticator {
  const value = credential(key, optionName);
  const secrets = [value];
  return {
    apply(headers, target) {
      if (location.in === "header") headers.set(location.name, value);
      else if (location.in === "query") target.url = withQueryParam(target.url, location.name, value);
      else setCookie(headers, location.name, value);
      return secrets;
    },
  };
}

/** The URL with one query parameter set (replaced if there, so every attempt sets it once). */
function withQueryParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.href;
}

/** Sets one cookie, keeping the others (the same headers serve every attempt, so it must not pile up). */
function setCookie(headers: Headers, name: string, value: string): void {
  const others = (headers.get("cookie") ?? "").split(/;\s*/).filter((pair) => pair !== "" && !pair.startsWith(`${name}=`));
  headers.set("cookie", [...others, `${name}=${value}`].join("; "));
}

/** HTTP basic auth (`scheme: basic`): `Authorization: Basic base64(username:password)`. */
export function basicAuth(username: string | undefined, password: string | undefined): Authenticator {
  const user = credential(username, "username");
  if (user.includes(":")) throw new TypeError("username must not contain a colon");
  if (typeof password !== "string" || password === "") throw new TypeError("password is required");
  if (/[\r\n]/.test(password)) throw new TypeError("password must not contain line breaks");
  const encoded = base64Utf8(`${user}:${password}`);
  const secrets = [`Basic ${encoded}`, encoded, password];
  return {
    apply(headers) {
      headers.set("authorization", `Basic ${encoded}`);
      return secrets;
    },
  };
}

/** An OAuth2 client's credentials for the token endpoint's HTTP basic auth (RFC 6749 2.3.1: both form-encoded, then Basic). */
function clientBasic(clientId: string, clientSecret: string): string {
  return base64Utf8(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
}

export interface ClientCredentialsOptions {
  /** The token endpoint (the spec's `flows.clientCredentials.tokenUrl`): an absolute http(s) URL without query or credentials. */
  tokenUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Scopes to ask for, sent space-separated. */
  scopes?: readonly string[] | undefined;
  /** The fetch to ask with. Default: globalThis.fetch at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /** How long one token request may take at most, ms (the attempt waiting on it may give up sooner). Default 60 000. */
  timeoutMs?: number | undefined;
}

// A token is renewed a tenth of its lifetime (at most 30 s) before the server says it expires, so it
// never expires in flight, and a short-lived one is still reused.
const TOKEN_EXPIRY_MARGIN_MS = 30_000;
// A token answer is a few hundred bytes (a few KB with an id_token): anything near this is not one.
const MAX_TOKEN_ANSWER_BYTES = 1_048_576; // 1 MiB, written as a literal: a product would stay in bundles that never fetch a token

/** A token request in flight, shared by the attempts waiting on it, and ended when the last of them gives up. */
interface TokenRequest {
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
}

/** What an OAuth2 token endpoint is asked with: one grant's form fields, and how the client authenticates there. */
interface TokenGrant {
  tokenUrl: string;
  /** The grant's form fields (grant_type and its own), asked anew for each request. */
  form: () => URLSearchParams;
  /** `Basic ...` for a confidential client; a public one sends its client_id in the form instead. */
  basic: string | undefined;
  /** The app's own secrets, redacted from what the endpoint answers (asked anew for each request: a refresh token rotates). */
  secrets: () => readonly string[];
  /** Called with each token answer before its access token is used (a rotated refresh token is kept). */
  onAnswer?: (answer: Record<string, unknown>) => void | Promise<void>;
  fetch?: typeof globalThis.fetch | undefined;
  timeoutMs?: number | undefined;
}

/**
 * An OAuth2 token endpoint's access token: asked for on first use, kept until shortly before it
 * expires, forgotten after a 401 that names it. Concurrent attempts share one token request; it
 * runs under their signals (their timeouts and aborts), so one that hangs is dropped when the last
 * attempt waiting on it gives up, never handed to later calls.
 */
function tokenEndpoint(grant: TokenGrant) {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: TokenRequest | undefined;

  async function requestToken(signal: AbortSignal): Promise<string> {
    const fetchImpl = grant.fetch ?? globalThis.fetch;
    const timeoutMs = grant.timeoutMs ?? 60_000;
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
    if (grant.basic) headers.authorization = `Basic ${grant.basic}`;
    const response = await fetchImpl(grant.tokenUrl, {
      method: "POST",
      headers,
      body: grant.form(),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const secrets = grant.secrets();
    const context = { method: "POST", url: redactUrl(grant.tokenUrl), secrets, timeoutMs, maxResponseBytes: MAX_TOKEN_ANSWER_BYTES };
    // The token's answer is read under the attempt's signal, as the attempt's own answer is.
    const scope = new AttemptScope(signal, undefined);
    let bytes: Uint8Array | null;
    try {
      bytes = await readBody(response, scope, context);
    } finally {
      scope.dispose();
    }
    const text = bytes ? new TextDecoder().decode(bytes) : "";
    if (!response.ok) {
      const refused = apiErrorFrom({ status: response.status, statusText: response.statusText, headers: response.headers, rawBody: text, ...context });
      // Busy or failing (408, 429, 5XX): the call's own request was never sent, so it is retried like
      // a connection that was never made, whatever its method. A refusal (400, 401) is final.
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        throw new ConnectionError(`${refused.message} (getting an access token)`, { method: "POST", url: context.url, cause: refused, requestSent: false });
      }
      throw refused;
    }
    let answer: { access_token?: unknown; expires_in?: unknown } | undefined;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const token = answer?.access_token;
    if (typeof token !== "string" || !CREDENTIAL.test(token)) {
      // Whatever came back may be most of a token: it is redacted, and the message says only what is wrong.
      const what = typeof token === "string" ? "an access_token that is not a valid bearer token" : "no access_token";
      throw new InvalidResponseError(`POST ${context.url} answered ${response.status} with ${what}`, {
        ...responseContext(response, context),
        rawBody: redactCredentialFields(redactSecrets(text, typeof token === "string" && token !== "" ? [...secrets, token] : secrets)),
      });
    }
    await grant.onAnswer?.(answer as Record<string, unknown>);
    const lifetimeMs = typeof answer?.expires_in === "number" && answer.expires_in >= 0 ? answer.expires_in * 1000 : 3_600_000;
    cached = { token, expiresAt: Date.now() + lifetimeMs - Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 10) };
    return token;
  }

  /** Forgets a settled or abandoned request: it is never handed to a later call. */
  function release(request: TokenRequest): void {
    if (pending === request) pending = undefined;
  }

  /** Waits for `request` until `signal` fires; the last waiter to give up aborts it. */
  function waitFor(request: TokenRequest, signal: AbortSignal | undefined): Promise<string> {
    request.waiters++;
    return new Promise((resolve, reject) => {
      let waiting = true;
      /** Stops waiting (once), then `finish`es with `result`. */
      const settle =
        <T>(finish: (result: T) => void) =>
        (result: T) => {
          if (!waiting) return;
          waiting = false;
          request.waiters--;
          signal?.removeEventListener("abort", giveUp);
          finish(result);
        };
      const giveUp = settle(() => {
        if (request.waiters === 0) {
          request.controller.abort(signal?.reason);
          release(request);
        }
        reject(signal?.reason);
      });
      if (signal?.aborted) return giveUp(undefined);
      signal?.addEventListener("abort", giveUp, { once: true });
      request.promise.then(
        settle(resolve),
        settle((error: unknown) => reject(copyOf(error))),
      );
    });
  }

  return {
    /** The cached token, or the shared request's, waited on under `signal`. */
    token(signal: AbortSignal | undefined): Promise<string> {
      if (cached && Date.now() < cached.expiresAt) return Promise.resolve(cached.token);
      if (!pending) {
        const controller = new AbortController();
        const request: TokenRequest = { controller, waiters: 0, promise: requestToken(controller.signal) };
        // Settled, a failure is retried afresh by the next call, a token is cached.
        request.promise.then(
          () => release(request),
          () => release(request),
        );
        pending = request;
      }
      return waitFor(pending, signal);
    },
    /** Forgets the cached token after a 401, unless the rejected call sent another (a newer one is kept). */
    forget(rejected?: readonly string[]): void {
      if (!rejected || (cached && rejected.includes(cached.token))) cached = undefined;
    },
  };
}

/**
 * Each call waiting on a failed token request gets an error of its own: the retries add the call's
 * attempts to its message. The copy has the class, message, cause and fields of `error`, and a
 * stack of its own.
 */
function copyOf(error: unknown): unknown {
  if (!(error instanceof SynclineError)) return error;
  const options = "cause" in error ? { cause: error.cause } : undefined;
  // An Error made for the subclass without running its constructor: a real error, its fields copied below.
  return Object.assign(Reflect.construct(Error, [error.message, options], error.constructor), error);
}

/**
 * OAuth2 client credentials (`flows.clientCredentials`): asks the token
 * endpoint for an access token on first use, sends it as a bearer token,
 * keeps it until shortly before it expires, and asks again after a 401 that
 * names it. Concurrent attempts share one token request; it runs under their
 * signals (their timeouts and aborts), so one that hangs is dropped when the
 * last attempt waiting on it gives up, never handed to later calls.
 */
export function clientCredentialsAuth(options: ClientCredentialsOptions): Authenticator {
  const tokenUrl = checkUrlOption(options.tokenUrl, "tokenUrl");
  const clientId = credential(options.clientId, "clientId");
  if (typeof options.clientSecret !== "string" || options.clientSecret.trim() === "") throw new TypeError("clientSecret is required");
  const clientSecret = options.clientSecret.trim();
  const basic = clientBasic(clientId, clientSecret);
  const appSecrets = [clientSecret, basic];
  const endpoint = tokenEndpoint({
    tokenUrl,
    basic,
    secrets: () => appSecrets,
    form: () => new URLSearchParams({ grant_type: "client_credentials", ...(options.scopes?.length ? { scope: options.scopes.join(" ") } : {}) }),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
  });
  return {
    async apply(headers, _target, _security, signal) {
      const value = await endpoint.token(signal);
      headers.set("authorization", `Bearer ${value}`);
      return [value, ...appSecrets];
    },
    refresh: endpoint.forget,
  };
}

export interface RefreshTokenOptions {
  /** The token endpoint (the spec's `tokenUrl` of its authorization code flow): an absolute http(s) URL without query or credentials. */
  tokenUrl: string;
  clientId: string;
  /** A confidential client's secret, sent as HTTP basic auth; a public client (PKCE) has none, and sends its client_id in the form. */
  clientSecret?: string | undefined;
  /** The refresh token the user's sign-in gave. */
  refreshToken: string;
  /** Scopes to ask for, sent space-separated; default: the ones first granted. */
  scopes?: readonly string[] | undefined;
  /**
   * Called with each new refresh token the endpoint rotates to, before its access token is used:
   * store it, or the next process signs the user in again.
   */
  onRefreshToken?: ((refreshToken: string) => void | Promise<void>) | undefined;
  /** The fetch to ask with. Default: globalThis.fetch at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /** How long one token request may take at most, ms. Default 60 000. */
  timeoutMs?: number | undefined;
}

/** A token function that knows when its token was refused: the client forgets that token after a 401. */
export interface RefreshingToken {
  (): Promise<string>;
  invalidate(rejected?: readonly string[]): void;
}

/**
 * An access token kept fresh with an OAuth2 refresh token (RFC 6749 section 6), for the
 * `accessToken` option of a client whose API signs users in with OAuth2: asked for on
 * first use, kept until shortly before it expires, asked again after a 401 that names
 * it; concurrent calls share one request, and a rotated refresh token replaces the old
 * one (and is handed to `onRefreshToken`).
 */
export function refreshingToken(options: RefreshTokenOptions): RefreshingToken {
  const tokenUrl = checkUrlOption(options.tokenUrl, "tokenUrl");
  const clientId = credential(options.clientId, "clientId");
  let refreshToken = credential(options.refreshToken, "refreshToken");
  const clientSecret = options.clientSecret === undefined ? undefined : credential(options.clientSecret, "clientSecret");
  const basic = clientSecret === undefined ? undefined : clientBasic(clientId, clientSecret);
  const endpoint = tokenEndpoint({
    tokenUrl,
    basic,
    secrets: () => [refreshToken, ...(clientSecret === undefined ? [] : [clientSecret, basic!])],
    form: () =>
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        ...(basic ? {} : { client_id: clientId }),
        ...(options.scopes?.length ? { scope: options.scopes.join(" ") } : {}),
      }),
    async onAnswer(answer) {
      const rotated = answer.refresh_token;
      if (typeof rotated === "string" && CREDENTIAL.test(rotated) && rotated !== refreshToken) {
        refreshToken = rotated;
        await options.onRefreshToken?.(rotated);
      }
    },
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
  });
  return Object.assign(() => endpoint.token(undefined), { invalidate: endpoint.forget });
}

/**
 * An OAuth2 or OpenID Connect access token sent as a bearer token: a string, a token function,
 * or a `refreshingToken`, whose token is forgotten after a 401 that names it.
 */
export function oauth2TokenAuth(token: TokenSource | RefreshingToken | undefined, optionName = "accessToken"): Authenticator {
  const auth = bearerAuth(token, optionName);
  return typeof token === "function" && "invalidate" in token ? { apply: auth.apply, refresh: token.invalidate } : auth;
}

/**
 * Several schemes in one API: per operation, the first of its security
 * requirements whose every credential the client was given. `schemes` maps
 * each credential option's name to its authenticator (undefined when the
 * client was not given it); `defaults` is the spec's top-level security.
 */
export function securityAuth(schemes: Record<string, Authenticator | undefined>, defaults: Security): Authenticator {
  const chosen = (security: Security) => {
    const requirement = security.find((names) => names.every((name) => schemes[name] !== undefined));
    if (!requirement) {
      const needs = security.map((names) => names.join(" and ")).join(", or ");
      throw new TypeError(`this operation needs ${needs}: pass ${security.length > 1 ? "one of them" : "it"} to the client`);
    }
    return requirement.map((name) => schemes[name]!);
  };
  return {
    async apply(headers, target, security = defaults, signal) {
      const secrets: string[] = [];
      for (const auth of chosen(security)) collectSecrets(secrets, await auth.apply(headers, target, undefined, signal));
      return secrets;
    },
    refresh(rejected) {
      for (const auth of Object.values(schemes)) auth?.refresh?.(rejected);
    },
  };
}
