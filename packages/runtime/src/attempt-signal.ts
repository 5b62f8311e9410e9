/**
 * One attempt's AbortSignal: fires when the caller aborts or when this
 * attempt's own timer runs out. A plain controller and a cleared timer (not
 * AbortSignal.timeout/any) so nothing outlives the attempt, even at 10k calls.
 */
export interface AttemptSignal {
  /** Undefined when there is neither a caller signal nor a timeout. */
  signal: AbortSignal | undefined;
  timedOut(): boolean;
  dispose(): void;
}

const no = () => false;
const nothing = () => {};

export function attemptSignal(caller: AbortSignal | null | undefined, timeoutMs: number | undefined): AttemptSignal {
  // Hot path: without a timeout the caller's own signal (or none) is all an attempt needs.
  if (!timeoutMs) return { signal: caller ?? undefined, timedOut: no, dispose: nothing };
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(caller!.reason);
  if (caller) {
    if (caller.aborted) controller.abort(caller.reason);
    else caller.addEventListener("abort", onCallerAbort, { once: true });
  }
  const timer = setTimeout(() => {
    timedOut = true; // what the retry engine reads; the abort reason is fetch's business
    controller.abort();
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
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
