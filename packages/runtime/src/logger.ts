import type { AttemptEvent } from "./retry-engine";

/** Anything console-like; only `debug` is used, once per attempt. */
export interface Logger {
  debug(message: string): void;
}

// Response headers worth seeing in a log line; nothing else is printed, so a
// header carrying a secret can never reach the log.
const LOGGED_HEADERS = ["x-request-id", "retry-after", "x-rate-limit-remaining"];

/** One line per attempt: method, URL (already redacted), status or error, attempt, ms, next wait. */
export function formatAttempt(describe: string, maxAttempts: number, event: AttemptEvent): string {
  const result = event.response ? String(event.response.status) : (event.error?.name ?? "error");
  const headers = event.response
    ? LOGGED_HEADERS.flatMap((name) => {
        const value = event.response!.headers.get(name);
        return value === null ? [] : [`${name}=${value}`];
      })
    : [];
  return (
    `[syncline] ${describe} -> ${result} (attempt ${event.attempt}/${maxAttempts}, ${event.ms} ms` +
    (event.retryInMs !== undefined ? `, retry in ${event.retryInMs} ms` : "") +
    ")" +
    (headers.length > 0 ? ` ${headers.join(" ")}` : "")
  );
}
