/**
 * The monthly availability report (the SLA figure the customer reads): per website, database and
 * host, the availability of its main check over the month, maintenance windows left out, with the
 * incidents of that check (the ones behind the figure), and for websites and databases their target
 * (`sla.target`, else `check_defaults.sla.target`), met or missed.
 */
import { AppError } from '../errors/app-error.js';
import { slaTargetOf } from '../inventory/schema/sla.js';
import { getInventoryObject } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';
import { checkAvailability, monthBounds } from './availability.js';
import type { CheckDefinition } from './check-definition.js';
import { deriveChecks } from './derive-checks.js';
import { inventoryObjectsForChecks } from './inventory-checks.js';
import { loadMaintenanceWindows } from './maintenance.js';

export const SLA_SERVICE_KINDS = ['website', 'database', 'vm', 'device'] as const;
export type SlaServiceKind = (typeof SLA_SERVICE_KINDS)[number];

/** The check whose availability stands for the service: what its users meet first. */
const MAIN_CHECK: Record<SlaServiceKind, readonly string[]> = {
  website: ['http'],
  database: ['postgres', 'mysql'],
  vm: ['ping'],
  device: ['ping'],
};

export interface SlaIncident {
  readonly id: string;
  readonly checkId: string;
  readonly severity: 'critical' | 'warning';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  /** Time of the incident inside the month. */
  readonly durationMs: number;
  readonly message: string;
}

export interface SlaService {
  readonly object: string;
  readonly kind: SlaServiceKind;
  readonly name: string;
  readonly checkId: string;
  /** Availability ratio 0..1, null when nothing was measured in the month. */
  readonly availability: number | null;
  /** The availability target as a ratio (0.999), for websites and databases; null without one. */
  readonly target: number | null;
  /** Whether the availability reached the target; null without a target or a measure. */
  readonly targetMet: boolean | null;
  readonly downMs: number;
  readonly excludedMs: number;
  readonly unknownMs: number;
  readonly incidents: SlaIncident[];
}

export interface SlaReport {
  readonly month: string;
  readonly from: string;
  /** End of the period measured: the month's end, or now for the current month. */
  readonly to: string;
  readonly services: SlaService[];
}

/** The report of `month` (`YYYY-MM`, UTC). */
export async function slaReport(deps: Pick<CoreDeps, 'store' | 'clock'>, month: string): Promise<SlaReport> {
  const bounds = monthBounds(month);
  if (bounds === undefined) {
    throw new AppError('BAD_INPUT', `The month "${month}" is not a month`, {
      hint: 'Write the month as YYYY-MM, e.g. 2026-11.',
      details: { field: 'month' },
    });
  }
  const nowMs = deps.clock.now().getTime();
  const period = { fromMs: bounds.fromMs, toMs: Math.max(bounds.fromMs, Math.min(bounds.toMs, nowMs)) };
  const from = new Date(period.fromMs).toISOString();
  const to = new Date(period.toMs).toISOString();
  const db = deps.store.db;
  const [objects, defaults, windows, incidents] = await Promise.all([
    inventoryObjectsForChecks(deps),
    getInventoryObject(deps, 'check_defaults', 'check_defaults'),
    loadMaintenanceWindows(db),
    db
      .selectFrom('incidents')
      .selectAll()
      .where('opened_at', '<', to)
      .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', from)]))
      .orderBy('opened_at')
      .execute(),
  ]);
  const derived = deriveChecks(objects, defaults?.spec ?? {});
  const defaultTarget = slaTargetOf(defaults?.spec);
  const specs = new Map(objects.map((object) => [`${object.kind}/${object.key}`, object.spec]));
  const services: SlaService[] = [];
  for (const check of mainChecks(derived.checks)) {
    const kind = check.object.split('/')[0] as SlaServiceKind;
    const availability = await checkAvailability(db, check, windows, period);
    // A target is promised for services (websites, databases), not for the hosts under them.
    const target =
      kind === 'website' || kind === 'database'
        ? (slaTargetOf(specs.get(check.object)) ?? defaultTarget ?? null)
        : null;
    services.push({
      object: check.object,
      kind,
      name: check.objectName,
      checkId: check.id,
      availability: availability.ratio,
      target,
      targetMet: target === null || availability.ratio === null ? null : availability.ratio >= target,
      downMs: availability.downMs,
      excludedMs: availability.excludedMs,
      unknownMs: availability.unknownMs,
      incidents: incidents
        .filter((incident) => incident.check_id === check.id)
        .map((incident) => {
          const start = Math.max(period.fromMs, Date.parse(incident.opened_at));
          const end = Math.min(
            period.toMs,
            incident.resolved_at === null ? nowMs : Date.parse(incident.resolved_at),
          );
          return {
            id: incident.id,
            checkId: incident.check_id,
            severity: incident.severity,
            openedAt: incident.opened_at,
            resolvedAt: incident.resolved_at,
            durationMs: Math.max(0, end - start),
            message: incident.message,
          };
        }),
    });
  }
  const order = (kind: string) => SLA_SERVICE_KINDS.indexOf(kind as SlaServiceKind);
  services.sort((a, b) => order(a.kind) - order(b.kind) || a.name.localeCompare(b.name));
  return { month, from, to, services };
}

/** One check per service object: its main check, else its first one. */
function mainChecks(checks: readonly CheckDefinition[]): CheckDefinition[] {
  const byObject = new Map<string, CheckDefinition[]>();
  for (const check of checks) {
    const kind = check.object.split('/')[0] ?? '';
    if (!(SLA_SERVICE_KINDS as readonly string[]).includes(kind)) continue;
    byObject.set(check.object, [...(byObject.get(check.object) ?? []), check]);
  }
  return [...byObject.values()].flatMap((list) => {
    const kind = (list[0]?.object.split('/')[0] ?? 'website') as SlaServiceKind;
    const main = list.find((check) => MAIN_CHECK[kind].includes(check.name)) ?? list[0];
    return main === undefined ? [] : [main];
  });
}
