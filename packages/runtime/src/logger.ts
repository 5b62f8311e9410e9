import { redactSecrets } from "./redact";
import type { AttemptEvent } from "./retry-engine";

/** Anything console-like; only `debug` is used, once per attempt. */
export interface Logger {
  debug(message: string): void;
}

// Response headers worth seeing in a log line; nothing else is printed, so a
// header carrying a secret can never reach the log.
const LOGGED_HEADERS = ["x-request-id", "retry-after", "x-rate-limit-remaining"];

/** One line per attempt: method, URL (already redacted), status or error, attempt, ms, next wait. */
export function formatAttempt(describe: string, maxAttempts: number, { attempt, response, error, ms, retryInMs }: AttemptEvent): string {
  let line = `[syncline] ${describe} -> ${response ? response.status : ((error as Error | undefined)?.name ?? "error")} (attempt ${attempt}/${maxAttempts}, ${ms} ms`;
  if (retryInMs !== undefined) line += `, retry in ${retryInMs} ms`;
  line += ")";
  for (const name of LOGGED_HEADERS) {
    const value = response?.headers.get(name);
    if (value != null) line += ` ${name}=${value}`;
  }
  return line;
}

/** The retry engine's `onAttempt` that logs each attempt, redacted; undefined without a logger. */
export function logAttempts(logger: Logger | undefined, describe: () => string, maxAttempts: number, secrets: Iterable<string>) {
  return logger && ((event: AttemptEvent) => logger.debug(redactSecrets(formatAttempt(describe(), maxAttempts, event), secrets)));
}
