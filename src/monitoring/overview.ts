/**
 * The live overview the dashboard polls: counts by state, open incidents, recent state changes and
 * current maintenance. Bounded reads on the latest-state table, never a scan of results, so many
 * open dashboards leave the check path alone.
 */
import type { CoreDeps } from '../runtime/deps.js';
import { type IncidentView, listIncidents } from './incidents.js';
import { listMaintenanceWindows, type MaintenanceView } from './maintenance.js';
import type { CheckStateName } from './tables.js';

/** How many open incidents and recent changes the overview carries at most. */
export const OVERVIEW_LIMIT = 50;

export interface StateChangeView {
  readonly checkId: string;
  readonly at: string;
  readonly from: CheckStateName;
  readonly to: CheckStateName;
  readonly message: string;
}

export interface MonitoringOverview {
  readonly at: string;
  readonly counts: Record<CheckStateName, number> & { readonly total: number; readonly flapping: number };
  readonly openIncidents: IncidentView[];
  readonly recentChanges: StateChangeView[];
  readonly maintenance: MaintenanceView[];
}

export async function monitoringOverview(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
): Promise<MonitoringOverview> {
  const db = deps.store.db;
  const [byState, flapping, openIncidents, changes, maintenance] = await Promise.all([
    db
      .selectFrom('check_states')
      .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('state')
      .execute(),
    db
      .selectFrom('check_states')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('flapping', '=', 1)
      .executeTakeFirst(),
    listIncidents(deps, { filter: 'open', limit: OVERVIEW_LIMIT }),
    db
      .selectFrom('check_state_changes')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(OVERVIEW_LIMIT)
      .execute(),
    listMaintenanceWindows(deps, { current: true }),
  ]);
  const counts = { up: 0, down: 0, degraded: 0, unknown: 0 };
  for (const row of byState) counts[row.state] = Number(row.n);
  return {
    at: deps.clock.now().toISOString(),
    counts: {
      ...counts,
      total: counts.up + counts.down + counts.degraded + counts.unknown,
      flapping: Number(flapping?.n ?? 0),
    },
    openIncidents,
    recentChanges: changes.map((row) => ({
      checkId: row.check_id,
      at: row.at,
      from: row.from_state,
      to: row.to_state,
      message: row.message,
    })),
    maintenance,
  };
}
