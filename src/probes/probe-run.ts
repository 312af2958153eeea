/**
 * What every probe does around its own work: a deadline from `spec.timeout` joined with the caller's
 * signal, the latency, and turning whatever went wrong (refusal, reset, timeout) into a DOWN result.
 */
import { performance } from 'node:perf_hooks';
import { isAppError } from '../errors/app-error.js';
import type { ProbeResult, ProbeStatus } from './probe.js';

/** Measures the attempt; `elapsed()` is the latency so far in whole milliseconds. */
export interface Attempt {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  elapsed(): number;
  result(status: ProbeStatus, message: string, extra?: ResultExtra): ProbeResult;
}

export interface ResultExtra {
  readonly metrics?: Record<string, number>;
  readonly details?: Record<string, unknown>;
}

/**
 * Runs `work` with a signal that aborts at `timeoutMs` or when `outer` aborts, and always resolves by
 * then: a library that ignores the signal cannot hold the scheduler. `work` must release its sockets
 * when the signal aborts. A throw becomes a DOWN result described by `describeFailure`.
 */
export function runAttempt(
  outer: AbortSignal,
  timeoutMs: number,
  target: string,
  work: (attempt: Attempt) => Promise<ProbeResult>,
): Promise<ProbeResult> {
  const started = performance.now();
  const controller = new AbortController();
  const elapsed = (): number => Math.round(performance.now() - started);
  const attempt: Attempt = {
    signal: controller.signal,
    timeoutMs,
    elapsed,
    result: (status, message, extra = {}) => ({ status, latencyMs: elapsed(), message, ...extra }),
  };
  // One promise, one timer and one listener per attempt: at hundreds of checks a second, a race of
  // promises and combined signals shows in the profile.
  return new Promise<ProbeResult>((resolve) => {
    let done = false;
    const finish = (result: ProbeResult, abortReason: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      // Whichever way it ended, the work's sockets are told to close now.
      controller.abort(abortReason);
      resolve(result);
    };
    const stop = (why: string): void => {
      finish(attempt.result('down', why, { details: { error: 'TIMEOUT', timeoutMs } }), new Error(why));
    };
    const onOuterAbort = (): void => stop(`Check of ${target} cancelled after ${formatMs(elapsed())}`);
    const timer = setTimeout(() => stop(`No answer from ${target} within ${formatMs(timeoutMs)}`), timeoutMs);
    let unsubscribe = (): void => {};
    if (outer.aborted) {
      onOuterAbort();
      return;
    }
    unsubscribe = onAbort(outer, onOuterAbort);
    let worked: Promise<ProbeResult>;
    try {
      worked = work(attempt);
    } catch (error) {
      worked = Promise.reject(error);
    }
    worked.then(
      (result) => finish(result, CHECK_FINISHED),
      (error: unknown) =>
        finish(
          attempt.result('down', describeFailure(error, target), { details: failureDetails(error) }),
          CHECK_FINISHED,
        ),
    );
  });
}

/** One listener per outer signal, calling the attempts' own callbacks (see `onAbort`). */
const abortCallbacks = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` when `signal` aborts; returns what undoes it. Every running check shares the
 * scheduler's signal: adding and removing hundreds of listeners on one EventTarget costs time in
 * proportion to how many it holds (a few percent of the monitor's CPU at 10,000 checks), a Set does not.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = abortCallbacks.get(signal);
  if (callbacks === undefined) {
    const created = new Set<() => void>();
    callbacks = created;
    abortCallbacks.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        const waiting = [...created];
        created.clear();
        for (const waiter of waiting) waiter();
      },
      { once: true },
    );
  }
  const mine = callbacks;
  mine.add(callback);
  return () => {
    mine.delete(callback);
  };
}

// Shared: building an Error (and its stack) for every finished check costs more than the abort itself.
const CHECK_FINISHED = new Error('check finished');

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'name not found',
  EPIPE: 'connection closed while writing',
  ECONNABORTED: 'connection aborted',
};

/** A one-line reason for people, naming the target: `connection refused by 127.0.0.1:5999`. */
export function describeFailure(error: unknown, target: string): string {
  if (isAppError(error)) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const text = code === undefined ? undefined : ERRNO_TEXT[code];
  if (text !== undefined) return `${target}: ${text}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${target}: ${message}`;
}

/** The error's code and hint for `details`, without its stack. */
export function failureDetails(error: unknown): Record<string, unknown> {
  if (isAppError(error)) {
    return { error: error.code, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return { error: typeof code === 'string' ? code : 'ERROR' };
}

/** `850 ms`, `5 s`, `1.5 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
