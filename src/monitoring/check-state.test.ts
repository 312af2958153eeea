import { describe, expect, it } from 'vitest';
import type { ProbeStatus } from '../probes/probe.js';
import { applyResult, type CheckState, FLAP_CHANGES, INITIAL_STATE } from './check-state.js';

const policy = { intervalMs: 1000, retries: 2, recoveries: 2 };
const result = (status: ProbeStatus) => ({ status, latencyMs: 12.4, message: `it is ${status}` });

/** Feeds statuses one interval apart; returns the states after each. */
function run(statuses: readonly ProbeStatus[], start: CheckState = INITIAL_STATE, from = 0) {
  let state = start;
  return statuses.map((status, index) => {
    const step = applyResult(state, result(status), policy, from + index * 1000);
    state = step.next;
    return step;
  });
}

describe('check state machine', () => {
  it('is UNKNOWN until a first result, UP at once on success', () => {
    const [first] = run(['up']);
    expect(first?.change).toEqual({ from: 'unknown', to: 'up' });
    expect(first?.next).toMatchObject({
      state: 'up',
      sinceMs: 0,
      lastLatencyMs: 12,
      lastMessage: 'it is up',
    });
  });

  it('goes DOWN only after `retries` more failures in a row, and UP after `recoveries` successes', () => {
    const steps = run(['up', 'down', 'down', 'up', 'down', 'down', 'down', 'up', 'down', 'up', 'up']);
    expect(steps.map((step) => step.next.state)).toEqual([
      'up',
      'up',
      'up',
      'up', // a success resets the failure count
      'up',
      'up',
      'down', // third failure in a row
      'down',
      'down',
      'down',
      'up', // a failure resets the success count
    ]);
    expect(steps[6]?.change).toEqual({ from: 'up', to: 'down' });
    expect(steps[6]?.next.sinceMs).toBe(6000);
  });

  it('moves between DOWN and DEGRADED without a new confirmation', () => {
    const steps = run(['degraded', 'degraded', 'degraded', 'down', 'degraded']);
    expect(steps.map((step) => step.next.state)).toEqual([
      'unknown',
      'unknown',
      'degraded',
      'down',
      'degraded',
    ]);
  });

  it('flags flapping after too many changes in the window and clears it once calm', () => {
    const quick = { ...policy, retries: 0, recoveries: 1 };
    let state = INITIAL_STATE;
    const flags: boolean[] = [];
    const statuses: ProbeStatus[] = ['up', 'down', 'up', 'down', 'up', 'down'];
    statuses.forEach((status, index) => {
      state = applyResult(state, result(status), quick, index * 1000).next;
      flags.push(state.flapping);
    });
    expect(flags.indexOf(true)).toBe(FLAP_CHANGES - 1);
    // Twenty intervals later the old changes have left the window.
    const calm = applyResult(state, result('down'), quick, 30_000);
    expect(calm.flapEnded).toBe(true);
    expect(calm.next.flapping).toBe(false);
  });
});
