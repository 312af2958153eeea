/**
 * What the monitor has decided but not yet written: latest states, state changes, rollup increments
 * and incident effects. Written every second in one transaction, so that 10,000 checks at 30 s cost a
 * few batched statements per second rather than one write per result.
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

const ROLLUP_SIZES = [
  ['minute', 60_000],
  ['hour', 3_600_000],
] as const;

export class PendingWrites {
  /** Check ids whose latest state must be written. */
  states = new Set<string>();
  stateChanges: Omit<CheckStateChangesTable, 'id'>[] = [];
  rollups = new Map<string, RollupDelta>();
  incidents: IncidentEffect[] = [];

  get empty(): boolean {
    return (
      this.states.size === 0 &&
      this.stateChanges.length === 0 &&
      this.rollups.size === 0 &&
      this.incidents.length === 0
    );
  }

  addResult(checkId: string, atMs: number, status: 'up' | 'down' | 'degraded', latencyMs: number): void {
    for (const [resolution, size] of ROLLUP_SIZES) {
      const bucketStart = this.#bucketName(atMs - (atMs % size));
      const key = `${checkId}\u0000${resolution}\u0000${bucketStart}`;
      let delta = this.rollups.get(key);
      if (delta === undefined) {
        delta = {
          checkId,
          resolution,
          bucketStart,
          count: 0,
          up: 0,
          degraded: 0,
          down: 0,
          latencySum: 0,
          latencyMin: latencyMs,
          latencyMax: latencyMs,
        };
        this.rollups.set(key, delta);
      }
      delta.count += 1;
      delta[status] += 1;
      delta.latencySum += latencyMs;
      delta.latencyMin = Math.min(delta.latencyMin, latencyMs);
      delta.latencyMax = Math.max(delta.latencyMax, latencyMs);
    }
  }

  /** A batch spans one or two buckets: their names are made once, not twice per result. */
  readonly #bucketNames = new Map<number, string>();

  #bucketName(startMs: number): string {
    let name = this.#bucketNames.get(startMs);
    if (name === undefined) {
      name = new Date(startMs).toISOString();
      this.#bucketNames.set(startMs, name);
    }
    return name;
  }

  /** Puts back writes that failed in front of those decided since, so nothing is lost or reordered. */
  restore(failed: PendingWrites): void {
    for (const id of failed.states) this.states.add(id);
    this.stateChanges = [...failed.stateChanges, ...this.stateChanges];
    this.incidents = [...failed.incidents, ...this.incidents];
    for (const [key, delta] of failed.rollups) {
      const newer = this.rollups.get(key);
      if (newer === undefined) {
        this.rollups.set(key, delta);
        continue;
      }
      newer.count += delta.count;
      newer.up += delta.up;
      newer.degraded += delta.degraded;
      newer.down += delta.down;
      newer.latencySum += delta.latencySum;
      newer.latencyMin = Math.min(newer.latencyMin, delta.latencyMin);
      newer.latencyMax = Math.max(newer.latencyMax, delta.latencyMax);
    }
  }
}
