/** Stores each check of a host's updates (with history) and the first sighting of each pending security update. */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CoreDeps } from '../runtime/deps.js';
import type { Database } from '../store/database.js';
import { maxUrgency } from './apt-output.js';
import type {
  CveReference,
  OsRelease,
  PackageManagerKind,
  PackageManagerReading,
  PendingUpdate,
  UpdatesCheckFailure,
  UpdatesSnapshot,
  Urgency,
} from './model.js';
import type { PendingUpdatesTable, UpdateChecksTable } from './tables.js';

type StoreDeps = Pick<CoreDeps, 'store'>;

export interface CheckRecord {
  readonly host: string;
  readonly checkedAt: string;
  readonly manager: PackageManagerKind;
  readonly os: OsRelease;
  readonly refreshed: boolean;
  readonly reading: PackageManagerReading;
  readonly actor: string;
}

/** Records a successful check and updates the security sightings; returns the snapshot with first-seen times. */
export async function recordCheck(deps: StoreDeps, record: CheckRecord): Promise<UpdatesSnapshot> {
  const id = randomUUID();
  const { reading } = record;
  const security = reading.updates.filter((update) => update.security);
  const cves = new Set(reading.updates.flatMap((update) => update.cves.map((cve) => cve.id)));
  const firstSeen = await deps.store.transaction(async (trx) => {
    await trx
      .insertInto('update_checks')
      .values({
        id,
        host: record.host,
        checked_at: record.checkedAt,
        ok: 1,
        manager: record.manager,
        os: JSON.stringify(record.os),
        refreshed: record.refreshed ? 1 : 0,
        reboot_required: reading.rebootRequired ? 1 : 0,
        reboot_packages: JSON.stringify(reading.rebootPackages),
        pending_count: reading.updates.length,
        security_count: security.length,
        cve_count: cves.size,
        max_urgency: reading.updates.reduce<Urgency>((worst, u) => maxUrgency(worst, u.urgency), 'unknown'),
        notes: JSON.stringify(reading.notes),
        error_code: null,
        error_message: null,
        error_hint: null,
        actor: record.actor,
      })
      .execute();
    for (let start = 0; start < reading.updates.length; start += 200) {
      await trx
        .insertInto('pending_updates')
        .values(reading.updates.slice(start, start + 200).map((update) => toRow(id, update)))
        .execute();
    }
    return updateSightings(
      trx,
      record.host,
      record.checkedAt,
      security.map((update) => update.package),
    );
  });
  return {
    id,
    host: record.host,
    checkedAt: record.checkedAt,
    manager: record.manager,
    os: record.os,
    refreshed: record.refreshed,
    rebootRequired: reading.rebootRequired,
    rebootPackages: reading.rebootPackages,
    notes: reading.notes,
    updates: reading.updates.map((update) => ({
      ...update,
      firstSeenAt: update.security ? (firstSeen.get(update.package) ?? null) : null,
    })),
  };
}

/** Keeps one open sighting per pending security update; closes those no longer pending. */
async function updateSightings(
  trx: Transaction<Database>,
  host: string,
  at: string,
  packages: readonly string[],
): Promise<Map<string, string>> {
  const open = await trx
    .selectFrom('security_update_sightings')
    .selectAll()
    .where('host', '=', host)
    .where('resolved_at', 'is', null)
    .execute();
  const firstSeen = new Map<string, string>();
  for (const sighting of open) {
    if (packages.includes(sighting.package)) {
      firstSeen.set(sighting.package, sighting.first_seen_at);
      await trx
        .updateTable('security_update_sightings')
        .set({ last_seen_at: at })
        .where('host', '=', host)
        .where('package', '=', sighting.package)
        .where('first_seen_at', '=', sighting.first_seen_at)
        .execute();
    } else {
      await trx
        .updateTable('security_update_sightings')
        .set({ resolved_at: at })
        .where('host', '=', host)
        .where('package', '=', sighting.package)
        .where('first_seen_at', '=', sighting.first_seen_at)
        .execute();
    }
  }
  for (const name of packages) {
    if (firstSeen.has(name)) continue;
    await trx
      .insertInto('security_update_sightings')
      .values({ host, package: name, first_seen_at: at, last_seen_at: at, resolved_at: null })
      .execute();
    firstSeen.set(name, at);
  }
  return firstSeen;
}

/** Records a failed check: where and why, so the rack view shows it next to the last good one. */
export async function recordFailedCheck(
  deps: StoreDeps,
  failure: UpdatesCheckFailure & { readonly actor: string },
): Promise<void> {
  await deps.store.db
    .insertInto('update_checks')
    .values({
      id: randomUUID(),
      host: failure.host,
      checked_at: failure.checkedAt,
      ok: 0,
      manager: null,
      os: null,
      refreshed: 0,
      reboot_required: 0,
      reboot_packages: '[]',
      pending_count: 0,
      security_count: 0,
      cve_count: 0,
      max_urgency: 'unknown',
      notes: '[]',
      error_code: failure.code,
      error_message: failure.message,
      error_hint: failure.hint,
      actor: failure.actor,
    })
    .execute();
}

function toRow(checkId: string, update: PendingUpdate): PendingUpdatesTable {
  return {
    check_id: checkId,
    package: update.package,
    architecture: update.architecture,
    current_version: update.currentVersion,
    candidate_version: update.candidateVersion,
    source_package: update.sourcePackage,
    origins: JSON.stringify(update.origins),
    security: update.security ? 1 : 0,
    cves: JSON.stringify(update.cves),
    urgency: update.urgency,
    needs_reboot: update.needsReboot ? 1 : 0,
    reboot_reason: update.rebootReason,
  };
}

/** A host's latest good snapshot (with first-seen times) and its latest failure if that is newer. */
export async function readHostUpdates(
  deps: StoreDeps,
  host: string,
): Promise<{ snapshot: UpdatesSnapshot | null; lastFailure: UpdatesCheckFailure | null }> {
  const db = deps.store.db;
  const latest = await db
    .selectFrom('update_checks')
    .selectAll()
    .where('host', '=', host)
    .where('ok', '=', 1)
    .orderBy('checked_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const failure = await latestFailure(deps, host, latest?.checked_at);
  if (latest === undefined) return { snapshot: null, lastFailure: failure };
  const rows = await db
    .selectFrom('pending_updates')
    .selectAll()
    .where('check_id', '=', latest.id)
    .orderBy('security', 'desc')
    .orderBy('package')
    .execute();
  const sightings = await db
    .selectFrom('security_update_sightings')
    .select(['package', 'first_seen_at'])
    .where('host', '=', host)
    .where('first_seen_at', '<=', latest.checked_at)
    .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>', latest.checked_at)]))
    .execute();
  const firstSeen = new Map(sightings.map((row) => [row.package, row.first_seen_at]));
  return {
    snapshot: {
      ...checkSummary(latest),
      updates: rows.map((row) => ({
        package: row.package,
        architecture: row.architecture,
        currentVersion: row.current_version,
        candidateVersion: row.candidate_version,
        sourcePackage: row.source_package,
        origins: JSON.parse(row.origins) as string[],
        security: Number(row.security) === 1,
        cves: JSON.parse(row.cves) as CveReference[],
        urgency: row.urgency as Urgency,
        needsReboot: Number(row.needs_reboot) === 1,
        rebootReason: row.reboot_reason,
        firstSeenAt: Number(row.security) === 1 ? (firstSeen.get(row.package) ?? null) : null,
      })),
    },
    lastFailure: failure,
  };
}

function checkSummary(row: UpdateChecksTable): Omit<UpdatesSnapshot, 'updates'> {
  return {
    id: row.id,
    host: row.host,
    checkedAt: row.checked_at,
    manager: (row.manager ?? 'apt') as PackageManagerKind,
    os: JSON.parse(row.os ?? '{}') as OsRelease,
    refreshed: Number(row.refreshed) === 1,
    rebootRequired: Number(row.reboot_required) === 1,
    rebootPackages: JSON.parse(row.reboot_packages) as string[],
    notes: JSON.parse(row.notes) as string[],
  };
}

/** The latest failed check of a host, if it is newer than `after`. */
async function latestFailure(
  deps: StoreDeps,
  host: string,
  after: string | undefined,
): Promise<UpdatesCheckFailure | null> {
  let query = deps.store.db
    .selectFrom('update_checks')
    .selectAll()
    .where('host', '=', host)
    .where('ok', '=', 0)
    .orderBy('checked_at', 'desc')
    .limit(1);
  if (after !== undefined) query = query.where('checked_at', '>', after);
  const row = await query.executeTakeFirst();
  return row === undefined ? null : failureOf(row);
}

export function failureOf(row: UpdateChecksTable): UpdatesCheckFailure {
  return {
    host: row.host,
    checkedAt: row.checked_at,
    code: row.error_code ?? 'INTERNAL',
    message: row.error_message ?? '',
    hint: row.error_hint,
  };
}

export interface CheckHistoryEntry {
  readonly checkedAt: string;
  readonly ok: boolean;
  readonly pendingCount: number;
  readonly securityCount: number;
  readonly cveCount: number;
  readonly rebootRequired: boolean;
  readonly error: string | null;
}

/** A host's checks, newest first: how its exposure evolved. */
export async function listCheckHistory(
  deps: StoreDeps,
  host: string,
  limit = 30,
): Promise<CheckHistoryEntry[]> {
  const rows = await deps.store.db
    .selectFrom('update_checks')
    .selectAll()
    .where('host', '=', host)
    .orderBy('checked_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    checkedAt: row.checked_at,
    ok: Number(row.ok) === 1,
    pendingCount: Number(row.pending_count),
    securityCount: Number(row.security_count),
    cveCount: Number(row.cve_count),
    rebootRequired: Number(row.reboot_required) === 1,
    error: row.error_message,
  }));
}
