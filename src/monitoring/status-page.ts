/**
 * The public status page's data: only what the customer's users may see. Websites (unless marked
 * `visibility: internal`) and databases marked `visibility: public`, their state, the maintenance
 * announced on them and their incidents of the last 30 days. Never an address, a host, a check
 * message or a person: those are internal.
 */
import { getInventoryObjects, nameOf } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';
import { inventoryChecks } from './inventory-checks.js';
import { loadMaintenanceWindows } from './maintenance.js';
import { activeOccurrence, type Interval, occurrences, windowCovers } from './maintenance-window.js';
import type { CheckStateName } from './tables.js';

const DAY_MS = 86_400_000;
/** How far back incidents are shown, and how far ahead maintenance is announced. */
export const STATUS_INCIDENT_DAYS = 30;
export const STATUS_ANNOUNCE_DAYS = 30;

export type PublicState = 'up' | 'degraded' | 'down' | 'maintenance' | 'unknown';

export interface PublicService {
  readonly id: string;
  readonly kind: 'website' | 'database';
  readonly name: string;
  readonly state: PublicState;
  readonly since: string | null;
}

export interface PublicMaintenance {
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly active: boolean;
  /** Names of the public services it concerns. */
  readonly services: string[];
}

export interface PublicIncident {
  readonly service: string;
  readonly severity: 'critical' | 'warning';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly durationMs: number;
}

export interface PublicStatus {
  readonly customer: string | null;
  readonly at: string;
  readonly overall: PublicState;
  readonly services: PublicService[];
  readonly maintenance: PublicMaintenance[];
  readonly incidents: PublicIncident[];
}

const SEVERITY: Record<PublicState, number> = { up: 0, unknown: 1, maintenance: 2, degraded: 3, down: 4 };

/** What the public status page shows now. */
export async function publicStatus(deps: Pick<CoreDeps, 'store' | 'clock'>): Promise<PublicStatus> {
  const nowMs = deps.clock.now().getTime();
  const db = deps.store.db;
  const [websites, databases, customers, derived, windows, states, incidents] = await Promise.all([
    getInventoryObjects(deps, 'website'),
    getInventoryObjects(deps, 'database'),
    getInventoryObjects(deps, 'customer'),
    inventoryChecks(deps),
    loadMaintenanceWindows(db),
    db.selectFrom('check_states').select(['check_id', 'state', 'since']).execute(),
    db
      .selectFrom('incidents')
      .select(['object', 'severity', 'opened_at', 'resolved_at'])
      .where((eb) =>
        eb.or([
          eb('resolved_at', 'is', null),
          eb('resolved_at', '>=', new Date(nowMs - STATUS_INCIDENT_DAYS * DAY_MS).toISOString()),
        ]),
      )
      .orderBy('opened_at', 'desc')
      .limit(200)
      .execute(),
  ]);
  const visible = new Map<string, { kind: 'website' | 'database'; name: string }>();
  for (const site of websites)
    if (site.spec.visibility !== 'internal')
      visible.set(`website/${site.key}`, { kind: 'website', name: nameOf(site) });
  for (const base of databases)
    if (base.spec.visibility === 'public')
      visible.set(`database/${base.key}`, { kind: 'database', name: nameOf(base) });

  const stateOf = new Map(states.map((row) => [row.check_id, row]));
  const checks = derived.checks.filter((check) => visible.has(check.object));
  const horizon = nowMs + STATUS_ANNOUNCE_DAYS * DAY_MS;
  const announced = new Map<string, PublicMaintenance & { services: string[] }>();
  const inMaintenance = new Set<string>();
  for (const window of windows) {
    const covered = checks.filter((check) => windowCovers(window, check));
    if (covered.length === 0) continue;
    const current = activeOccurrence(window, nowMs);
    const next: Interval | undefined = current ?? occurrences(window, nowMs, horizon)[0];
    if (next === undefined) continue;
    const active = current !== undefined;
    const names = [...new Set(covered.map((check) => visible.get(check.object)?.name ?? ''))].sort();
    if (active) for (const check of covered) inMaintenance.add(check.object);
    announced.set(window.id, {
      title: window.title,
      startsAt: new Date(next.start).toISOString(),
      endsAt: Number.isFinite(next.end) && next.end < 8.64e15 ? new Date(next.end).toISOString() : null,
      active,
      services: names,
    });
  }

  const services: PublicService[] = [...visible.entries()].map(([id, { kind, name }]) => {
    let state: PublicState = 'unknown';
    let since: string | null = null;
    let seen = false;
    for (const check of checks.filter((one) => one.object === id)) {
      const row = stateOf.get(check.id);
      const checkState: CheckStateName = row?.state ?? 'unknown';
      if (!seen || SEVERITY[checkState] > SEVERITY[state]) {
        state = checkState;
        since = row?.since ?? null;
      }
      seen = true;
    }
    if (inMaintenance.has(id) && state !== 'up') state = 'maintenance';
    return { id, kind, name, state, since };
  });
  services.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const overall = services.reduce<PublicState>(
    (worst, service) => (SEVERITY[service.state] > SEVERITY[worst] ? service.state : worst),
    'up',
  );
  const customer = customers[0];
  return {
    customer:
      customer === undefined
        ? null
        : String(customer.spec.trade_name ?? customer.spec.legal_name ?? customer.key),
    at: new Date(nowMs).toISOString(),
    overall: services.length === 0 ? 'unknown' : overall,
    services,
    maintenance: [...announced.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    incidents: mergeIncidents(incidents, visible, nowMs),
  };
}

/**
 * One public incident per service and outage: the checks of one service (http and tls of a website)
 * open incidents together, and the public needs to read one.
 */
function mergeIncidents(
  rows: readonly {
    object: string;
    severity: 'critical' | 'warning';
    opened_at: string;
    resolved_at: string | null;
  }[],
  visible: ReadonlyMap<string, { name: string }>,
  nowMs: number,
): PublicIncident[] {
  const merged: {
    service: string;
    severity: 'critical' | 'warning';
    start: number;
    end: number;
    open: boolean;
  }[] = [];
  const sorted = rows
    .filter((row) => visible.has(row.object))
    .map((row) => ({
      service: visible.get(row.object)?.name ?? '',
      severity: row.severity,
      start: Date.parse(row.opened_at),
      end: row.resolved_at === null ? nowMs : Date.parse(row.resolved_at),
      open: row.resolved_at === null,
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.start - b.start);
  for (const incident of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && last.service === incident.service && incident.start <= last.end) {
      last.end = Math.max(last.end, incident.end);
      last.open ||= incident.open;
      if (incident.severity === 'critical') last.severity = 'critical';
    } else merged.push({ ...incident });
  }
  return merged
    .sort((a, b) => b.start - a.start)
    .map((incident) => ({
      service: incident.service,
      severity: incident.severity,
      openedAt: new Date(incident.start).toISOString(),
      resolvedAt: incident.open ? null : new Date(incident.end).toISOString(),
      durationMs: Math.max(0, incident.end - incident.start),
    }));
}
