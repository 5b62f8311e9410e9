/** What replaces a secret in messages, bodies and log lines. */
export const REDACTED = "[REDACTED]";

// Query parameters that carry credentials (Powens's /webauth `token`, OAuth codes...).
const SENSITIVE_QUERY = /^(token|access_token|refresh_token|code|client_secret|password|api_?key|otp)$/i;

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
  const queryStart = url.indexOf("?");
  if (queryStart === -1) return url;
  try {
    const parsed = new URL(url);
    let changed = false;
    for (const key of [...parsed.searchParams.keys()]) {
      if (SENSITIVE_QUERY.test(key)) {
        parsed.searchParams.set(key, REDACTED);
        changed = true;
      }
    }
    return changed ? parsed.toString() : url;
  } catch {
    return url.slice(0, queryStart);
  }
}
