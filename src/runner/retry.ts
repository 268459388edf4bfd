/**
 * Retry policy of the runner: exponential backoff with FULL jitter (AWS Architecture Blog, "Exponential
 * Backoff and Jitter"): the n-th retry waits random(0, min(cap, base · 2^n)) ms.
 *
 * The runner's loop (execute.ts) is the ONE retry layer: the SDK clients are built with `maxAttempts: 1`
 * (targets/clients.ts), because the SDK's own retry cannot retry a stream cut mid-iteration or our own
 * per-request timeout, and two stacked layers would multiply attempts (6 × 6) and hide throttles from the
 * adaptive concurrency and pacing that must see every one.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Backoff base: the first retry waits random(0, baseDelayMs). */
  baseDelayMs: number;
  /** Cap of the backoff window. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 20_000 };

/** Fills in the defaults of a suite's `targets[].retry` (any field may be missing). */
export function resolveRetryPolicy(partial?: Partial<RetryPolicy>): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(partial?.maxAttempts ?? DEFAULT_RETRY.maxAttempts)),
    baseDelayMs: Math.max(0, partial?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, partial?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
  };
}

/** The backoff window before retry number `retry` (0 = the first retry): min(cap, base · 2^retry). */
export function backoffCeiling(retry: number, policy: RetryPolicy): number {
  // 2^retry overflows to Infinity for huge `retry`; min() with the cap keeps the result finite.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry));
}

/** Full-jitter delay before retry number `retry` (0-based): uniform in [0, backoffCeiling). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return random() * backoffCeiling(retry, policy);
}

/** Resolves after `ms` (immediately for ms ≤ 0, without a timer). */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
