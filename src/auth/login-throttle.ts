/** Counts login attempts per key (a username) in fixed windows, so that guessing one account's password is slow. */
import type { Clock } from '../time/clock.js';

export interface LoginThrottle {
  /** Counts one attempt for `key`; `retryAfterSeconds` is set when the attempt is over the limit. */
  hit(key: string): { readonly allowed: boolean; readonly retryAfterSeconds: number };
}

export interface LoginThrottleOptions {
  readonly clock: Clock;
  /** Attempts allowed per window. */
  readonly max: number;
  readonly windowMs: number;
}

/** A throttle held in this process's memory (one per web app); it forgets keys whose window has passed. */
export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const windows = new Map<string, { startedAt: number; count: number }>();
  const forgetPast = (now: number): void => {
    for (const [key, window] of windows) if (now - window.startedAt >= options.windowMs) windows.delete(key);
  };
  return {
    hit(key) {
      const now = options.clock.now().getTime();
      // Sweeping only past a thousand keys keeps the usual call cheap and the memory bounded.
      if (windows.size > 1000) forgetPast(now);
      let window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) {
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      const allowed = window.count <= options.max;
      const retryAfterSeconds = allowed
        ? 0
        : Math.max(1, Math.ceil((window.startedAt + options.windowMs - now) / 1000));
      return { allowed, retryAfterSeconds };
    },
  };
}
