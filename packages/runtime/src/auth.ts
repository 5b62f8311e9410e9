/** Options for Codat's API-key auth: give the raw key, or a ready header value. */
export interface CodatAuthOptions {
  /** Your Codat API key; sent as `Authorization: Basic base64(apiKey)`. */
  apiKey?: string | undefined;
  /** A ready `Authorization` value such as `Basic ...` (the style of Codat's own SDKs). */
  authHeader?: string | undefined;
}

/**
 * The `Authorization` header value for Codat. Throws before any request when
 * neither credential is usable, naming the option (never echoing its value).
 */
export function codatAuthorization(options: CodatAuthOptions): string {
  if (options.authHeader !== undefined) {
    if (options.authHeader.trim() === "") throw new TypeError("authHeader must not be empty");
    return options.authHeader;
  }
  if (options.apiKey === undefined || options.apiKey.trim() === "") {
    throw new TypeError("apiKey is required (or pass authHeader)");
  }
  return `Basic ${btoa(options.apiKey)}`;
}
