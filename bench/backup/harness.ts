/**
 * One bench run: prepares the databases, then repeats rounds in which every measure runs once, in the
 * same order, so load changes on the machine touch every tool alike; medians come out. Each backup's
 * row counts and each restored database's rows are checked against the source as it goes: a fast but
 * wrong result stops the bench.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupJob } from '../../src/backup/run-backup.js';
import { choosePostgresClient } from '../../src/backup/sources/postgres.js';
import type { Store } from '../../src/store/store.js';
import type { MeasureFigures, MeasureId, Ratio } from './figures.js';
import { ratiosOf, summarize } from './figures.js';
import { type MariadbServer, prepareMariadbDataset } from './mariadb-dataset.js';
import { directoryBytes, dropCaches, measure, type Sample } from './measure.js';
import {
  mariadbDumpStage,
  mariadbDumpThroughZstd,
  mariadbDumpToNull,
  pgDumpGzipToFile,
  pgDumpStage,
  pgDumpThroughRestic,
  pgDumpThroughZstd,
  pgDumpToNull,
  pgRestoreJobs,
  resticBackupFile,
  resticDumpToFile,
  resticInit,
} from './peers.js';
import {
  changeRecentOrders,
  countPostgresRows,
  createEmptyDatabase,
  type DatasetInfo,
  type PgServer,
  preparePostgresDataset,
  serverMajor,
  type TableRowCount,
  withPg,
} from './postgres-dataset.js';
import { measureVigieBackup, measureVigieRestore, newVigieRepository } from './vigie-measures.js';

export interface BenchOptions {
  readonly pgSizeMb: number;
  readonly mariadbSizeMb: number;
  readonly repeat: number;
  readonly reuse: boolean;
  readonly dropCaches: boolean;
  /** Database names: the two sources, and the prefix of the scratch databases restores create. */
  readonly names: { readonly postgres: string; readonly mariadb: string; readonly scratch: string };
  readonly pg: PgServer;
  readonly mariadb: MariadbServer;
  /** Vigie's catalog (SQLite or PostgreSQL). */
  readonly store: Store;
  /** Dump files and restic repositories go here (removed as the rounds end). */
  readonly workDir: string;
  readonly log: (line: string) => void;
}

export interface CorrectnessCheck {
  readonly what: string;
  readonly tables: number;
  readonly rows: number;
}

export interface BenchResult {
  readonly options: { pgSizeMb: number; mariadbSizeMb: number; repeat: number; dropCaches: boolean };
  readonly datasets: { readonly postgresql: DatasetInfo; readonly mariadb: DatasetInfo };
  readonly measures: readonly MeasureFigures[];
  readonly ratios: readonly Ratio[];
  readonly checks: readonly CorrectnessCheck[];
  /** Orders whose status the small change touched before each second backup. */
  readonly changedRows: number;
}

/** Throws, naming the first table that differs, unless `actual` holds exactly the `expected` rows. */
export function expectSameRows(
  what: string,
  actual: readonly TableRowCount[],
  expected: readonly TableRowCount[],
): CorrectnessCheck {
  const show = (rows: readonly TableRowCount[]) => rows.map((r) => `${r.table}=${r.rows}`).join(', ');
  const byTable = new Map(actual.map((r) => [r.table, r.rows]));
  const wrong = expected.find((r) => byTable.get(r.table) !== r.rows);
  if (wrong !== undefined || actual.length !== expected.length) {
    throw new Error(
      `${what}: row counts differ from the source (${wrong === undefined ? 'other tables' : `${wrong.table}: ${byTable.get(wrong.table) ?? 'missing'} rows, ${wrong.rows} in the source`}); got ${show(actual)}, expected ${show(expected)}`,
    );
  }
  return { what, tables: expected.length, rows: expected.reduce((sum, r) => sum + r.rows, 0) };
}

export async function runBackupBench(options: BenchOptions): Promise<BenchResult> {
  const { pg, log } = options;
  const prepare = { reuse: options.reuse, log };
  const postgresql = await preparePostgresDataset(pg, options.names.postgres, options.pgSizeMb, prepare);
  const mariadb = await prepareMariadbDataset(
    options.mariadb,
    options.names.mariadb,
    options.mariadbSizeMb,
    prepare,
  );
  const major = await serverMajor(pg);
  const binDir = choosePostgresClient(major).binDir;
  const samples = new Map<MeasureId, { samples: Sample[]; stored: number[]; dumpBytes: number[] }>();
  const checks: CorrectnessCheck[] = [];
  let changedRows = 0;
  const record = (id: MeasureId, sample: Sample, dumpBytes: number, stored?: number) => {
    const entry = samples.get(id) ?? { samples: [], stored: [], dumpBytes: [] };
    entry.samples.push(sample);
    entry.dumpBytes.push(dumpBytes);
    if (stored !== undefined) entry.stored.push(stored);
    samples.set(id, entry);
    log(
      `  ${id}: ${(sample.wallMs / 1000).toFixed(2)} s, CPU ${(sample.cpuMs / 1000).toFixed(2)} s${stored === undefined ? '' : `, stored ${(stored / 1048576).toFixed(1)} MiB`}`,
    );
  };
  const timed = async <T>(work: () => Promise<T>) => {
    if (options.dropCaches) dropCaches();
    return measure(work);
  };
  const password = randomBytes(24).toString('base64url');
  const file = (name: string) => path.join(options.workDir, name);
  const pgJob: BackupJob = {
    kind: 'postgresql',
    source: `database:${options.names.postgres}`,
    host: 'bench',
    target: { ...pg, database: options.names.postgres },
    globals: true,
  };
  const mariadbJob: BackupJob = {
    kind: 'mariadb',
    source: `database:${options.names.mariadb}`,
    host: 'bench',
    target: { ...options.mariadb, database: options.names.mariadb },
    users: true,
  };

  for (let round = 1; round <= options.repeat; round += 1) {
    log(`round ${round} of ${options.repeat}: PostgreSQL ${options.names.postgres}`);
    const source = await withPg(pg, options.names.postgres, countPostgresRows);
    // The extraction limit first: it also brings the database into the page cache for every tool after it.
    const z0 = pgDumpStage(binDir, pg, options.names.postgres, 0);
    const extraction = await timed(() => pgDumpToNull(z0));
    const vigieRepoDir = file(`vigie-repo-${round}`);
    const vigieRepo = await newVigieRepository(vigieRepoDir, password);
    const emptyRepoBytes = directoryBytes(vigieRepoDir);
    const first = await timed(() => measureVigieBackup(options.store, pgJob, vigieRepo));
    const { run } = first.result;
    const artifact = run.artifacts.find((a) => a.reader === 'pg_restore');
    if (artifact === undefined) throw new Error(`Vigie's run ${run.id} stored no pg_dump archive`);
    checks.push(
      expectSameRows(
        `Vigie's backup (round ${round}), rows counted in the dump's snapshot`,
        run.rowCounts ?? [],
        source,
      ),
    );
    const dumpBytes = artifact.bytes;
    const firstStored = directoryBytes(vigieRepoDir) - emptyRepoBytes;
    record('vigie_backup', first.result.written, dumpBytes, firstStored);
    record('vigie_backup_verified', first.result.verified, dumpBytes);

    record('pg_dump_null', extraction.sample, dumpBytes);
    const gzipFile = file('dump-gzip.pgdump');
    const gzip = await timed(() =>
      pgDumpGzipToFile(pgDumpStage(binDir, pg, options.names.postgres), gzipFile),
    );
    record('pg_dump_gzip', gzip.sample, dumpBytes, fs.statSync(gzipFile).size);
    fs.rmSync(gzipFile);
    const zstdFile = file('dump.pgdump.zst');
    const zstd = await timed(() => pgDumpThroughZstd(z0, zstdFile));
    record('pg_dump_zstd', zstd.sample, dumpBytes, fs.statSync(zstdFile).size);
    fs.rmSync(zstdFile);
    const peerRepo = { location: file('peer-repo'), password };
    await resticInit(peerRepo);
    const peerEmpty = directoryBytes(peerRepo.location);
    const piped = await timed(() => pgDumpThroughRestic(z0, peerRepo));
    record('pg_dump_restic', piped.sample, dumpBytes, directoryBytes(peerRepo.location) - peerEmpty);
    fs.rmSync(peerRepo.location, { recursive: true });

    // The archive Vigie stored, as a local file: the same bytes for restic alone and for pg_restore -j2.
    const archive = file('archive.pgdump');
    await resticDumpToFile(vigieRepo, artifact.snapshotId, artifact.filename, archive);
    if (fs.statSync(archive).size !== dumpBytes) {
      throw new Error(`restic dump gave ${fs.statSync(archive).size} bytes, Vigie recorded ${dumpBytes}`);
    }
    await resticInit(peerRepo);
    const alone = await timed(() => resticBackupFile(peerRepo, archive));
    record('restic_file', alone.sample, dumpBytes, directoryBytes(peerRepo.location) - peerEmpty);
    fs.rmSync(peerRepo.location, { recursive: true });

    const vigieTarget = `${options.names.scratch}vigie`;
    await createEmptyDatabase(pg, vigieTarget);
    if (options.dropCaches) dropCaches();
    const restored = await measureVigieRestore(vigieRepo, run, pg, vigieTarget, major, {
      jobs: 2,
      workDir: options.workDir,
    });
    record('vigie_restore', restored, dumpBytes);
    checks.push(
      expectSameRows(
        `Vigie's restore (round ${round})`,
        await withPg(pg, vigieTarget, countPostgresRows),
        source,
      ),
    );
    await dropDatabase(pg, vigieTarget);
    const peerTarget = `${options.names.scratch}pg_restore`;
    await createEmptyDatabase(pg, peerTarget);
    const peerRestore = await timed(() => pgRestoreJobs(binDir, pg, peerTarget, archive, 2));
    record('pg_restore', peerRestore.sample, dumpBytes);
    checks.push(
      expectSameRows(
        `pg_restore -j2 (round ${round})`,
        await withPg(pg, peerTarget, countPostgresRows),
        source,
      ),
    );
    await dropDatabase(pg, peerTarget);
    fs.rmSync(archive);

    changedRows = await changeRecentOrders(pg, options.names.postgres, round);
    const beforeSecond = directoryBytes(vigieRepoDir);
    const second = await timed(() => measureVigieBackup(options.store, pgJob, vigieRepo));
    checks.push(
      expectSameRows(`Vigie's second backup (round ${round})`, second.result.run.rowCounts ?? [], source),
    );
    record(
      'vigie_second_backup',
      second.result.written,
      dumpBytes,
      directoryBytes(vigieRepoDir) - beforeSecond,
    );
    fs.rmSync(vigieRepoDir, { recursive: true });

    log(`round ${round} of ${options.repeat}: MariaDB ${options.names.mariadb}`);
    const mariaRepoDir = file(`vigie-mariadb-repo-${round}`);
    const mariaRepo = await newVigieRepository(mariaRepoDir, password);
    const mariaEmpty = directoryBytes(mariaRepoDir);
    const maria = await timed(() => measureVigieBackup(options.store, mariadbJob, mariaRepo));
    checks.push(
      expectSameRows(
        `Vigie's MariaDB backup (round ${round}), rows counted in the dump`,
        maria.result.run.rowCounts ?? [],
        mariadb.rows,
      ),
    );
    const sqlBytes = maria.result.run.artifacts[0]?.bytes ?? 0;
    record('vigie_mariadb_backup', maria.result.written, sqlBytes, directoryBytes(mariaRepoDir) - mariaEmpty);
    record('vigie_mariadb_backup_verified', maria.result.verified, sqlBytes);
    fs.rmSync(mariaRepoDir, { recursive: true });
    const mariaDump = mariadbDumpStage(options.mariadb, options.names.mariadb);
    record('mariadb_dump_null', (await timed(() => mariadbDumpToNull(mariaDump))).sample, sqlBytes);
    const mariaFile = file('dump.sql.zst');
    const mariaZstd = await timed(() => mariadbDumpThroughZstd(mariaDump, mariaFile));
    record('mariadb_dump_zstd', mariaZstd.sample, sqlBytes, fs.statSync(mariaFile).size);
    fs.rmSync(mariaFile);
  }
  const measures = summarize(samples);
  return {
    options: {
      pgSizeMb: options.pgSizeMb,
      mariadbSizeMb: options.mariadbSizeMb,
      repeat: options.repeat,
      dropCaches: options.dropCaches,
    },
    datasets: { postgresql, mariadb },
    measures,
    ratios: ratiosOf(measures),
    checks,
    changedRows,
  };
}

async function dropDatabase(pg: PgServer, database: string): Promise<void> {
  await withPg(pg, 'postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}
