/** When a failed notification is tried again: exponential backoff with jitter, capped. */

export interface BackoffPolicy {
  /** The delay after the first failure. */
  readonly baseMs: number;
  /** No delay is longer. */
  readonly maxMs: number;
  /** Up to this fraction is taken off at random, so that retries of many alerts spread out. */
  readonly jitter: number;
}

/** 30 s, 1 min, 2 min... up to 10 min between attempts. */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 30_000, maxMs: 600_000, jitter: 0.2 });

/** The delay before attempt `failedAttempts + 1`; `random` returns a number in [0, 1). */
export function backoffDelay(
  policy: BackoffPolicy,
  failedAttempts: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(raw * (1 - policy.jitter * random()));
}
