/**
 * What the monitor has decided but not yet written: latest states, state changes, rollup increments
 * and incident effects. Written every second in one transaction, so that 10,000 checks at 30 s cost a
 * few batched statements per second rather than one write per result; rollup increments wait in a
 * `RollupBuffer` until their minute or slice of the hour has ended (docs/design/monitoring-writes.md).
 */
import type { AlertEvent } from '../alerting/model.js';
import type { JournalEntryInput } from '../journal/append.js';
import type { CheckStateChangesTable, IncidentsTable, RollupResolution } from './tables.js';

export interface RollupDelta {
  checkId: string;
  resolution: RollupResolution;
  bucketStart: string;
  count: number;
  up: number;
  degraded: number;
  down: number;
  latencySum: number;
  latencyMin: number;
  latencyMax: number;
}

export type IncidentEffect =
  | { readonly kind: 'open'; readonly row: IncidentsTable }
  | { readonly kind: 'update'; readonly id: string; readonly set: Partial<IncidentsTable> }
  | {
      readonly kind: 'resolve';
      readonly id: string;
      readonly at: string;
      readonly lastMessage: string;
      /** The journal entry, without what only the stored row knows (who acknowledged it). */
      readonly journal: JournalEntryInput;
    }
  | { readonly kind: 'alert'; readonly event: AlertEvent };

export type RollupsByBucket = Map<string, Map<string, RollupDelta>>;

export class PendingWrites {
  /** Check ids whose latest state must be written. */
  states = new Set<string>();
  stateChanges: Omit<CheckStateChangesTable, 'id'>[] = [];
  /**
   * Rollup increments to add to the stored rows, by bucket (`minute\u0000<start>`) then check: one
   * delta per row, as a multi-row upsert needs (see `RollupBuffer` for when they come due).
   */
  rollups: RollupsByBucket = new Map();
  incidents: IncidentEffect[] = [];

  get empty(): boolean {
    return (
      this.states.size === 0 &&
      this.stateChanges.length === 0 &&
      this.rollups.size === 0 &&
      this.incidents.length === 0
    );
  }

  /** Puts back writes that failed in front of those decided since, so nothing is lost or reordered. */
  restore(failed: PendingWrites): void {
    for (const id of failed.states) this.states.add(id);
    this.stateChanges = [...failed.stateChanges, ...this.stateChanges];
    this.incidents = [...failed.incidents, ...this.incidents];
    for (const [bucket, deltas] of failed.rollups) addBucket(this.rollups, bucket, deltas);
  }
}

/**
 * How long rollup increments wait in memory before they are added to the stored rows: a minute row is
 * written once, after its minute has closed; an hour row gets its increments after each `hourSliceMs`
 * (and so after the hour closes); both spread over `ROLLUP_SPREAD_MS`. A crash loses at most the
 * increments of the open minute and slice and of those still being spread; state changes, incidents
 * and alerts never wait here.
 */
export interface RollupTiming {
  readonly hourSliceMs: number;
}

export const DEFAULT_ROLLUP_TIMING: RollupTiming = { hourSliceMs: 5 * 60_000 };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * A slice that has ended is written over this long, a share at each flush: 10,000 checks' minute rows
 * all in the first second of the next minute would hold the event loop (SQLite writes synchronously)
 * and make the checks due then late.
 */
export const ROLLUP_SPREAD_MS = 30_000;

/** The increments of one slice of time, one delta per check, all for the same bucket. */
interface Slice {
  readonly endMs: number;
  /** The bucket all its deltas are for: `hour\u0000<start>`. */
  readonly bucket: string;
  readonly deltas: Map<string, RollupDelta>;
  /** Deltas when it ended, and how many have been taken since. */
  total: number;
  taken: number;
}

/** Rollup increments accumulated across flushes, grouped by the slice of time they are written after. */
export class RollupBuffer {
  readonly #minutes = new Map<number, Slice>();
  readonly #hours = new Map<number, Slice>();
  readonly #hourSliceMs: number;
  /** The slice results fall into is nearly always the last one used: no map lookup for them. */
  #lastMinute: { startMs: number; slice: Slice } | undefined;
  #lastHour: { startMs: number; slice: Slice } | undefined;

  constructor(timing: RollupTiming = DEFAULT_ROLLUP_TIMING) {
    // A slice never spans two hours: it divides the hour.
    const slice = Math.max(MINUTE_MS, Math.min(HOUR_MS, timing.hourSliceMs));
    this.#hourSliceMs = HOUR_MS % slice === 0 ? slice : MINUTE_MS;
  }

  get size(): number {
    return this.#minutes.size + this.#hours.size;
  }

  add(checkId: string, atMs: number, status: 'up' | 'down' | 'degraded', latencyMs: number): void {
    const minuteStart = atMs - (atMs % MINUTE_MS);
    let minute = this.#lastMinute;
    if (minute === undefined || minute.startMs !== minuteStart) {
      minute = {
        startMs: minuteStart,
        slice: this.#slice(this.#minutes, minuteStart, MINUTE_MS, `minute\u0000${bucketName(minuteStart)}`),
      };
      this.#lastMinute = minute;
    }
    const hourSliceStart = atMs - (atMs % this.#hourSliceMs);
    let hour = this.#lastHour;
    if (hour === undefined || hour.startMs !== hourSliceStart) {
      const hourStart = atMs - (atMs % HOUR_MS);
      hour = {
        startMs: hourSliceStart,
        slice: this.#slice(
          this.#hours,
          hourSliceStart,
          this.#hourSliceMs,
          `hour\u0000${bucketName(hourStart)}`,
        ),
      };
      this.#lastHour = hour;
    }
    count(minute.slice, checkId, 'minute', minuteStart, status, latencyMs);
    count(hour.slice, checkId, 'hour', atMs - (atMs % HOUR_MS), status, latencyMs);
  }

  /**
   * Moves into `into` the increments due by `nowMs`, or all of them: of a slice that has ended, the
   * share of `ROLLUP_SPREAD_MS` elapsed since (at least one flush's worth at once).
   */
  takeDue(into: RollupsByBucket, nowMs: number | 'all'): void {
    for (const slices of [this.#minutes, this.#hours]) {
      for (const [startMs, slice] of slices) {
        if (nowMs !== 'all' && slice.endMs > nowMs) continue;
        if (slice.taken === 0 && slice.total === 0) slice.total = slice.deltas.size;
        const share = nowMs === 'all' ? 1 : Math.min(1, (nowMs - slice.endMs + 1000) / ROLLUP_SPREAD_MS);
        const count = Math.ceil(slice.total * share) - slice.taken;
        if (count >= slice.deltas.size) {
          addBucket(into, slice.bucket, slice.deltas);
          slices.delete(startMs);
          continue;
        }
        if (count <= 0) continue;
        const part = new Map<string, RollupDelta>();
        for (const [checkId, delta] of slice.deltas) {
          if (part.size === count) break;
          part.set(checkId, delta);
          slice.deltas.delete(checkId);
        }
        slice.taken += part.size;
        addBucket(into, slice.bucket, part);
      }
    }
    this.#lastMinute = undefined;
    this.#lastHour = undefined;
  }

  #slice(slices: Map<number, Slice>, startMs: number, sizeMs: number, bucket: string): Slice {
    let slice = slices.get(startMs);
    if (slice === undefined) {
      slice = { endMs: startMs + sizeMs, bucket, deltas: new Map(), total: 0, taken: 0 };
      slices.set(startMs, slice);
    }
    return slice;
  }
}

/** Bucket names (`2026-11-28T10:00:00.000Z`) are made once per bucket, not once per result. */
const bucketNames = new Map<number, string>();

function bucketName(startMs: number): string {
  let name = bucketNames.get(startMs);
  if (name === undefined) {
    if (bucketNames.size > 256) bucketNames.clear();
    name = new Date(startMs).toISOString();
    bucketNames.set(startMs, name);
  }
  return name;
}

function count(
  slice: Slice,
  checkId: string,
  resolution: RollupResolution,
  bucketStartMs: number,
  status: 'up' | 'down' | 'degraded',
  latencyMs: number,
): void {
  let delta = slice.deltas.get(checkId);
  if (delta === undefined) {
    delta = {
      checkId,
      resolution,
      bucketStart: bucketName(bucketStartMs),
      count: 0,
      up: 0,
      degraded: 0,
      down: 0,
      latencySum: 0,
      latencyMin: latencyMs,
      latencyMax: latencyMs,
    };
    slice.deltas.set(checkId, delta);
  }
  delta.count += 1;
  delta[status] += 1;
  delta.latencySum += latencyMs;
  if (latencyMs < delta.latencyMin) delta.latencyMin = latencyMs;
  if (latencyMs > delta.latencyMax) delta.latencyMax = latencyMs;
}

/** Adds one bucket's deltas to `into`, merging those of a check already there (one row, one delta). */
function addBucket(into: RollupsByBucket, bucket: string, deltas: Map<string, RollupDelta>): void {
  const known = into.get(bucket);
  if (known === undefined) {
    into.set(bucket, deltas);
    return;
  }
  for (const [checkId, delta] of deltas) {
    const same = known.get(checkId);
    if (same === undefined) known.set(checkId, delta);
    else merge(same, delta);
  }
}

function merge(into: RollupDelta, delta: RollupDelta): void {
  into.count += delta.count;
  into.up += delta.up;
  into.degraded += delta.degraded;
  into.down += delta.down;
  into.latencySum += delta.latencySum;
  into.latencyMin = Math.min(into.latencyMin, delta.latencyMin);
  into.latencyMax = Math.max(into.latencyMax, delta.latencyMax);
}
