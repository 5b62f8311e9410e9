import { describe, expect, it } from "vitest";
import { RetryBudget } from "../src/retry-budget";

describe("RetryBudget", () => {
  it("pays for retries until empty, timeouts cost more, and never goes negative", () => {
    const budget = new RetryBudget({ capacity: 20, retryCost: 5, timeoutCost: 10 });
    expect(budget.costOf("timeout")).toBe(10);
    expect(budget.tryAcquire("timeout")).toBe(true);
    expect(budget.tryAcquire("error")).toBe(true);
    expect(budget.tryAcquire("timeout")).toBe(false);
    expect(budget.tryAcquire("error")).toBe(true);
    expect(budget.tryAcquire("error")).toBe(false);
    expect(budget.available).toBe(0);
  });

  it("refunds what a call's retries spent when it succeeds, else earns the reward, up to capacity", () => {
    const budget = new RetryBudget({ capacity: 10, retryCost: 5, successReward: 1 });
    budget.tryAcquire("error");
    budget.tryAcquire("error");
    budget.recordSuccess(5);
    expect(budget.available).toBe(5);
    budget.recordSuccess(0);
    expect(budget.available).toBe(6);
    for (let i = 0; i < 20; i++) budget.recordSuccess(0);
    expect(budget.available).toBe(10);
  });
});
