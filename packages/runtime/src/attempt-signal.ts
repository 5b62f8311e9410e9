/**
 * One attempt's AbortSignal: fires when the caller aborts or when this
 * attempt's own timer runs out (so: aborted while the caller's signal is not
 * means timed out). A plain controller and a cleared timer (not
 * AbortSignal.timeout/any) so nothing outlives the attempt, even at 10k calls.
 */
export interface AttemptSignal {
  /** Undefined when there is neither a caller signal nor a timeout. */
  signal: AbortSignal | undefined;
  dispose(): void;
}

const nothing = () => {};

export function attemptSignal(caller: AbortSignal | null | undefined, timeoutMs: number | undefined): AttemptSignal {
  // Hot path: without a timeout the caller's own signal (or none) is all an attempt needs.
  if (!timeoutMs) return { signal: caller ?? undefined, dispose: nothing };
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller!.reason);
  if (caller) {
    if (caller.aborted) controller.abort(caller.reason);
    else caller.addEventListener("abort", onCallerAbort, { once: true });
  }
  // No reason: the retry engine tells a timeout by the caller's signal, and the reason is fetch's business.
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/** Waits `ms`, or rejects at once with `onAbort()` when `signal` fires. */
export function abortableSleep(ms: number, signal: AbortSignal | null | undefined, onAbort: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
