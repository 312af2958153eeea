/** Reads what a starting monitor resumes from: the stored state of each check and its open incident. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { fromJsonColumn } from '../store/json.js';
import type { CheckState } from './check-state.js';
import type { OpenIncident } from './monitor-core.js';
import type { CheckStatesTable, IncidentsTable } from './tables.js';

export interface RestoredCheck {
  readonly state: CheckState;
  readonly incident: OpenIncident | undefined;
  /** When the row was last written (ms): the monitor was still running then. */
  readonly writtenAtMs: number;
}

/** The stored state and open incident of each of `checkIds`. */
export async function loadRestoredChecks(
  db: Kysely<Database>,
  checkIds: readonly string[],
): Promise<Map<string, RestoredCheck>> {
  const restored = new Map<string, RestoredCheck>();
  if (checkIds.length === 0) return restored;
  const [states, incidents] = await Promise.all([
    db.selectFrom('check_states').selectAll().execute(),
    db.selectFrom('incidents').selectAll().where('resolved_at', 'is', null).execute(),
  ]);
  const wanted = new Set(checkIds);
  const openByCheck = new Map(incidents.map((row) => [row.check_id, toOpenIncident(row)]));
  for (const row of states) {
    if (!wanted.has(row.check_id)) continue;
    restored.set(row.check_id, {
      state: toCheckState(row),
      incident: openByCheck.get(row.check_id),
      writtenAtMs: Date.parse(row.updated_at),
    });
  }
  return restored;
}

/**
 * When a restored check presumably last ran. An UP check's row is written only every so often while
 * nothing but its time and latency moves (see `MonitorCore`), so its stored last run may be a few
 * intervals old: it kept running on its phase until the monitor stopped, presumed to be the last write
 * of any row (`stoppedAtMs`). Without this, a restart would take most checks for overdue and run them
 * all at once.
 */
export function presumedLastRun(
  restored: RestoredCheck,
  intervalMs: number,
  stoppedAtMs: number,
): number | null {
  const { state } = restored;
  const last = state.lastAtMs;
  if (last === null || state.state !== 'up' || state.lastStatus !== 'up' || stoppedAtMs <= last) return last;
  return last + Math.floor((stoppedAtMs - last) / intervalMs) * intervalMs;
}

/** The last write of any restored row: when the monitor that wrote them was last seen running. */
export function lastWriteOf(restored: ReadonlyMap<string, RestoredCheck>): number {
  let latest = 0;
  for (const check of restored.values()) if (check.writtenAtMs > latest) latest = check.writtenAtMs;
  return latest;
}

function toCheckState(row: CheckStatesTable): CheckState {
  const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
  return {
    state: row.state,
    sinceMs: ms(row.since),
    failStreak: Number(row.fail_streak),
    okStreak: Number(row.ok_streak),
    lastStatus: row.last_status,
    lastMessage: row.last_message,
    lastLatencyMs: row.last_latency_ms === null ? null : Number(row.last_latency_ms),
    lastAtMs: ms(row.last_at),
    lastMetrics: fromJsonColumn<Record<string, number>>(row.last_metrics),
    flapping: Number(row.flapping) === 1,
    recentChanges: fromJsonColumn<number[]>(row.recent_changes) ?? [],
  };
}

export function toOpenIncident(row: IncidentsTable): OpenIncident {
  return {
    id: row.id,
    checkId: row.check_id,
    object: row.object,
    objectName: row.object_name,
    host: row.host,
    tags: fromJsonColumn<string[]>(row.tags) ?? [],
    severity: row.severity,
    openedAt: row.opened_at,
    message: row.message,
    lastMessage: row.last_message,
    alerted: Number(row.alerted) === 1,
    suppressedBy: row.suppressed_by,
    suppressedLabel: row.suppressed_label,
    heldBy: row.held_by,
    flapping: Number(row.flapping) === 1,
  };
}
