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
    restored.set(row.check_id, { state: toCheckState(row), incident: openByCheck.get(row.check_id) });
  }
  return restored;
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
