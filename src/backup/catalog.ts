/**
 * The backup catalog: one row per run, written `running` before the first byte and moved forward only
 * by what was proven (restic saved it: `written`; read back in full: `verified`). A run whose process
 * died stays `running` until the next start marks it failed and removes its partial snapshot.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { fromJsonColumn, toJsonColumn } from '../store/json.js';
import type { BackupRunStatus, BackupRunsTable, BackupSourceKind } from './tables.js';
import type { ArtifactReader } from './verify.js';

/** This process, as recorded on the runs it starts. */
export const THIS_WORKER = `${os.hostname()}:${process.pid}`;

export interface RunArtifact {
  readonly filename: string;
  readonly snapshotId: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly addedBytes: number;
  readonly reader: ArtifactReader;
  /** For pg_restore: the client directory chosen at backup time. */
  readonly binDir?: string | undefined;
}

export interface TableRows {
  readonly table: string;
  readonly rows: number;
}

export interface OffsiteCopy {
  readonly destination: string;
  readonly at: string;
  readonly error: string | null;
}

export interface BackupRunView {
  readonly id: string;
  readonly source: string;
  readonly sourceKind: BackupSourceKind;
  readonly destination: string;
  readonly trigger: 'schedule' | 'manual';
  readonly actor: string;
  readonly status: BackupRunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly takenAt: string | null;
  readonly durationMs: number | null;
  readonly artifacts: readonly RunArtifact[];
  readonly sizeBytes: number | null;
  readonly addedBytes: number | null;
  readonly sourceVersion: string | null;
  readonly toolVersion: string | null;
  readonly rowCounts: readonly TableRows[] | null;
  readonly warnings: readonly string[];
  readonly error: string | null;
  readonly verifiedAt: string | null;
  readonly copies: readonly OffsiteCopy[];
}

export interface NewRun {
  readonly source: string;
  readonly sourceKind: BackupSourceKind;
  readonly destination: string;
  readonly trigger: 'schedule' | 'manual';
  readonly actor: string;
  readonly startedAt: Date;
}

export async function createRun(db: Kysely<Database>, run: NewRun): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('backup_runs')
    .values({
      id,
      source: run.source,
      source_kind: run.sourceKind,
      destination: run.destination,
      trigger: run.trigger,
      actor: run.actor,
      status: 'running',
      started_at: run.startedAt.toISOString(),
      finished_at: null,
      taken_at: null,
      duration_ms: null,
      artifacts: '[]',
      size_bytes: null,
      added_bytes: null,
      source_version: null,
      tool_version: null,
      row_counts: null,
      warnings: '[]',
      error: null,
      verified_at: null,
      copies: '[]',
      worker: THIS_WORKER,
    })
    .execute();
  return id;
}

export interface WrittenRun {
  readonly finishedAt: Date;
  readonly takenAt: Date;
  readonly artifacts: readonly RunArtifact[];
  readonly sourceVersion: string;
  readonly toolVersion: string;
  readonly rowCounts: readonly TableRows[] | null;
  readonly warnings: readonly string[];
}

/** restic saved every artifact of the run: it becomes `written` (not yet good: verification follows). */
export async function markWritten(db: Kysely<Database>, id: string, written: WrittenRun): Promise<void> {
  const started = await db
    .selectFrom('backup_runs')
    .select('started_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('backup_runs')
    .set({
      status: 'written',
      finished_at: written.finishedAt.toISOString(),
      taken_at: written.takenAt.toISOString(),
      duration_ms: written.finishedAt.getTime() - new Date(started.started_at).getTime(),
      artifacts: toJsonColumn(written.artifacts),
      size_bytes: written.artifacts.reduce((sum, a) => sum + a.bytes, 0),
      added_bytes: written.artifacts.reduce((sum, a) => sum + a.addedBytes, 0),
      source_version: written.sourceVersion,
      tool_version: written.toolVersion,
      row_counts: written.rowCounts === null ? null : toJsonColumn(written.rowCounts),
      warnings: toJsonColumn(written.warnings),
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Every artifact was read back in full and matched: the run is good. */
export async function markVerified(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db
    .updateTable('backup_runs')
    .set({ status: 'verified', verified_at: at.toISOString() })
    .where('id', '=', id)
    .where('status', 'in', ['written', 'verified'])
    .execute();
}

/** The run is not good, for `reason`; a verified run that later fails a check loses its standing too. */
export async function markFailed(db: Kysely<Database>, id: string, at: Date, reason: string): Promise<void> {
  await db
    .updateTable('backup_runs')
    .set((eb) => ({
      status: 'failed',
      error: reason,
      finished_at: eb.fn.coalesce('finished_at', eb.val(at.toISOString())),
    }))
    .where('id', '=', id)
    .where('status', '!=', 'pruned')
    .execute();
}

export async function markPruned(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('backup_runs').set({ status: 'pruned' }).where('id', 'in', ids).execute();
}

export async function recordCopy(db: Kysely<Database>, id: string, copy: OffsiteCopy): Promise<void> {
  const row = await db
    .selectFrom('backup_runs')
    .select('copies')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const copies = (fromJsonColumn<OffsiteCopy[]>(row.copies) ?? []).filter(
    (c) => c.destination !== copy.destination,
  );
  await db
    .updateTable('backup_runs')
    .set({ copies: toJsonColumn([...copies, copy]) })
    .where('id', '=', id)
    .execute();
}

export interface RunFilter {
  readonly source?: string | undefined;
  readonly status?: BackupRunStatus | readonly BackupRunStatus[] | undefined;
  readonly limit?: number | undefined;
}

export async function listRuns(db: Kysely<Database>, filter: RunFilter = {}): Promise<BackupRunView[]> {
  let query = db.selectFrom('backup_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc');
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.status !== undefined) {
    const statuses = typeof filter.status === 'string' ? [filter.status] : [...filter.status];
    query = query.where('status', 'in', statuses);
  }
  const rows = await query.limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000)).execute();
  return rows.map(runView);
}

export async function getRun(db: Kysely<Database>, id: string): Promise<BackupRunView | undefined> {
  const row = await db.selectFrom('backup_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : runView(row);
}

/** The newest good backup of a source: what RPO is measured from, and what retention never drops. */
export async function latestVerifiedRun(
  db: Kysely<Database>,
  source: string,
): Promise<BackupRunView | undefined> {
  const [run] = await listRuns(db, { source, status: 'verified', limit: 1 });
  return run;
}

/** Runs left `running` by a process of this host that is gone (Vigie killed mid-backup). */
export async function interruptedRuns(db: Kysely<Database>): Promise<BackupRunView[]> {
  const rows = await db.selectFrom('backup_runs').selectAll().where('status', '=', 'running').execute();
  return rows.filter((row) => !workerAlive(row.worker)).map(runView);
}

/** A worker on this host is alive while its pid is; one on another host is trusted to clean up itself. */
export function workerAlive(worker: string): boolean {
  const [host, pidText] = worker.split(':');
  if (host !== os.hostname()) return true;
  const pid = Number(pidText);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runView(row: BackupRunsTable): BackupRunView {
  const number = (value: number | string | null): number | null => (value === null ? null : Number(value));
  return {
    id: row.id,
    source: row.source,
    sourceKind: row.source_kind,
    destination: row.destination,
    trigger: row.trigger,
    actor: row.actor,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    takenAt: row.taken_at,
    durationMs: number(row.duration_ms),
    artifacts: fromJsonColumn<RunArtifact[]>(row.artifacts) ?? [],
    sizeBytes: number(row.size_bytes),
    addedBytes: number(row.added_bytes),
    sourceVersion: row.source_version,
    toolVersion: row.tool_version,
    rowCounts: fromJsonColumn<TableRows[]>(row.row_counts),
    warnings: fromJsonColumn<string[]>(row.warnings) ?? [],
    error: row.error,
    verifiedAt: row.verified_at,
    copies: fromJsonColumn<OffsiteCopy[]>(row.copies) ?? [],
  };
}
