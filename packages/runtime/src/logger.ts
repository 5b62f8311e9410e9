import { redactSecrets, sanitizeText } from "./redact";
import type { AttemptEvent } from "./retry-engine";

/** Anything console-like; only `debug` is used, once per attempt. */
export interface Logger {
  debug(message: string): void;
}

// Response headers worth seeing in a log line; nothing else is printed, so a
// header carrying a secret can never reach the log.
const LOGGED_HEADERS = ["x-request-id", "retry-after", "x-rate-limit-remaining"];

/**
 * The retry engine's `onAttempt` that logs one line per attempt (method, URL,
 * status or error, attempt, ms, next wait, allowed headers), redacted;
 * undefined without a logger.
 */
export function logAttempts(logger: Logger | undefined, describe: () => string, maxAttempts: number, secrets: readonly string[]) {
  return (
    logger &&
    (({ attempt, response, error, ms, retryInMs }: AttemptEvent) => {
      const outcome = response ? response.status : (error?.name ?? "error");
      let line = `[syncline] ${describe()} -> ${outcome} (attempt ${attempt}/${maxAttempts}, ${ms} ms${retryInMs === undefined ? "" : `, retry in ${retryInMs} ms`})`;
      for (const name of LOGGED_HEADERS) {
        const value = response?.headers.get(name);
        if (value != null) line += ` ${name}=${sanitizeText(value, 100)}`;
      }
      logger.debug(redactSecrets(line, secrets));
    })
  );
}
