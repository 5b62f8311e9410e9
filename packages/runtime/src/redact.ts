/** What replaces a secret in messages, bodies and log lines. */
export const REDACTED = "[REDACTED]";

// Values of query parameters that carry credentials (Powens's /webauth `token`, OAuth codes...).
const SENSITIVE_QUERY_VALUE = /([?&](?:token|access_token|refresh_token|code|client_secret|password|api_?key|otp)=)[^&#]*/gi;

/** Replaces every occurrence of each secret (at least 4 chars, to avoid shredding text) in `text`. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A URL safe to log: values of credential-like query parameters are replaced. */
export function redactUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY_VALUE, `$1${encodeURIComponent(REDACTED)}`);
}
