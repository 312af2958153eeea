/**
 * Whole backup runs against the real PostgreSQL and MariaDB, a real restic and the catalog on the
 * dialect under test: verified runs with their row counts and journal entries, deduplication of a
 * second run, and the faults of issue 5 (a full destination, a flipped byte, Vigie killed mid-backup).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, listRuns } from '../../src/backup/catalog.js';
import { initRepository, listSnapshots, type ResticRepository } from '../../src/backup/restic.js';
import {
  type BackupDestination,
  recoverInterruptedRuns,
  runBackup,
  verifyStoredRun,
} from '../../src/backup/run-backup.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { systemClock } from '../../src/time/clock.js';
import { createTestStore, PG_ADMIN_URL, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const SOURCE_DB = `vigie_backup_run_${process.pid}_${TEST_DIALECT}`;
const CHILD = path.join(import.meta.dirname, 'backup-child.ts');
const ROOT = path.resolve(import.meta.dirname, '../..');

async function onSource<T>(fn: (client: pg.Client) => Promise<T>, database = SOURCE_DB): Promise<T> {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe(`backup runs on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let dir: string;
  let local: BackupDestination;
  const pgJob = () =>
    ({
      kind: 'postgresql',
      source: 'database:commandes',
      host: 'db03',
      target: { host: '127.0.0.1', port: 5432, database: SOURCE_DB, user: 'postgres' },
      globals: true,
    }) as const;
  const deps = () => ({ store: testStore.store, clock: systemClock });

  beforeAll(async () => {
    testStore = await createTestStore();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-backup-run-'));
    local = { id: 'local', repo: { location: path.join(dir, 'local'), password: 'local-key' } };
    await initRepository(local.repo);
    await onSource((c) => c.query(`DROP DATABASE IF EXISTS ${SOURCE_DB}`), 'postgres');
    await onSource((c) => c.query(`CREATE DATABASE ${SOURCE_DB}`), 'postgres');
    await onSource(async (c) => {
      await c.query('CREATE TABLE commandes (id int PRIMARY KEY, client text, empreinte text)');
      await c.query(
        "INSERT INTO commandes SELECT i, 'client-' || (i % 5000), md5(i::text) FROM generate_series(1, 1000000) i",
      );
      await c.query('CREATE TABLE villes (id int PRIMARY KEY, nom text)');
      await c.query("INSERT INTO villes VALUES (1, 'Marseille'), (2, 'Nice'), (3, 'Avignon')");
    });
  }, 180_000);

  afterAll(async () => {
    await testStore?.cleanup();
    await onSource((c) => c.query(`DROP DATABASE IF EXISTS ${SOURCE_DB} WITH (FORCE)`), 'postgres');
    try {
      execFileSync('umount', [path.join(dir, 'full')], { stdio: 'ignore' });
    } catch {
      // not mounted
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs a PostgreSQL backup to verified, with row counts, versions and a journal entry; a second run stores little', async () => {
    const first = await runBackup(deps(), pgJob(), local, { trigger: 'manual', actor: 'user:alice' });
    expect(first.error).toBeNull();
    expect(first.status).toBe('verified');
    expect(first.rowCounts).toEqual([
      { table: 'public.commandes', rows: 1_000_000 },
      { table: 'public.villes', rows: 3 },
    ]);
    expect(first.artifacts.map((a) => a.filename)).toEqual([`${SOURCE_DB}.pgdump`, 'globals.sql']);
    expect(first.sourceVersion).toMatch(/^PostgreSQL \d+/);
    expect(first.toolVersion).toMatch(/pg_dump \(PostgreSQL\) \d+/);
    expect(first.takenAt).not.toBeNull();
    const [entry] = await listJournalEntries(testStore.store.db, { limit: 1 });
    expect(entry).toMatchObject({ category: 'backup', result: 'ok', actor: 'user:alice' });
    expect(JSON.stringify(entry)).toContain('Backup of database:commandes to local: verified');

    await onSource((c) =>
      c.query("UPDATE commandes SET client = 'changé' WHERE id BETWEEN 500000 AND 500100"),
    );
    const second = await runBackup(deps(), pgJob(), local, { trigger: 'schedule', actor: 'job:backup' });
    expect(second.status).toBe('verified');
    // Deduplication: the second dump is as big, but restic stores only the chunks around what changed
    // (restic's chunks average 1 MiB: a few MiB here, of a ~55 MiB dump; a small part of a large base).
    expect(second.sizeBytes).toBeGreaterThan(0.9 * (first.sizeBytes ?? 0));
    expect(second.addedBytes ?? 0).toBeLessThan(0.25 * (first.addedBytes ?? 0));
  });

  it('runs a MariaDB backup to verified with the rows counted from the dump', async () => {
    const database = `vigie_backup_run_${process.pid}`;
    const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root', multipleStatements: true });
    try {
      await admin.query(
        `DROP DATABASE IF EXISTS \`${database}\`; CREATE DATABASE \`${database}\`; USE \`${database}\``,
      );
      await admin.query('CREATE TABLE pages (id INT PRIMARY KEY, titre TEXT)');
      await admin.query("INSERT INTO pages SELECT seq, CONCAT('Page ', seq) FROM seq_1_to_5000");
      const run = await runBackup(
        deps(),
        {
          kind: 'mariadb',
          source: 'database:intranet',
          host: 'db03',
          target: { host: '127.0.0.1', port: 3306, database, user: 'root' },
          users: true,
        },
        local,
        { trigger: 'manual', actor: 'user:alice' },
      );
      expect(run.error).toBeNull();
      expect(run.status).toBe('verified');
      expect(run.rowCounts).toEqual([{ table: 'pages', rows: 5000 }]);
      expect(run.artifacts.map((a) => a.filename)).toEqual([`${database}.sql`, 'users.sql']);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    }
  });

  it('fails a run on a full destination with the reason, and leaves the earlier backups good', async () => {
    const mount = path.join(dir, 'full');
    fs.mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
    const full: BackupDestination = {
      id: 'full',
      repo: { location: path.join(mount, 'repo'), password: 'k' },
    };
    await initRepository(full.repo);
    const run = await runBackup(deps(), pgJob(), full, { trigger: 'manual', actor: 'user:alice' });
    expect(run.status).toBe('failed');
    expect(run.error, run.error ?? '').toMatch(/destination is full|no space left/);
    expect(await listSnapshots(full.repo, `vigie-run=${run.id}`)).toEqual([]);
    const [good] = await listRuns(testStore.store.db, {
      source: 'database:commandes',
      status: 'verified',
      limit: 1,
    });
    expect((await verifyStoredRun(deps(), good?.id ?? '', local, 'test')).status).toBe('verified');
  });

  it('fails the verification of a run whose stored data had one byte flipped', async () => {
    const damaged: BackupDestination = {
      id: 'damaged',
      repo: { location: path.join(dir, 'damaged'), password: 'd' },
    };
    await initRepository(damaged.repo);
    const run = await runBackup(deps(), pgJob(), damaged, { trigger: 'manual', actor: 'user:alice' });
    expect(run.status).toBe('verified');
    const packs = fs
      .readdirSync(path.join(damaged.repo.location, 'data'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const pack = packs[0] ?? '';
    const bytes = fs.readFileSync(pack);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0x01;
    fs.chmodSync(pack, 0o600);
    fs.writeFileSync(pack, bytes);
    const after = await verifyStoredRun(deps(), run.id, damaged, 'job:verify');
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/verification of .*pgdump failed/);
    const [entry] = await listJournalEntries(testStore.store.db, { limit: 1 });
    expect(entry).toMatchObject({ category: 'backup', result: 'failed' });
  });

  it('leaves nothing that looks good when Vigie is killed mid-backup, and says so at the next start', async () => {
    const repo: ResticRepository = local.repo;
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: {
        ...testStore.env,
        BACKUP_DATABASE: SOURCE_DB,
        BACKUP_REPO: repo.location,
        BACKUP_KEY: repo.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let running: string | undefined;
    for (let i = 0; i < 400 && running === undefined; i += 1) {
      const [row] = await listRuns(testStore.store.db, { source: 'database:killed', limit: 1 });
      if (row?.status === 'running') running = row.id;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(running, stderr).toBeDefined();
    // Let restic receive part of the dump, then kill Vigie without a chance to clean up.
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGKILL');
    await exited;
    expect((await getRun(testStore.store.db, running ?? ''))?.status).toBe('running');
    // Its restic and pg_dump die with it (pdeathsig): nothing is left to save the truncated stream.
    await waitUntilGone(repo.location);
    expect(await listSnapshots(repo, `vigie-run=${running}`)).toEqual([]);

    const recovered = await recoverInterruptedRuns(deps(), new Map([['local', local]]));
    expect(recovered.map((r) => r.id)).toEqual([running]);
    expect(recovered[0]?.status).toBe('failed');
    expect(recovered[0]?.error).toMatch(/Vigie stopped during this backup/);
    const [good] = await listRuns(testStore.store.db, {
      source: 'database:commandes',
      status: 'verified',
      limit: 1,
    });
    expect((await verifyStoredRun(deps(), good?.id ?? '', local, 'test')).status).toBe('verified');
  });
});

async function waitUntilGone(marker: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    if (!out.split('\n').some((line) => line.includes(marker) && !line.startsWith('ps '))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`a process with ${marker} in its arguments outlived Vigie`);
}
