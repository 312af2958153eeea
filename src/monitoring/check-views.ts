/** Checks for people: the derived checks with their latest state, maintenance, and what makes them unreachable. */
import { AppError } from '../errors/app-error.js';
import { latestRevisionId } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';
import { fromJsonColumn } from '../store/json.js';
import { checkAvailability, monthBounds } from './availability.js';
import type { CheckDefinition, CheckProblem } from './check-definition.js';
import type { DerivedChecks } from './derive-checks.js';
import { inventoryChecks } from './inventory-checks.js';
import { loadMaintenanceWindows } from './maintenance.js';
import { activeOccurrence, type MaintenanceWindow, windowCovers } from './maintenance-window.js';
import type { CheckStateName, CheckStatesTable } from './tables.js';

export interface CheckView {
  readonly id: string;
  readonly object: string;
  readonly objectName: string;
  readonly name: string;
  readonly kind: string;
  readonly host: string | null;
  readonly tags: readonly string[];
  readonly parents: readonly string[];
  readonly intervalMs: number;
  readonly retries: number;
  readonly recoveries: number;
  readonly state: CheckStateName;
  readonly since: string | null;
  readonly lastStatus: string | null;
  readonly lastMessage: string | null;
  readonly lastLatencyMs: number | null;
  readonly lastAt: string | null;
  readonly metrics: Record<string, number> | null;
  readonly flapping: boolean;
  readonly incidentId: string | null;
  /** The window covering it now: checks run, alerts are held. */
  readonly maintenance: { readonly id: string; readonly title: string; readonly until: string } | null;
  /** The parent check that makes it unreachable now (`ECWAN`), from its open incident. */
  readonly unreachableBecauseOf: string | null;
  readonly source: string;
}

export interface CheckDetail extends CheckView {
  readonly changes: {
    readonly at: string;
    readonly from: CheckStateName;
    readonly to: CheckStateName;
    readonly message: string;
  }[];
  readonly hourly: {
    readonly start: string;
    readonly count: number;
    readonly down: number;
    readonly degraded: number;
    readonly avgLatencyMs: number | null;
  }[];
  /** Availability of the current month so far, maintenance left out (null when nothing was measured). */
  readonly monthAvailability: number | null;
}

/** Where the derived checks come from: the inventory each time unless a cache is given. */
type Deps = Pick<CoreDeps, 'store' | 'clock'> & { readonly derivedChecks?: () => Promise<DerivedChecks> };

export interface CheckFilter {
  readonly state?: CheckStateName | undefined;
  readonly host?: string | undefined;
  readonly kind?: string | undefined;
}

/** The derived checks, kept until the next inventory revision: deriving 10,000 checks is not free. */
export function derivedChecksByRevision(deps: Pick<CoreDeps, 'store'>): () => Promise<DerivedChecks> {
  let kept: { revision: number | null; checks: Promise<DerivedChecks> } | undefined;
  return async () => {
    const revision = await latestRevisionId(deps);
    if (kept === undefined || kept.revision !== revision) {
      const checks = inventoryChecks(deps);
      kept = { revision, checks };
      checks.catch(() => {
        kept = undefined;
      });
    }
    return await kept.checks;
  };
}

export async function listChecks(
  deps: Deps,
  filter: CheckFilter = {},
): Promise<{ checks: CheckView[]; problems: CheckProblem[] }> {
  const derived = await (deps.derivedChecks ?? (() => inventoryChecks(deps)))();
  const [rows, incidents, windows] = await Promise.all([
    deps.store.db.selectFrom('check_states').selectAll().execute(),
    deps.store.db
      .selectFrom('incidents')
      .select(['check_id', 'suppressed_label'])
      .where('resolved_at', 'is', null)
      .execute(),
    loadMaintenanceWindows(deps.store.db),
  ]);
  const byId = new Map(rows.map((row) => [row.check_id, row]));
  const suppressed = new Map(incidents.map((row) => [row.check_id, row.suppressed_label]));
  const nowMs = deps.clock.now().getTime();
  const checks = derived.checks
    .filter(
      (def) =>
        (filter.host === undefined || (def.host ?? null) === filter.host) &&
        (filter.kind === undefined || def.kind === filter.kind),
    )
    .map((def) => toView(def, byId.get(def.id), suppressed.get(def.id) ?? null, windows, nowMs))
    .filter((view) => filter.state === undefined || view.state === filter.state);
  return { checks, problems: derived.problems };
}

export interface CheckPage {
  readonly items: CheckView[];
  readonly problems: CheckProblem[];
  /** Checks matching the filter, all pages together. */
  readonly total: number;
  /** Every kind and host there are checks of, for the page's filters. */
  readonly kinds: string[];
  readonly hosts: string[];
}

/** One page of the filtered checks, in the inventory's order: a page never carries thousands of rows. */
export async function pageChecks(
  deps: Deps,
  filter: CheckFilter & { readonly limit: number; readonly offset: number },
): Promise<CheckPage> {
  const derived = await (deps.derivedChecks ?? (() => inventoryChecks(deps)))();
  const { checks, problems } = await listChecks({ ...deps, derivedChecks: async () => derived }, filter);
  const kinds = new Set<string>();
  const hosts = new Set<string>();
  for (const def of derived.checks) {
    kinds.add(def.kind);
    if (def.host !== undefined) hosts.add(def.host);
  }
  return {
    items: checks.slice(filter.offset, filter.offset + filter.limit),
    problems,
    total: checks.length,
    kinds: [...kinds].sort(),
    hosts: [...hosts].sort(),
  };
}

export async function getCheck(deps: Deps, id: string): Promise<CheckDetail> {
  const derived = await (deps.derivedChecks ?? (() => inventoryChecks(deps)))();
  const def = derived.checks.find((check) => check.id === id);
  if (def === undefined) {
    throw new AppError('NOT_FOUND', `There is no check ${id}`, {
      hint: 'Check ids read kind/object/check, e.g. website/intranet/http; vigie checks list shows them.',
      details: { id },
    });
  }
  const db = deps.store.db;
  const nowMs = deps.clock.now().getTime();
  const [row, incident, windows, changes, hourly] = await Promise.all([
    db.selectFrom('check_states').selectAll().where('check_id', '=', id).executeTakeFirst(),
    db
      .selectFrom('incidents')
      .select('suppressed_label')
      .where('check_id', '=', id)
      .where('resolved_at', 'is', null)
      .executeTakeFirst(),
    loadMaintenanceWindows(db),
    db
      .selectFrom('check_state_changes')
      .selectAll()
      .where('check_id', '=', id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('check_rollups')
      .selectAll()
      .where('check_id', '=', id)
      .where('resolution', '=', 'hour')
      .where('bucket_start', '>=', new Date(nowMs - 48 * 3_600_000).toISOString())
      .orderBy('bucket_start')
      .execute(),
  ]);
  const month = new Date(nowMs).toISOString().slice(0, 7);
  const bounds = monthBounds(month);
  const availability =
    bounds === undefined
      ? null
      : (
          await checkAvailability(db, def, windows, {
            fromMs: bounds.fromMs,
            toMs: Math.min(nowMs, bounds.toMs),
          })
        ).ratio;
  return {
    ...toView(def, row, incident?.suppressed_label ?? null, windows, nowMs),
    changes: changes.map((change) => ({
      at: change.at,
      from: change.from_state,
      to: change.to_state,
      message: change.message,
    })),
    hourly: hourly.map((bucket) => ({
      start: bucket.bucket_start,
      count: Number(bucket.count),
      down: Number(bucket.down_count),
      degraded: Number(bucket.degraded_count),
      avgLatencyMs:
        Number(bucket.count) === 0 ? null : Math.round(Number(bucket.latency_sum_ms) / Number(bucket.count)),
    })),
    monthAvailability: availability,
  };
}

function toView(
  def: CheckDefinition,
  row: CheckStatesTable | undefined,
  unreachableBecauseOf: string | null,
  windows: readonly MaintenanceWindow[],
  nowMs: number,
): CheckView {
  let maintenance: CheckView['maintenance'] = null;
  for (const window of windows) {
    const active = windowCovers(window, def) ? activeOccurrence(window, nowMs) : undefined;
    if (active === undefined) continue;
    maintenance = {
      id: window.id,
      title: window.title,
      until: new Date(Math.min(active.end, 8.64e15)).toISOString(),
    };
    break;
  }
  return {
    id: def.id,
    object: def.object,
    objectName: def.objectName,
    name: def.name,
    kind: def.kind,
    host: def.host ?? null,
    tags: def.tags,
    parents: def.parents,
    intervalMs: def.policy.intervalMs,
    retries: def.policy.retries,
    recoveries: def.policy.recoveries,
    state: row?.state ?? 'unknown',
    since: row?.since ?? null,
    lastStatus: row?.last_status ?? null,
    lastMessage: row?.last_message ?? null,
    lastLatencyMs: row?.last_latency_ms ?? null,
    lastAt: row?.last_at ?? null,
    metrics: fromJsonColumn<Record<string, number>>(row?.last_metrics ?? null),
    flapping: Number(row?.flapping ?? 0) === 1,
    incidentId: row?.incident_id ?? null,
    maintenance,
    unreachableBecauseOf,
    source: def.source,
  };
}
