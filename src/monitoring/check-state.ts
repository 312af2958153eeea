/**
 * The state of one check from its results: UP at once on the first success, DOWN or DEGRADED only
 * after `retries` more failures in a row, UP again after `recoveries` successes in a row; a check
 * whose state changed too often within the flap window is FLAPPING until it calms down.
 */
import type { ProbeResult, ProbeStatus } from '../probes/probe.js';
import type { CheckPolicy } from './check-definition.js';
import type { CheckStateName } from './tables.js';

export interface CheckState {
  readonly state: CheckStateName;
  /** When the state began, ms since the epoch (null while UNKNOWN). */
  readonly sinceMs: number | null;
  readonly failStreak: number;
  readonly okStreak: number;
  readonly lastStatus: ProbeStatus | null;
  readonly lastMessage: string | null;
  readonly lastLatencyMs: number | null;
  readonly lastAtMs: number | null;
  readonly lastMetrics: Readonly<Record<string, number>> | null;
  readonly flapping: boolean;
  /** Instants (ms) of the state changes inside the flap window. */
  readonly recentChanges: readonly number[];
}

export const INITIAL_STATE: CheckState = {
  state: 'unknown',
  sinceMs: null,
  failStreak: 0,
  okStreak: 0,
  lastStatus: null,
  lastMessage: null,
  lastLatencyMs: null,
  lastAtMs: null,
  lastMetrics: null,
  flapping: false,
  recentChanges: [],
};

/** Flapping: this many state changes within `FLAP_WINDOW_INTERVALS` intervals. */
export const FLAP_CHANGES = 4;
export const FLAP_WINDOW_INTERVALS = 20;

export interface StateStep {
  readonly next: CheckState;
  /** Set when the state changed. */
  readonly change?: { readonly from: CheckStateName; readonly to: CheckStateName } | undefined;
  readonly flapStarted: boolean;
  readonly flapEnded: boolean;
}

/** The state after `result`, observed at `atMs`. */
export function applyResult(
  state: CheckState,
  result: ProbeResult,
  policy: CheckPolicy,
  atMs: number,
): StateStep {
  const ok = result.status === 'up';
  const failStreak = ok ? 0 : state.failStreak + 1;
  const okStreak = ok ? state.okStreak + 1 : 0;
  let target: CheckStateName = state.state;
  if (ok) {
    if (state.state === 'unknown' || okStreak >= policy.recoveries) target = 'up';
  } else if (state.state === 'down' || state.state === 'degraded') {
    // Already confirmed failing: a move between DOWN and DEGRADED needs no new confirmation.
    target = result.status;
  } else if (failStreak > policy.retries) {
    target = result.status;
  }
  const windowMs = policy.intervalMs * FLAP_WINDOW_INTERVALS;
  const changed = target !== state.state;
  // Instants are in time order: when the oldest is still inside the window and nothing changed, the
  // array is kept as it is (no new array per result).
  const oldest = state.recentChanges[0];
  const recentChanges =
    !changed && (oldest === undefined || oldest > atMs - windowMs)
      ? state.recentChanges
      : [...state.recentChanges, ...(changed ? [atMs] : [])].filter((at) => at > atMs - windowMs);
  // Hysteresis: flapping starts at FLAP_CHANGES changes and ends only when at most half remain.
  const flapping = state.flapping
    ? recentChanges.length > FLAP_CHANGES / 2
    : recentChanges.length >= FLAP_CHANGES;
  const next: CheckState = {
    state: target,
    sinceMs: changed ? atMs : state.sinceMs,
    failStreak,
    okStreak,
    lastStatus: result.status,
    lastMessage: result.message,
    lastLatencyMs: Math.round(result.latencyMs),
    lastAtMs: atMs,
    lastMetrics: result.metrics ?? null,
    flapping,
    recentChanges,
  };
  return {
    next,
    change: changed ? { from: state.state, to: target } : undefined,
    flapStarted: flapping && !state.flapping,
    flapEnded: !flapping && state.flapping,
  };
}
