/**
 * A client-wide retry budget (a token bucket, like the AWS SDK's retry quota):
 * each retry spends tokens, each success earns some back. While an upstream
 * keeps failing the bucket empties, retries stop, and calls fail fast with
 * their own last error instead of multiplying load on a service that is down.
 */
export interface RetryBudgetOptions {
  /** Tokens when full. Default 500. */
  capacity?: number;
  /** Spent by a retry after an error status or connection error. Default 5. */
  retryCost?: number;
  /** Spent by a retry after a timeout. Default 10. */
  timeoutCost?: number;
  /** Earned by a success on the first attempt. Default 1. */
  successReward?: number;
}

/** The budget a `retryBudget` option asks for: the one given (shared), a new one with these options, or none (`false`). */
export function retryBudgetFrom(option: RetryBudgetOptions | RetryBudget | false | undefined): RetryBudget | null {
  return option === false ? null : option instanceof RetryBudget ? option : new RetryBudget(option);
}

export class RetryBudget {
  readonly capacity: number;
  #retryCost: number;
  #timeoutCost: number;
  #successReward: number;
  #tokens: number;

  constructor({ capacity = 500, retryCost = 5, timeoutCost = 10, successReward = 1 }: RetryBudgetOptions = {}) {
    this.capacity = this.#tokens = capacity;
    this.#retryCost = retryCost;
    this.#timeoutCost = timeoutCost;
    this.#successReward = successReward;
  }

  get available(): number {
    return this.#tokens;
  }

  /** What one retry of this kind costs. */
  costOf(kind: "error" | "timeout"): number {
    return kind === "timeout" ? this.#timeoutCost : this.#retryCost;
  }

  /** Takes the cost of one retry if the budget can pay it; false when it cannot (no retry then). */
  tryAcquire(kind: "error" | "timeout"): boolean {
    const cost = this.costOf(kind);
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** A call succeeded: refund what its retries spent, or earn the reward if it needed none. */
  recordSuccess(spent: number): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + (spent || this.#successReward));
  }
}
