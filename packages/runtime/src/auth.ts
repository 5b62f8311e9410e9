/** Options for Codat's API-key auth: give the raw key, or a ready header value. */
export interface CodatAuthOptions {
  /** Your Codat API key; sent as `Authorization: Basic base64(apiKey)`. */
  apiKey?: string | undefined;
  /** A ready `Authorization` value such as `Basic ...` (the style of Codat's own SDKs). */
  authHeader?: string | undefined;
}

/** A bearer token, or a (possibly async) function called before every attempt, so tokens can rotate. */
export type TokenSource = string | (() => string | Promise<string>);

/** Sets credentials on each attempt's headers. */
export interface Authenticator {
  /**
   * Sets the credentials on one attempt's headers and returns the secret
   * values it used, which that call's errors and log lines then redact.
   */
  apply(headers: Headers): readonly string[] | Promise<readonly string[]>;
}

/** Adds to a call's list the secrets an attempt's `apply` returned, once each. */
export function collectSecrets(into: string[], secrets: readonly string[]): void {
  for (const secret of secrets) if (!into.includes(secret)) into.push(secret);
}

// Printable ASCII without spaces: what a key or token can be, and what a header can carry.
const CREDENTIAL = /^[\x21-\x7e]+$/;

/** A credential option's value, trimmed and checked; errors name the option, never its value. */
function credential(value: unknown, optionName: string): string {
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
  if (typeof token !== "function" && typeof token !== "string") {
    throw new TypeError(`${optionName} is required: a token string or a function returning one`);
  }
  if (typeof token === "string") {
    const value = credential(token, optionName);
    const secrets = [value];
    return {
      apply(headers) {
        headers.set("authorization", `Bearer ${value}`);
        return secrets;
      },
    };
  }
  return {
    async apply(headers) {
      const value = credential(await token(), `the ${optionName} function's token`);
      headers.set("authorization", `Bearer ${value}`);
      return [value];
    },
  };
}
