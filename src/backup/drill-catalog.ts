/** Restore drills as the store keeps them: written `running` first, then `passed` or `failed` with each check. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { fromJsonColumn, toJsonColumn } from '../store/json.js';
import { THIS_WORKER, workerAlive } from './catalog.js';
import type { BackupDrillsTable, DrillStatus } from './tables.js';

export interface DrillCheck {
  /** e.g. `tables present`, `rows of public.commandes`, `custom query`. */
  readonly check: string;
  readonly ok: boolean;
  /** What was expected and what was found. */
  readonly detail: string;
}

export interface DrillView {
  readonly id: string;
  readonly runId: string;
  readonly source: string;
  readonly trigger: 'schedule' | 'manual';
  readonly actor: string;
  readonly status: DrillStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly target: string;
  readonly restoreMs: number | null;
  readonly checks: readonly DrillCheck[];
  readonly error: string | null;
}

export async function createDrill(
  db: Kysely<Database>,
  drill: {
    runId: string;
    source: string;
    trigger: 'schedule' | 'manual';
    actor: string;
    target: string;
    at: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('backup_drills')
    .values({
      id,
      run_id: drill.runId,
      source: drill.source,
      trigger: drill.trigger,
      actor: drill.actor,
      status: 'running',
      started_at: drill.at.toISOString(),
      finished_at: null,
      target: drill.target,
      restore_ms: null,
      checks: '[]',
      error: null,
      worker: THIS_WORKER,
    })
    .execute();
  return id;
}

export async function finishDrill(
  db: Kysely<Database>,
  id: string,
  outcome: { at: Date; restoreMs: number | null; checks: readonly DrillCheck[]; error: string | null },
): Promise<void> {
  const passed = outcome.error === null && outcome.checks.length > 0 && outcome.checks.every((c) => c.ok);
  await db
    .updateTable('backup_drills')
    .set({
      status: passed ? 'passed' : 'failed',
      finished_at: outcome.at.toISOString(),
      restore_ms: outcome.restoreMs,
      checks: toJsonColumn(outcome.checks),
      error: outcome.error ?? (passed ? null : failedChecks(outcome.checks)),
    })
    .where('id', '=', id)
    .execute();
}

function failedChecks(checks: readonly DrillCheck[]): string {
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return 'no check ran';
  return failed.map((c) => `${c.check}: ${c.detail}`).join('; ');
}

export async function getDrill(db: Kysely<Database>, id: string): Promise<DrillView | undefined> {
  const row = await db.selectFrom('backup_drills').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : drillView(row);
}

export async function listDrills(
  db: Kysely<Database>,
  filter: { source?: string | undefined; status?: DrillStatus | undefined; limit?: number | undefined } = {},
): Promise<DrillView[]> {
  let query = db.selectFrom('backup_drills').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc');
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000)).execute();
  return rows.map(drillView);
}

/** Drills left `running` by a process of this host that is gone. */
export async function interruptedDrills(db: Kysely<Database>): Promise<DrillView[]> {
  const rows = await db.selectFrom('backup_drills').selectAll().where('status', '=', 'running').execute();
  return rows.filter((row) => !workerAlive(row.worker)).map(drillView);
}

function drillView(row: BackupDrillsTable): DrillView {
  return {
    id: row.id,
    runId: row.run_id,
    source: row.source,
    trigger: row.trigger,
    actor: row.actor,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    target: row.target,
    restoreMs: row.restore_ms === null ? null : Number(row.restore_ms),
    checks: fromJsonColumn<DrillCheck[]>(row.checks) ?? [],
    error: row.error,
  };
}
