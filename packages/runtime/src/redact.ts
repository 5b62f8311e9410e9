/** What replaces a secret in messages, bodies, headers and log lines. */
export const REDACTED = "[REDACTED]";

// Shorter values would shred ordinary text ("abc" in every word).
const MIN_SECRET_LENGTH = 4;

// Values of query parameters that carry credentials (Powens's /webauth `token`, OAuth codes, any ...token or ...key).
const SENSITIVE_QUERY_VALUE = /([?&](?:\w*token|code|client_secret|password|\w*key|otp)=)[^&#]*/gi;
// The string values of fields of the same names in JSON text, to the closing quote or the end of a body cut short.
const SENSITIVE_JSON_VALUE = /("(?:\w*token|code|client_secret|password|\w*key|otp)"\s*:\s*")(?:[^"\\]|\\.)*/gi;

// Headers whose values are credentials whatever they contain.
const SENSITIVE_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

/** Base64 of a string's UTF-8 bytes (btoa alone takes Latin-1 only). */
export function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The forms a secret takes when a server echoes it back: as sent, URL-encoded
 * (upper- or lower-case hex, `+` for spaces), JSON-escaped (`\/`), and base64
 * (padded or not, standard or URL-safe). JSON bodies are also redacted after
 * parsing, which covers every other JSON escape; HTML character references are
 * read back where they spell a secret (`redactorOf`).
 */
export function secretForms(secrets: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const encoded = encodeURIComponent(secret);
    const b64 = base64Utf8(secret);
    const unpadded = b64.replace(/=+$/, "");
    for (const form of [
      secret,
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      encoded.replaceAll("%20", "+"),
      JSON.stringify(secret).slice(1, -1).replaceAll("/", "\\/"),
      b64,
      unpadded,
      unpadded.replaceAll("+", "-").replaceAll("/", "_"),
    ]) {
      if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
  }
  // Longest first, so a secret inside a longer one (a key inside its Basic header) leaves no tail.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every form of each secret in `text` (see `secretForms`). */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  return redactForms(text, secretForms(secrets));
}

/** Replaces each of `forms` (from `secretForms`) in `text`. */
export function redactForms(text: string, forms: readonly string[]): string {
  if (last?.forms !== forms) last = { forms, redact: redactorOf(forms) };
  return last.redact(text);
}

// Below this, a credential is matched as a whole word or number only.
const SHORT_SECRET_LENGTH = 8;

// The redactor of the last list of forms: a call redacts all its strings with one list (a matcher
// built per string took seconds for a body of megabytes).
let last: { forms: readonly string[]; redact: (text: string) => string } | undefined;

// A decimal or hex character reference, too short to be past the last code point.
const CHARACTER_REFERENCE = /&#(x?)([\da-f]{1,5});/gi;

function redactorOf(forms: readonly string[]): (text: string) => string {
  const short = forms.filter((form) => form.length < SHORT_SECRET_LENGTH);
  // A short one (a PIN, a short password) only where it stands alone: "1234" is also in "51234". All in one pass.
  const alone = new RegExp(`(?<![\\p{L}\\p{N}])(?:${short.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\p{L}\\p{N}])`, "gu");
  return (text) => {
    // An error page escapes what it prints, each escaper its own way (`&#43;` for "+" only, `&#x2F;` for "/"), so no
    // fixed form of a key matches: where its character references, read back, spell a secret, it is redacted as read.
    const read = text.replace(CHARACTER_REFERENCE, (_, hex: string, digits: string) => String.fromCodePoint(Number.parseInt(digits, hex ? 16 : 10)));
    let result = read !== text && forms.some((form) => read.includes(form)) ? read : text;
    for (const form of forms)
      if (result.includes(form)) result = form.length < SHORT_SECRET_LENGTH ? result.replace(alone, REDACTED) : result.split(form).join(REDACTED);
    return result;
  };
}

/** A copy of a parsed JSON value with every string redacted: the decoded strings, whatever escapes the wire used. */
export function redactValue(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === "string") return redactForms(value, forms);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, forms));
  if (value && typeof value === "object") {
    // fromEntries defines own properties: a "__proto__" key the server sent stays a field (an assignment would set the prototype).
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactForms(key, forms), redactValue(item, forms)]));
  }
  return value;
}

/** A copy of `headers` fit to show: credential headers masked, every other value redacted. */
export function redactHeaders(headers: Headers, forms: readonly string[]): Headers {
  const copy = new Headers();
  headers.forEach((value, name) => {
    copy.append(name, SENSITIVE_HEADERS.has(name) ? REDACTED : redactForms(value, forms));
  });
  return copy;
}

/**
 * JSON text that could not be parsed (a token answer cut short) made safe to keep: the string
 * values of credential-like fields (`access_token`, `auth_token`, `code`...) are replaced. The
 * credentials an API returns are in no call's secrets.
 */
export function redactCredentialFields(json: string): string {
  return json.replace(SENSITIVE_JSON_VALUE, `$1${REDACTED}`);
}

/** A URL safe to log: values of credential-like query parameters are replaced. */
export function redactUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY_VALUE, `$1${encodeURIComponent(REDACTED)}`);
}

/**
 * Text from a server made safe for a one-line message: terminal escapes and
 * other control characters become spaces, and it is cut at `max` characters.
 */
export function sanitizeText(text: string, max = 300): string {
  const clean = text
    .slice(0, max * 4)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal escapes is the point
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, " ") // ANSI colour and cursor sequences
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
