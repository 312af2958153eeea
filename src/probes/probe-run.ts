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
export async function runAttempt(
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
  let timer: NodeJS.Timeout | undefined;
  let onOuterAbort: (() => void) | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    const stop = (why: string): void => {
      controller.abort(new Error(why));
      resolve(attempt.result('down', why, { details: { error: 'TIMEOUT', timeoutMs } }));
    };
    timer = setTimeout(() => stop(`No answer from ${target} within ${formatMs(timeoutMs)}`), timeoutMs);
    onOuterAbort = () => stop(`Check of ${target} cancelled after ${formatMs(elapsed())}`);
    if (outer.aborted) onOuterAbort();
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  });
  const worked = (async () => {
    try {
      return await work(attempt);
    } catch (error) {
      return attempt.result('down', describeFailure(error, target), { details: failureDetails(error) });
    }
  })();
  try {
    return await Promise.race([worked, deadline]);
  } finally {
    clearTimeout(timer);
    if (onOuterAbort) outer.removeEventListener('abort', onOuterAbort);
    // Whichever way it ended, the work's sockets are told to close now.
    if (!controller.signal.aborted) controller.abort(new Error('check finished'));
  }
}

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
