/**
 * Restore drills against the real PostgreSQL and MariaDB: a verified run restored into a scratch
 * database, counted against the backup's own counts, queried, timed and dropped; failures named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRunView } from '../../src/backup/catalog.js';
import {
  type DrillServer,
  recoverInterruptedDrills,
  runDrill,
  SCRATCH_PREFIX,
} from '../../src/backup/drill.js';
import { initRepository } from '../../src/backup/restic.js';
import { type BackupDestination, runBackup } from '../../src/backup/run-backup.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { systemClock } from '../../src/time/clock.js';
import { createTestStore, pgAdminQuery, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const PG_SOURCE = `vigie_drillsrc_${process.pid}_${TEST_DIALECT}`;
const MARIA_SOURCE = `vigie_drillsrc_${process.pid}_${TEST_DIALECT}`;
const pgServer: DrillServer = {
  kind: 'postgresql',
  name: 'local-postgresql',
  target: { host: '127.0.0.1', port: 5432, database: 'postgres', user: 'postgres' },
};
const mariaServer: DrillServer = {
  kind: 'mariadb',
  name: 'local-mariadb',
  target: { host: '127.0.0.1', port: 3306, database: 'mysql', user: 'root' },
};

async function scratchLeft(): Promise<string[]> {
  const rows = await pgAdminQuery<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'vigie\\_drill\\_%' AND datname <> '${PG_SOURCE}'`,
  );
  return rows
    .map((row) => row.datname)
    .filter((name) => name.startsWith(SCRATCH_PREFIX) && !name.startsWith('vigie_drillsrc_'));
}

describe(`restore drills on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let dir: string;
  let destination: BackupDestination;
  let pgRun: BackupRunView;
  let mariaRun: BackupRunView;
  const deps = () => ({ store: testStore.store, clock: systemClock });

  beforeAll(async () => {
    testStore = await createTestStore();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-drill-'));
    destination = { id: 'local', repo: { location: path.join(dir, 'repo'), password: 'k' } };
    await initRepository(destination.repo);
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_SOURCE}`);
    await pgAdminQuery(`CREATE DATABASE ${PG_SOURCE}`);
    await pgAdminQuery('CREATE TABLE stagiaires (id int PRIMARY KEY, nom text)', PG_SOURCE);
    await pgAdminQuery(
      "INSERT INTO stagiaires SELECT i, 'stagiaire ' || i FROM generate_series(1, 20000) i",
      PG_SOURCE,
    );
    await pgAdminQuery('CREATE SCHEMA "Archives"', PG_SOURCE);
    await pgAdminQuery('CREATE TABLE "Archives"."Sessions 2025" (id int)', PG_SOURCE);
    await pgAdminQuery('INSERT INTO "Archives"."Sessions 2025" VALUES (1), (2)', PG_SOURCE);
    pgRun = await runBackup(
      deps(),
      {
        kind: 'postgresql',
        source: 'database:formation',
        host: 'db03',
        target: { host: '127.0.0.1', port: 5432, database: PG_SOURCE, user: 'postgres' },
        globals: false,
      },
      destination,
      { trigger: 'manual', actor: 'test' },
    );
    const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root', multipleStatements: true });
    await admin.query(
      `DROP DATABASE IF EXISTS \`${MARIA_SOURCE}\`; CREATE DATABASE \`${MARIA_SOURCE}\`; USE \`${MARIA_SOURCE}\``,
    );
    await admin.query('CREATE TABLE articles (id INT PRIMARY KEY, titre TEXT)');
    await admin.query("INSERT INTO articles SELECT seq, CONCAT('Article ', seq) FROM seq_1_to_3000");
    await admin.end();
    mariaRun = await runBackup(
      deps(),
      {
        kind: 'mariadb',
        source: 'database:intranet',
        host: 'db03',
        target: { host: '127.0.0.1', port: 3306, database: MARIA_SOURCE, user: 'root' },
        users: false,
      },
      destination,
      { trigger: 'manual', actor: 'test' },
    );
  }, 120_000);

  afterAll(async () => {
    await testStore?.cleanup();
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_SOURCE} WITH (FORCE)`);
    const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await admin.query(`DROP DATABASE IF EXISTS \`${MARIA_SOURCE}\``);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores a PostgreSQL run into a scratch database, finds every table and row, times it and drops it', async () => {
    expect(pgRun.status).toBe('verified');
    const drill = await runDrill(deps(), {
      run: pgRun,
      destination,
      server: pgServer,
      query: 'SELECT count(*) = 20000 FROM stagiaires',
      trigger: 'manual',
      actor: 'user:alice',
    });
    expect(drill.error).toBeNull();
    expect(drill.status).toBe('passed');
    expect(drill.restoreMs).toBeGreaterThan(0);
    expect(drill.checks.map((c) => c.check)).toEqual([
      'tables present',
      'rows of Archives.Sessions 2025',
      'rows of public.stagiaires',
      'custom query',
    ]);
    expect(drill.target).toMatch(/^local-postgresql\/vigie_drill_/);
    expect(await scratchLeft()).toEqual([]);
    const [entry] = await listJournalEntries(testStore.store.db, { limit: 1 });
    expect(JSON.stringify(entry)).toMatch(/Restore drill of database:formation .*passed, restored in/);
  });

  it('restores with parallel jobs from a private file that is removed afterwards', async () => {
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    const drill = await runDrill(deps(), {
      run: pgRun,
      destination,
      server: pgServer,
      trigger: 'manual',
      actor: 't',
      jobs: 2,
    });
    expect(drill.status).toBe('passed');
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('fails when the rows restored differ from the counts recorded at backup time, or the query says no', async () => {
    const tampered = {
      ...pgRun,
      rowCounts: [
        { table: 'public.stagiaires', rows: 19_999 },
        { table: 'public.absente', rows: 1 },
      ],
    };
    const drill = await runDrill(deps(), {
      run: tampered,
      destination,
      server: pgServer,
      query: 'SELECT count(*) > 1000000 FROM stagiaires',
      trigger: 'schedule',
      actor: 'job:drill',
    });
    expect(drill.status).toBe('failed');
    expect(drill.error).toContain('tables present: missing after restore: public.absente');
    expect(drill.error).toContain('rows of public.stagiaires: 20000 rows restored, 19999 at backup time');
    expect(drill.error).toContain('custom query: returned false');
    expect(await scratchLeft()).toEqual([]);
  });

  it('restores a MariaDB run and counts its rows', async () => {
    expect(mariaRun.status).toBe('verified');
    const drill = await runDrill(deps(), {
      run: mariaRun,
      destination,
      server: mariaServer,
      query: 'SELECT COUNT(*) FROM articles',
      trigger: 'manual',
      actor: 't',
    });
    expect(drill.error).toBeNull();
    expect(drill.checks).toContainEqual({
      check: 'rows of articles',
      ok: true,
      detail: '3000 rows, as at backup time',
    });
    expect(drill.checks).toContainEqual({ check: 'custom query', ok: true, detail: 'returned 3000' });
  });

  it('refuses a run of another engine, and drops scratch databases a killed drill left behind', async () => {
    await expect(
      runDrill(deps(), { run: pgRun, destination, server: mariaServer, trigger: 'manual', actor: 't' }),
    ).rejects.toThrow(/postgresql backup: it cannot be restored on local-mariadb/);
    await pgAdminQuery(`CREATE DATABASE ${SCRATCH_PREFIX}leftover_${process.pid}`);
    await recoverInterruptedDrills(deps(), [pgServer]);
    expect(await scratchLeft()).toEqual([]);
  });
});
