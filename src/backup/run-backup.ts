/**
 * One backup run of one source, from the catalog row written before the first byte to the verified
 * run: dump (or archive), store in restic, read it all back, copy off-site, journal. Any failure marks
 * the run failed with its reason and forgets whatever the run had stored, so the catalog never shows a
 * partial backup as good and earlier good backups are never touched.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appendJournalEntry } from '../journal/append.js';
import type { SshRunner } from '../remote/remote-host.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import {
  type BackupRunView,
  createRun,
  getRun,
  interruptedRuns,
  markFailed,
  markVerified,
  markWritten,
  type RunArtifact,
  recordCopy,
  type TableRows,
} from './catalog.js';
import { type StoredArtifact, type StreamProgress, storeStream } from './pipeline.js';
import { copySnapshots, forgetSnapshots, listSnapshots, type ResticRepository } from './restic.js';
import { type FilesSource, type PathSet, startFilesArchive } from './sources/files.js';
import {
  inspectMariadb,
  type MariadbTarget,
  startMariadbDump,
  startMariadbUsersDump,
} from './sources/mariadb.js';
import { type PostgresTarget, startPostgresDump, startPostgresGlobalsDump } from './sources/postgres.js';
import { SqlRowCounter } from './sources/sql-row-counter.js';
import { verifyArtifact } from './verify.js';

const run = promisify(execFile);

export interface BackupDestination {
  readonly id: string;
  readonly repo: ResticRepository;
}

export type BackupJob =
  | {
      readonly kind: 'postgresql';
      readonly source: string;
      /** The host that holds the server, for the journal. */
      readonly host: string;
      readonly target: PostgresTarget;
      /** Also dump roles and tablespaces (pg_dumpall --globals-only). */
      readonly globals: boolean;
    }
  | {
      readonly kind: 'mariadb';
      readonly source: string;
      readonly host: string;
      readonly target: MariadbTarget;
      /** Also dump users and grants (mariadb-dump --system=users). */
      readonly users: boolean;
    }
  | { readonly kind: 'files'; readonly source: string; readonly pathSet: PathSet };

export interface BackupDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Needed for files: the SSH runner that reads the host. */
  readonly runner?: SshRunner | undefined;
}

export interface BackupOptions {
  readonly trigger: 'schedule' | 'manual';
  readonly actor: string;
  /** Further destinations that get a copy of the verified snapshots (the off-site copy). */
  readonly copies?: readonly BackupDestination[] | undefined;
  readonly onProgress?: ((progress: StreamProgress & { readonly stage: string }) => void) | undefined;
}

interface Produced {
  readonly artifacts: RunArtifact[];
  readonly takenAt: Date;
  readonly sourceVersion: string;
  readonly toolVersion: string;
  readonly rowCounts: TableRows[] | null;
  readonly warnings: string[];
}

/** Runs the job into `destination`; resolves with the run as the catalog holds it (verified or failed). */
export async function runBackup(
  deps: BackupDeps,
  job: BackupJob,
  destination: BackupDestination,
  options: BackupOptions,
): Promise<BackupRunView> {
  const db = deps.store.db;
  const startedAt = deps.clock.now();
  const id = await createRun(db, {
    source: job.source,
    sourceKind: job.kind,
    destination: destination.id,
    trigger: options.trigger,
    actor: options.actor,
    startedAt,
  });
  const store = (
    source: Parameters<typeof storeStream>[0],
    filename: string,
    observe?: (chunk: Buffer) => void,
  ) =>
    storeStream(source, destination.repo, {
      filename,
      tags: [`vigie-run=${id}`, `vigie-source=${job.source}`],
      hostname: 'vigie',
      observe,
      onProgress:
        options.onProgress === undefined ? undefined : (p) => options.onProgress?.({ ...p, stage: filename }),
    });
  let failure: string | undefined;
  try {
    const produced = await produce(deps, job, store, options);
    await markWritten(db, id, { finishedAt: deps.clock.now(), ...produced });
    for (const artifact of produced.artifacts) await verifyArtifact(destination.repo, artifact);
    await markVerified(db, id, deps.clock.now());
    for (const copy of options.copies ?? []) {
      const snapshots = produced.artifacts.map((a) => a.snapshotId);
      const error = await copySnapshots(destination.repo, copy.repo, snapshots).then(
        () => null,
        (e: unknown) => (e as Error).message,
      );
      await recordCopy(db, id, { destination: copy.id, at: deps.clock.now().toISOString(), error });
    }
  } catch (error) {
    failure = (error as Error).message;
    await markFailed(db, id, deps.clock.now(), failure);
    await forgetRunSnapshots(destination.repo, id).catch(() => undefined);
  }
  const view = await getRun(db, id);
  if (view === undefined) throw new Error(`backup run ${id} vanished from the catalog`);
  await journalRun(deps, job, destination, view, startedAt, failure);
  return view;
}

type StoreFn = (
  source: Parameters<typeof storeStream>[0],
  filename: string,
  observe?: (chunk: Buffer) => void,
) => Promise<StoredArtifact>;

async function produce(
  deps: BackupDeps,
  job: BackupJob,
  store: StoreFn,
  options: BackupOptions,
): Promise<Produced> {
  if (job.kind === 'postgresql') {
    const session = await startPostgresDump(job.target);
    const takenAt = deps.clock.now();
    try {
      const main = await store(session.dump, `${job.target.database}.pgdump`);
      const counts = await session.counts;
      const artifacts: RunArtifact[] = [{ ...main, reader: 'pg_restore', binDir: session.client.binDir }];
      if (job.globals) {
        const globals = await store(startPostgresGlobalsDump(job.target, session.client), 'globals.sql');
        artifacts.push({ ...globals, reader: 'none' });
      }
      const version = await run(`${session.client.binDir}/pg_dump`, ['--version']);
      return {
        artifacts,
        takenAt,
        sourceVersion: `PostgreSQL ${session.serverVersion}`,
        toolVersion: version.stdout.trim(),
        rowCounts: counts,
        warnings: [],
      };
    } finally {
      await session.close();
    }
  }
  if (job.kind === 'mariadb') {
    const info = await inspectMariadb(job.target);
    const counter = new SqlRowCounter();
    counter.declareTables(info.tables);
    const takenAt = deps.clock.now();
    const main = await store(startMariadbDump(job.target), `${job.target.database}.sql`, (chunk) =>
      counter.push(chunk),
    );
    const artifacts: RunArtifact[] = [{ ...main, reader: 'sql' }];
    if (job.users) {
      const users = await store(startMariadbUsersDump(job.target), 'users.sql');
      artifacts.push({ ...users, reader: 'sql' });
    }
    const version = await run('mariadb-dump', ['--version']);
    return {
      artifacts,
      takenAt,
      sourceVersion: `MariaDB ${info.serverVersion}`,
      toolVersion: version.stdout.trim(),
      rowCounts: counter.counts(),
      warnings: [],
    };
  }
  if (deps.runner === undefined) throw new Error('a files backup needs the SSH runner');
  const takenAt = deps.clock.now();
  const source: FilesSource = await startFilesArchive(deps.runner, job.pathSet, {
    actor: options.actor,
    category: 'backup',
  });
  const archive = await store(source, `${job.source.replace(/^files:/, '')}.tar`);
  return {
    artifacts: [{ ...archive, reader: 'tar' }],
    takenAt,
    sourceVersion: `${job.pathSet.host.name}: ${job.pathSet.paths.join(', ')}`,
    toolVersion: 'GNU tar over SSH',
    rowCounts: null,
    warnings: source.warnings,
  };
}

/**
 * Reads a stored run back in full again (a scheduled re-verification, or on demand): a run whose
 * artifact no longer reads back (a flipped byte, a lost pack) is failed with the reason.
 */
export async function verifyStoredRun(
  deps: BackupDeps,
  runId: string,
  destination: BackupDestination,
  actor: string,
): Promise<BackupRunView> {
  const db = deps.store.db;
  const before = await getRun(db, runId);
  if (before === undefined) throw new Error(`no backup run ${runId}: vigie backup runs lists them`);
  if (before.status !== 'verified' && before.status !== 'written') {
    throw new Error(
      `backup run ${runId} is ${before.status}: only a written or verified run can be verified`,
    );
  }
  const startedAt = deps.clock.now();
  let failure: string | undefined;
  try {
    for (const artifact of before.artifacts) await verifyArtifact(destination.repo, artifact);
    await markVerified(db, runId, deps.clock.now());
  } catch (error) {
    failure = (error as Error).message;
    await markFailed(db, runId, deps.clock.now(), failure);
  }
  const after = (await getRun(db, runId)) ?? before;
  await deps.store.db.transaction().execute((trx) =>
    appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      startedAt,
      endedAt: deps.clock.now(),
      actor,
      category: 'backup',
      hosts: [],
      summary: `Verification of the backup of ${before.source} (run ${runId}): ${failure === undefined ? 'read back in full' : 'failed'}`,
      result: failure === undefined ? 'ok' : 'failed',
      ...(failure === undefined ? {} : { error: failure }),
    }),
  );
  return after;
}

/** Forgets every snapshot a run stored (a failed or interrupted run leaves nothing that looks like a backup). */
export async function forgetRunSnapshots(repo: ResticRepository, runId: string): Promise<number> {
  const snapshots = await listSnapshots(repo, `vigie-run=${runId}`);
  await forgetSnapshots(
    repo,
    snapshots.map((s) => s.id),
  );
  return snapshots.length;
}

/**
 * At start: runs left `running` by a Vigie that was killed are marked failed and their partial
 * snapshots forgotten (restic saved whatever reached it before its input closed).
 */
export async function recoverInterruptedRuns(
  deps: BackupDeps,
  destinations: ReadonlyMap<string, BackupDestination>,
): Promise<BackupRunView[]> {
  const recovered: BackupRunView[] = [];
  for (const interrupted of await interruptedRuns(deps.store.db)) {
    const destination = destinations.get(interrupted.destination);
    let removed = 'its destination is no longer declared: check it by hand';
    if (destination !== undefined) {
      const count = await forgetRunSnapshots(destination.repo, interrupted.id).catch((e: unknown) => {
        removed = `removing its partial snapshot failed: ${(e as Error).message}`;
        return undefined;
      });
      if (count !== undefined)
        removed = count === 0 ? 'it had stored nothing' : `its ${count} partial snapshot(s) were removed`;
    }
    const reason = `Vigie stopped during this backup (started ${interrupted.startedAt}); ${removed}`;
    await markFailed(deps.store.db, interrupted.id, deps.clock.now(), reason);
    const view = await getRun(deps.store.db, interrupted.id);
    if (view !== undefined) recovered.push(view);
  }
  return recovered;
}

function hostsOf(job: BackupJob): string[] {
  return job.kind === 'files' ? [job.pathSet.host.name] : [job.host];
}

async function journalRun(
  deps: BackupDeps,
  job: BackupJob,
  destination: BackupDestination,
  view: BackupRunView,
  startedAt: Date,
  failure: string | undefined,
): Promise<void> {
  const size = view.sizeBytes === null ? '' : `, ${formatBytes(view.sizeBytes)} read`;
  const summary =
    failure === undefined
      ? `Backup of ${job.source} to ${destination.id}: verified${size}`
      : `Backup of ${job.source} to ${destination.id}: failed`;
  await deps.store.db.transaction().execute((trx) =>
    appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      startedAt,
      endedAt: deps.clock.now(),
      actor: view.actor,
      category: 'backup',
      hosts: hostsOf(job),
      summary,
      detail: `run ${view.id}`,
      result: failure === undefined ? 'ok' : 'failed',
      ...(failure === undefined ? {} : { error: failure }),
    }),
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
