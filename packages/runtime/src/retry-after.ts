// How long a server asks a client to wait: read by the retries (retry-engine.ts) and by
// RateLimitError.retryAfterMs, so both tell the same wait.

// RFC 9110: delay-seconds is digits; a date is an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
// We also take fractional seconds, which some servers send.
const DELAY_SECONDS = /^\d+(\.\d+)?$/;
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * How long the server asked us to wait, in ms: `retry-after-ms`, or
 * `Retry-After` as seconds or an HTTP-date. Undefined when absent or not one
 * of those forms (`-5`, `1 2`, `soon`), so the backoff applies instead.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && DELAY_SECONDS.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (DELAY_SECONDS.test(value)) return Math.ceil(Number(value) * 1000);
  if (IMF_FIXDATE.test(value)) {
    const wait = Date.parse(value) - now;
    // A field out of range (day 99, hour 25) passes the pattern and parses to NaN: no wait is read then.
    if (!Number.isNaN(wait)) return Math.max(0, wait);
  }
  return undefined;
}
