/**
 * A day of monitoring to look at, written through the real engine (MonitorCore and the result writer)
 * at fixed instants: a firewall, a VM with two websites and two databases (one public), results
 * every 5 minutes for 24 hours, one resolved incident, one open, and maintenance windows.
 */
import { applyInventory } from '../../src/inventory/apply.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { inventoryChecks } from '../../src/monitoring/inventory-checks.js';
import { addMaintenanceWindow } from '../../src/monitoring/maintenance.js';
import { MonitorCore } from '../../src/monitoring/monitor-core.js';
import { writePending } from '../../src/monitoring/result-writer.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { desired } from '../support/inventory-fixtures.js';
import { recordingSink } from './check-builders.js';
import { localRack } from './local-rack.js';

const MINUTE = 60_000;

/** The objects: `localRack` plus a second website, a PostgreSQL service, two databases and the customer. */
export function viewsRack(): DesiredObject[] {
  return [
    ...localRack(9),
    desired('website', 'portail', {
      name: 'Portail emploi',
      host: 'web1',
      host_kind: 'vm',
      domains: ['portail.test'],
      tls: { mode: 'none' },
    }),
    desired('service', 'pg', { host: 'web1', kind: 'postgresql', ports: [5432] }),
    desired('database', 'opendata', {
      engine: 'postgresql',
      server: 'pg',
      name: 'opendata',
      visibility: 'public',
    }),
    desired('database', 'crm', { engine: 'postgresql', server: 'pg', name: 'crm', visibility: 'internal' }),
    desired('customer', 'gip', { legal_name: 'GIP CARIF-OREF PACA', trade_name: 'CARIF-OREF PACA' }),
  ];
}

/** Message of the open database incident: it names an internal address the public must never see. */
export const INTERNAL_MESSAGE = 'connect ECONNREFUSED 127.0.0.2:5432';

/** A check DOWN with `message` for results between `fromAgoMin` (excluded) and `toAgoMin` (included) minutes ago. */
export interface Outage {
  readonly checks: (checkId: string) => boolean;
  readonly fromAgoMin: number;
  readonly toAgoMin: number;
  readonly message: string;
}

/**
 * Writes 24 hours of results every 5 minutes ending at `deps.clock.now()` for every derived check,
 * through the real engine: UP with a varying latency, DOWN during the outages.
 */
export async function seedCheckResults(deps: CoreDeps, outages: readonly Outage[]): Promise<void> {
  const checks = (await inventoryChecks(deps)).checks;
  const core = new MonitorCore();
  core.setChecks(checks);
  const nowMs = deps.clock.now().getTime();
  const writer = { ...deps, alerts: recordingSink() };
  const steps = 24 * 12;
  for (let step = 0; step < steps; step += 1) {
    const atMs = nowMs - (steps - step) * 5 * MINUTE;
    const agoMin = (nowMs - atMs) / MINUTE;
    for (const check of checks) {
      const outage = outages.find(
        (one) => one.checks(check.id) && agoMin <= one.fromAgoMin && agoMin > one.toAgoMin,
      );
      const latencyMs = 20 + ((step * 7 + check.id.length * 3) % 40) + (step % 24 === 0 ? 120 : 0);
      core.record(
        check.id,
        outage === undefined
          ? { status: 'up', latencyMs, message: 'answered' }
          : { status: 'down', latencyMs, message: outage.message },
        atMs,
      );
    }
    if (step % 12 === 11 || step === steps - 1) await writePending(writer, core, core.takePending());
  }
}

/**
 * Seeds `viewsRack` over 24 hours ending now: the website `site` is DOWN from now-2h to now-1h50
 * (a maintenance window covers its first 5 minutes), the database `opendata` DOWN since now-5min.
 */
export async function seedMonitoringViews(deps: CoreDeps): Promise<void> {
  await applyInventory(deps, { objects: viewsRack(), actor: 'test' });
  await seedCheckResults(deps, [
    { checks: (id) => id === 'website/site/http', fromAgoMin: 120, toAgoMin: 110, message: 'HTTP 503' },
    {
      checks: (id) => id === 'database/opendata/postgres',
      fromAgoMin: 10,
      toAgoMin: 0,
      message: INTERNAL_MESSAGE,
    },
  ]);
  const nowMs = deps.clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  await addMaintenanceWindow(
    deps,
    {
      title: 'Kernel update web1',
      scope: { kind: 'host', value: 'web1' },
      start: iso(nowMs - 125 * MINUTE),
      end: iso(nowMs - 115 * MINUTE),
    },
    'user:test',
  );
  await addMaintenanceWindow(
    deps,
    {
      title: 'PHP 8.3 upgrade',
      scope: { kind: 'object', value: 'website/portail' },
      start: iso(nowMs + 11 * 60 * MINUTE),
      end: iso(nowMs + 13 * 60 * MINUTE),
    },
    'user:test',
  );
  await addMaintenanceWindow(
    deps,
    {
      title: 'Firewall firmware',
      scope: { kind: 'host', value: 'fw' },
      start: iso(nowMs - 10 * MINUTE),
      end: iso(nowMs + 50 * MINUTE),
    },
    'user:test',
  );
}
