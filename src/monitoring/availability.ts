/**
 * Availability (the SLA figure) of a check over a period, from its state changes, leaving out the
 * time covered by maintenance windows and the time its state was UNKNOWN (the monitor was not
 * running or had no result yet). DEGRADED counts as available: the service answered.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import {
  type CoveredCheck,
  type Interval,
  type MaintenanceWindow,
  occurrences,
  windowCovers,
} from './maintenance-window.js';
import type { CheckStateName } from './tables.js';

export interface AvailabilityInput {
  readonly fromMs: number;
  readonly toMs: number;
  /** The state at `fromMs` (the last change before it), `unknown` when there was none. */
  readonly initialState: CheckStateName;
  /** Changes inside the period, oldest first. */
  readonly changes: readonly { readonly atMs: number; readonly to: CheckStateName }[];
  /** Time left out: maintenance windows. */
  readonly excluded: readonly Interval[];
}

export interface Availability {
  readonly periodMs: number;
  readonly excludedMs: number;
  readonly unknownMs: number;
  readonly upMs: number;
  readonly degradedMs: number;
  readonly downMs: number;
  /** (up + degraded) / (up + degraded + down), or null when nothing was measured. */
  readonly ratio: number | null;
}

export function computeAvailability(input: AvailabilityInput): Availability {
  const excluded = mergeIntervals(input.excluded, input.fromMs, input.toMs);
  const totals: Record<CheckStateName, number> = { up: 0, degraded: 0, down: 0, unknown: 0 };
  let state = input.initialState;
  let cursor = input.fromMs;
  const close = (end: number): void => {
    if (end > cursor) totals[state] += end - cursor - overlap(excluded, cursor, end);
  };
  for (const change of input.changes) {
    if (change.atMs <= input.fromMs) {
      state = change.to;
      continue;
    }
    if (change.atMs >= input.toMs) break;
    close(change.atMs);
    cursor = change.atMs;
    state = change.to;
  }
  close(input.toMs);
  const measured = totals.up + totals.degraded + totals.down;
  return {
    periodMs: input.toMs - input.fromMs,
    excludedMs: excluded.reduce((sum, interval) => sum + interval.end - interval.start, 0),
    unknownMs: totals.unknown,
    upMs: totals.up,
    degradedMs: totals.degraded,
    downMs: totals.down,
    ratio: measured === 0 ? null : (totals.up + totals.degraded) / measured,
  };
}

/** Sorted, non-overlapping intervals, clipped to [from, to). */
export function mergeIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const clipped = intervals
    .map((interval) => ({ start: Math.max(interval.start, from), end: Math.min(interval.end, to) }))
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of clipped) {
    const last = merged.at(-1);
    if (last !== undefined && interval.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    else merged.push(interval);
  }
  return merged;
}

function overlap(merged: readonly Interval[], start: number, end: number): number {
  let total = 0;
  for (const interval of merged) {
    if (interval.start >= end) break;
    total += Math.max(0, Math.min(end, interval.end) - Math.max(start, interval.start));
  }
  return total;
}

/** [start, end) of a calendar month `YYYY-MM`, in UTC. */
export function monthBounds(month: string): { fromMs: number; toMs: number } | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { fromMs: Date.UTC(year, index, 1), toMs: Date.UTC(year, index + 1, 1) };
}

/** The availability of `check` over [fromMs, toMs), read from the store. */
export async function checkAvailability(
  db: Kysely<Database>,
  check: CoveredCheck,
  windows: readonly MaintenanceWindow[],
  period: { fromMs: number; toMs: number },
): Promise<Availability> {
  const from = new Date(period.fromMs).toISOString();
  const to = new Date(period.toMs).toISOString();
  const [before, inside] = await Promise.all([
    db
      .selectFrom('check_state_changes')
      .select('to_state')
      .where('check_id', '=', check.id)
      .where('at', '<=', from)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('check_state_changes')
      .select(['at', 'to_state'])
      .where('check_id', '=', check.id)
      .where('at', '>', from)
      .where('at', '<', to)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  ]);
  return computeAvailability({
    ...period,
    initialState: before?.to_state ?? 'unknown',
    changes: inside.map((row) => ({ atMs: Date.parse(row.at), to: row.to_state })),
    excluded: windows
      .filter((window) => windowCovers(window, check))
      .flatMap((window) => occurrences(window, period.fromMs, period.toMs)),
  });
}
