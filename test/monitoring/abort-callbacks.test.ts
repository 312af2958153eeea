/** The scheduler's one abort signal shared by every running check, without one listener each. */
import { describe, expect, it } from 'vitest';
import { onAbort, runAttempt } from '../../src/probes/probe-run.js';

describe('abort callbacks on a shared signal', () => {
  it('calls each callback still subscribed once when the signal aborts, and none that left', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const leave = Array.from({ length: 1000 }, (_, i) => onAbort(controller.signal, () => calls.push(i)));
    for (let i = 0; i < 1000; i += 2) leave[i]?.();
    controller.abort(new Error('stopping'));
    controller.abort(new Error('again'));
    expect(calls).toHaveLength(500);
    expect(calls.every((i) => i % 2 === 1)).toBe(true);
    expect(new Set(calls).size).toBe(500);
  });

  it('cancels attempts still running when the shared signal aborts, and leaves finished ones alone', async () => {
    const controller = new AbortController();
    const finished = await runAttempt(controller.signal, 5000, 'site-a.test', async (attempt) =>
      attempt.result('up', 'answered'),
    );
    const hanging = runAttempt(controller.signal, 5000, 'site-b.test', (attempt) => {
      return new Promise((resolve) => {
        attempt.signal.addEventListener('abort', () => resolve(attempt.result('up', 'too late')));
      });
    });
    controller.abort(new Error('monitor stopping'));
    const cancelled = await hanging;
    expect(finished.status).toBe('up');
    expect(cancelled.status).toBe('down');
    expect(cancelled.message).toMatch(/^Check of site-b\.test cancelled after \d+ ms$/);
  });
});
