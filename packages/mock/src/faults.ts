/**
 * Faults the mock can inject, written as tokens:
 *   "503" (any status from 200 to 599), "429" or "429:2" (with Retry-After seconds),
 *   "reset" (drop the connection before answering), "delay:300" (answer late).
 * Per request: `x-mock-fault: 503,429` gives attempt N (the client's
 * `x-syncline-attempt`, else 1) the N-th token, so retries see the script play out.
 * Queued: POST /__mock/faults {"faults": ["503", "reset"]} applies them to the next requests.
 */
export type Fault = { kind: "status"; status: number; retryAfter?: number } | { kind: "reset" } | { kind: "delay"; ms: number };

export function parseFault(token: string): Fault {
  const text = token.trim();
  if (text === "reset") return { kind: "reset" };
  const delay = /^delay:(\d+)$/.exec(text);
  if (delay) return { kind: "delay", ms: Number(delay[1]) };
  // 2XX to 5XX: a 1XX is not a final answer, so a client would wait for one forever.
  const status = /^([2-5]\d\d)(?::(\d+))?$/.exec(text);
  if (status) {
    const code = Number(status[1]);
    const retryAfter = status[2] !== undefined ? Number(status[2]) : code === 429 ? 1 : undefined;
    return retryAfter === undefined ? { kind: "status", status: code } : { kind: "status", status: code, retryAfter };
  }
  throw new TypeError(`unknown fault ${JSON.stringify(token)}: use a status from 200 to 599 (503, 429:2), "reset" or "delay:MS"`);
}

/** The fault the `x-mock-fault` header asks for on this attempt, if any. */
export function headerFault(header: string | undefined, attempt: number): Fault | undefined {
  if (!header) return undefined;
  const token = header.split(",")[attempt - 1];
  return token === undefined || token.trim() === "" || token.trim() === "ok" ? undefined : parseFault(token);
}
