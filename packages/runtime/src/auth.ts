/** Options for Codat's API-key auth: give the raw key, or a ready header value. */
export interface CodatAuthOptions {
  /** Your Codat API key; sent as `Authorization: Basic base64(apiKey)`. */
  apiKey?: string | undefined;
  /** A ready `Authorization` value such as `Basic ...` (the style of Codat's own SDKs). */
  authHeader?: string | undefined;
}

/** A bearer token, or a (possibly async) function called before every attempt, so tokens can rotate. */
export type TokenSource = string | (() => string | Promise<string>);

/** Sets credentials on each attempt's headers; `secrets` lists what redaction must hide. */
export interface Authenticator {
  apply(headers: Headers): void | Promise<void>;
  /** Values that must never appear in errors or logs (grows as rotating tokens are seen). */
  readonly secrets: ReadonlySet<string>;
}

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === "";

/**
 * The `Authorization` header value for Codat. Throws before any request when
 * neither credential is usable, naming the option (never echoing its value).
 */
export function codatAuthorization(options: CodatAuthOptions): string {
  if (options.authHeader !== undefined) {
    if (isBlank(options.authHeader)) throw new TypeError("authHeader must not be empty");
    return options.authHeader;
  }
  if (options.apiKey === undefined || isBlank(options.apiKey)) {
    throw new TypeError("apiKey is required (or pass authHeader)");
  }
  return `Basic ${btoa(options.apiKey)}`;
}

/** Codat: a fixed `Authorization: Basic ...` header. */
export function codatAuth(options: CodatAuthOptions): Authenticator {
  const value = codatAuthorization(options);
  const secrets = new Set([value, value.replace(/^Basic\s+/i, "")]);
  if (options.apiKey) secrets.add(options.apiKey);
  return {
    secrets,
    apply(headers) {
      headers.set("authorization", value);
    },
  };
}

/** Bearer auth (Powens): the token source is called for every attempt. */
export function bearerAuth(token: TokenSource | undefined, optionName = "accessToken"): Authenticator {
  if (typeof token === "string" ? isBlank(token) : typeof token !== "function") {
    throw new TypeError(`${optionName} is required: a token string or a function returning one`);
  }
  const secrets = new Set<string>();
  return {
    secrets,
    async apply(headers) {
      const value = typeof token === "function" ? await token() : token;
      if (typeof value !== "string" || isBlank(value)) {
        throw new TypeError(`${optionName} function returned no token`);
      }
      secrets.add(value);
      headers.set("authorization", `Bearer ${value}`);
    },
  };
}
