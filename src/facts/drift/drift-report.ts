/**
 * Drift as the API and the CLI show it: for each host, the findings of its latest facts against the
 * current inventory, the age of those facts, and the last gathering attempt (so "no findings" is never
 * confused with "never looked").
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../errors/app-error.js';
import type { CoreDeps } from '../../runtime/deps.js';
import type { Database } from '../../store/database.js';
import { allFactHosts } from '../fact-hosts.js';
import type { DriftFinding, HostFacts } from '../model.js';
import { lastAttempt, latestFacts, latestFactsForAll } from '../store.js';
import { checkHostDrift } from './compute-drift.js';
import {
  type DeclaredHost,
  type DriftInventory,
  declaredHost,
  hostName,
  readDriftInventory,
} from './drift-inventory.js';
import type { DriftSkip } from './drift-skip.js';

export interface SeverityCounts {
  readonly critical: number;
  readonly warning: number;
  readonly info: number;
  readonly total: number;
}

export interface LastAttemptView {
  readonly attemptedAt: string;
  readonly ok: boolean;
  readonly error: { readonly code: string; readonly message: string; readonly hint: string | null } | null;
}

export interface HostDrift {
  readonly host: string;
  readonly hostKind: 'vm' | 'device';
  readonly name: string;
  /** When the facts compared were gathered; null when the host's facts were never gathered. */
  readonly gatheredAt: string | null;
  readonly factsAgeSeconds: number | null;
  /** The latest gathering attempt, which may have failed after the facts shown were gathered. */
  readonly lastAttempt: LastAttemptView | null;
  readonly findings: DriftFinding[];
  readonly skipped: DriftSkip[];
  readonly counts: SeverityCounts;
}

export interface DriftReport {
  readonly generatedAt: string;
  readonly counts: SeverityCounts;
  /** Hosts whose facts were never gathered: their drift is unknown. */
  readonly hostsWithoutFacts: number;
  readonly hosts: HostDrift[];
}

/**
 * Drift of `hosts` (inventory ids), or of every host `vigie facts` covers plus any other host with facts.
 * Throws NOT_FOUND naming every id that is neither a VM nor a device.
 */
export async function driftReport(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  options: { readonly hosts?: readonly string[] | undefined } = {},
): Promise<DriftReport> {
  const inventory = await readDriftInventory(deps);
  const named = options.hosts !== undefined && options.hosts.length > 0;
  const facts = named
    ? await factsOf(deps.store.db, options.hosts ?? [])
    : new Map((await latestFactsForAll(deps.store.db)).map((f) => [f.host, f]));
  const keys = named ? [...new Set(options.hosts)] : await reportedHosts(deps, inventory, facts);
  const unknown = keys.filter((key) => declaredHost(inventory, key) === undefined);
  if (unknown.length > 0) throw hostsNotFound(unknown);
  const now = deps.clock.now();
  const hosts: HostDrift[] = [];
  for (const key of keys) {
    const host = declaredHost(inventory, key) as DeclaredHost;
    hosts.push(await hostDriftOf(deps.store.db, inventory, host, facts.get(key), now));
  }
  return {
    generatedAt: now.toISOString(),
    counts: sumCounts(hosts.map((h) => h.counts)),
    hostsWithoutFacts: hosts.filter((h) => h.gatheredAt === null).length,
    hosts,
  };
}

/** Drift of one host; NOT_FOUND when it is neither a VM nor a device of the inventory. */
export async function hostDrift(deps: Pick<CoreDeps, 'store' | 'clock'>, key: string): Promise<HostDrift> {
  const inventory = await readDriftInventory(deps);
  const host = declaredHost(inventory, key);
  if (host === undefined) throw hostsNotFound([key]);
  return hostDriftOf(deps.store.db, inventory, host, await latestFacts(deps.store.db, key), deps.clock.now());
}

async function hostDriftOf(
  db: Kysely<Database>,
  inventory: DriftInventory,
  host: DeclaredHost,
  facts: HostFacts | undefined,
  now: Date,
): Promise<HostDrift> {
  const check = facts === undefined ? { findings: [], skipped: [] } : checkHostDrift(inventory, facts);
  const attempt = await lastAttempt(db, host.key);
  return {
    host: host.key,
    hostKind: host.kind,
    name: hostName(host),
    gatheredAt: facts?.gatheredAt ?? null,
    factsAgeSeconds:
      facts === undefined
        ? null
        : Math.max(0, Math.round((now.getTime() - new Date(facts.gatheredAt).getTime()) / 1000)),
    lastAttempt:
      attempt === undefined
        ? null
        : {
            attemptedAt: attempt.attemptedAt,
            ok: attempt.ok,
            error:
              attempt.error === undefined ? null : { ...attempt.error, hint: attempt.error.hint ?? null },
          },
    findings: check.findings,
    skipped: check.skipped,
    counts: countsOf(check.findings),
  };
}

/** The hosts `vigie facts` covers, and any other VM or device that has facts (gathered by name). */
async function reportedHosts(
  deps: Pick<CoreDeps, 'store'>,
  inventory: DriftInventory,
  facts: ReadonlyMap<string, HostFacts>,
): Promise<string[]> {
  const covered = await allFactHosts(deps);
  const extra = [...facts.keys()].filter((key) => !covered.includes(key) && declaredHost(inventory, key));
  return [...covered, ...extra.sort()];
}

async function factsOf(db: Kysely<Database>, hosts: readonly string[]): Promise<Map<string, HostFacts>> {
  const entries = await Promise.all(hosts.map(async (host) => [host, await latestFacts(db, host)] as const));
  return new Map(entries.filter((entry): entry is readonly [string, HostFacts] => entry[1] !== undefined));
}

export function countsOf(findings: readonly DriftFinding[]): SeverityCounts {
  const count = (severity: DriftFinding['severity']) =>
    findings.filter((f) => f.severity === severity).length;
  return {
    critical: count('critical'),
    warning: count('warning'),
    info: count('info'),
    total: findings.length,
  };
}

function sumCounts(counts: readonly SeverityCounts[]): SeverityCounts {
  return counts.reduce(
    (sum, c) => ({
      critical: sum.critical + c.critical,
      warning: sum.warning + c.warning,
      info: sum.info + c.info,
      total: sum.total + c.total,
    }),
    { critical: 0, warning: 0, info: 0, total: 0 },
  );
}

function hostsNotFound(keys: readonly string[]): AppError {
  const message =
    keys.length === 1
      ? `There is no VM or device "${keys[0]}" in the inventory.`
      : `These are not VMs or devices of the inventory: ${keys.join(', ')}.`;
  return new AppError('NOT_FOUND', message, {
    hint: 'Drift is computed for VMs and devices: give their inventory ids (the id: of vms.yaml and of the devices, or the Hosts page).',
    details: { hosts: keys },
  });
}
