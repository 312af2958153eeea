/**
 * Vigie's side of the bench, through the code `vigie backup run` and the drills use: `runBackup` (the
 * catalog row, pg_dump or mariadb-dump through SHA-256 into `restic backup --stdin`, encrypted and
 * compressed, then the full read-back verification and the journal entry) and `restorePostgresArtifact`.
 */
import type { BackupRunView } from '../../src/backup/catalog.js';
import { initRepository, type ResticRepository } from '../../src/backup/restic.js';
import { restorePostgresArtifact } from '../../src/backup/restore-database.js';
import { type BackupJob, runBackup } from '../../src/backup/run-backup.js';
import type { Store } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';
import { cpuNowMs, measure, type Sample } from './measure.js';
import type { PgServer } from './postgres-dataset.js';

export interface VigieBackupMeasure {
  /** From the start of the run until it is `written`: the dump stored in restic, SHA-256 recorded. */
  readonly written: Sample;
  /** The whole run, verification (a full read back through restic and pg_restore) included. */
  readonly verified: Sample;
  readonly run: BackupRunView;
}

/** A repository as Vigie's local destinations have them (no restic cache). */
export async function newVigieRepository(location: string, password: string): Promise<ResticRepository> {
  const repo: ResticRepository = { location, password, cacheDir: undefined };
  await initRepository(repo);
  return repo;
}

/** One backup run, timed twice: until written (polled in the catalog) and until verified. */
export async function measureVigieBackup(
  store: Store,
  job: BackupJob,
  repo: ResticRepository,
): Promise<VigieBackupMeasure> {
  const cpuBefore = cpuNowMs();
  const started = performance.now();
  const startedIso = new Date().toISOString();
  let written: Sample | undefined;
  let finished = false;
  const running = runBackup(
    { store, clock: systemClock },
    job,
    { id: 'bench', repo },
    {
      trigger: 'manual',
      actor: 'bench:backup',
    },
  ).finally(() => {
    finished = true;
  });
  // The catalog says `written` once restic saved the snapshot: that instant ends the backup proper.
  // Polled with a one-column query, so the watching costs the measured process next to nothing.
  while (!finished && written === undefined) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const latest = await store.db
      .selectFrom('backup_runs')
      .select(['status', 'started_at'])
      .where('source', '=', job.source)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest !== undefined && latest.started_at >= startedIso && latest.status !== 'running') {
      written = { wallMs: performance.now() - started, cpuMs: cpuNowMs() - cpuBefore };
    }
  }
  const run = await running;
  const verified = { wallMs: performance.now() - started, cpuMs: cpuNowMs() - cpuBefore };
  if (run.status !== 'verified') {
    throw new Error(`Vigie's backup of ${job.source} ended ${run.status}: ${run.error ?? 'no reason given'}`);
  }
  return { written: written ?? verified, verified, run };
}

/** Vigie's restore of the run's dump into an existing empty database, with parallel pg_restore jobs. */
export async function measureVigieRestore(
  repo: ResticRepository,
  run: BackupRunView,
  server: PgServer,
  database: string,
  major: number,
  options: { readonly jobs: number; readonly workDir: string },
): Promise<Sample> {
  const artifact = run.artifacts.find((a) => a.reader === 'pg_restore');
  if (artifact === undefined) throw new Error(`run ${run.id} has no pg_restore artifact`);
  const { sample } = await measure(() =>
    restorePostgresArtifact(repo, artifact, { ...server, database }, major, options),
  );
  return sample;
}
