/**
 * The backup bench's harness end to end at a tiny size (5 MB of PostgreSQL, 2 MB of MariaDB, one
 * round) on the real servers, restic, zstd and Vigie's catalog on the dialect under test: every
 * measure present with sane figures, the ratios computed, the correctness checks run; and the
 * checks and pipes themselves refuse a wrong result.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameRows, runBackupBench } from '../../bench/backup/harness.js';
import { dropMariadbDatabases, LOCAL_MARIADB } from '../../bench/backup/mariadb-dataset.js';
import { pgDumpStage, pgDumpThroughZstd } from '../../bench/backup/peers.js';
import { dropPostgresDatabases, LOCAL_PG, serverMajor } from '../../bench/backup/postgres-dataset.js';
import { machineInfo, markdownReport } from '../../bench/backup/report.js';
import { choosePostgresClient } from '../../src/backup/sources/postgres.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const PREFIX = `vigie_bench_test_${process.pid}_${TEST_DIALECT}_`;

describe(`bench/backup harness on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let workDir: string;

  beforeAll(async () => {
    testStore = await createTestStore();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-backup-test-'));
  });

  afterAll(async () => {
    await dropPostgresDatabases(LOCAL_PG, PREFIX);
    await dropMariadbDatabases(LOCAL_MARIADB, PREFIX);
    await testStore?.cleanup();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('measures every tool once at 5 MB, checks the restored rows, and reports the ratios', async () => {
    const result = await runBackupBench({
      pgSizeMb: 5,
      mariadbSizeMb: 2,
      repeat: 1,
      reuse: false,
      dropCaches: false,
      names: { postgres: `${PREFIX}pg`, mariadb: `${PREFIX}mariadb`, scratch: `${PREFIX}restore_` },
      pg: LOCAL_PG,
      mariadb: LOCAL_MARIADB,
      store: testStore.store,
      workDir,
      log: () => {},
    });
    const { postgresql, mariadb } = result.datasets;
    expect(postgresql.rows.map((r) => r.table)).toEqual([
      'public.customers',
      'public.events',
      'public.order_lines',
      'public.orders',
      'public.products',
    ]);
    expect(postgresql.rows.every((r) => r.rows > 0)).toBe(true);
    expect(postgresql.logicalBytes).toBeGreaterThan(3 * 2 ** 20);
    expect(mariadb.rows.map((r) => r.table)).toEqual(['articles', 'authors', 'page_views']);

    expect(result.measures.map((m) => m.id).sort()).toEqual(
      [
        'mariadb_dump_null',
        'mariadb_dump_zstd',
        'pg_dump_gzip',
        'pg_dump_null',
        'pg_dump_restic',
        'pg_dump_zstd',
        'pg_restore',
        'restic_file',
        'vigie_backup',
        'vigie_backup_verified',
        'vigie_mariadb_backup',
        'vigie_mariadb_backup_verified',
        'vigie_restore',
        'vigie_second_backup',
      ].sort(),
    );
    const byId = new Map(result.measures.map((m) => [m.id, m]));
    for (const m of result.measures) {
      expect(m.samples).toHaveLength(1);
      expect(m.wallMs, m.id).toBeGreaterThan(0);
      expect(m.cpuMs, m.id).toBeGreaterThan(0);
      expect(m.dumpBytes, m.id).toBeGreaterThan(100_000);
      expect(m.mbPerSecond, m.id).toBeCloseTo(m.dumpBytes / 1000 / m.wallMs, 6);
    }
    const vigie = byId.get('vigie_backup');
    const zstd = byId.get('pg_dump_zstd');
    // Compressed, encrypted data: smaller than the dump, about as small as zstd makes it.
    expect(vigie?.storedBytes ?? 0).toBeGreaterThan(0);
    expect(vigie?.storedBytes ?? Infinity).toBeLessThan(0.6 * (vigie?.dumpBytes ?? 0));
    expect(zstd?.storedBytes ?? Infinity).toBeLessThan(0.6 * (zstd?.dumpBytes ?? 0));
    // The verified run includes the written one.
    expect(byId.get('vigie_backup_verified')?.wallMs ?? 0).toBeGreaterThan(vigie?.wallMs ?? Infinity);
    // At 5 MB the dump is one or two of restic's chunks (512 KiB to 8 MiB), so one change can touch all of
    // it: the second backup stores something, and never more than the first (deduplication at size is the
    // full bench's figure).
    const second = byId.get('vigie_second_backup')?.storedBytes ?? 0;
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(1.05 * (vigie?.storedBytes ?? 0));
    const dedup = result.ratios.find((r) => r.label === 'second backup stored ÷ first backup stored');
    expect(dedup?.value).toBeCloseTo(second / (vigie?.storedBytes ?? 1), 6);
    expect(result.changedRows).toBe(
      Math.floor((postgresql.rows.find((r) => r.table === 'public.orders')?.rows ?? 0) / 100),
    );

    expect(result.ratios.filter((r) => r.target !== null).map((r) => r.label)).toEqual([
      'Vigie backup ÷ (pg_dump -Fc -Z0 | zstd -T2)',
      'pg_dump -Fc (gzip) ÷ Vigie backup',
      'Vigie restore ÷ pg_restore -j2',
      'second backup stored ÷ first backup stored',
    ]);
    const first = result.ratios[0];
    expect(first?.value).toBeCloseTo((vigie?.wallMs ?? 0) / (zstd?.wallMs ?? 1), 6);
    expect(first?.met).toBe((first?.value ?? Infinity) <= 1.1);

    // Vigie's two backups, both restores, and the MariaDB backup, each against the source's rows.
    expect(result.checks.map((c) => c.what)).toEqual([
      "Vigie's backup (round 1), rows counted in the dump's snapshot",
      "Vigie's restore (round 1)",
      'pg_restore -j2 (round 1)',
      "Vigie's second backup (round 1)",
      "Vigie's MariaDB backup (round 1), rows counted in the dump",
    ]);
    const sourceRows = postgresql.rows.reduce((sum, r) => sum + r.rows, 0);
    expect(result.checks[1]?.rows).toBe(sourceRows);

    const machine = machineInfo(choosePostgresClient(await serverMajor(LOCAL_PG)).binDir, [0.5]);
    const markdown = markdownReport(result, machine, 'npm run bench:backup -- --pg-size-mb 5');
    expect(markdown).toContain('| postgresql | pg_dump -Fc -Z0 \\| zstd -T2 > file |');
    expect(markdown).toContain('Correctness: 5 checks passed');
    // Every table row has the header's nine cells.
    const rows = markdown
      .split('\n')
      .filter((line) => line.startsWith('| postgresql') || line.startsWith('| mariadb'));
    expect(rows).toHaveLength(14);
    for (const row of rows) expect(row.replaceAll('\\|', '').split('|')).toHaveLength(11);
  }, 120_000);

  it('refuses row counts that differ from the source, naming the table', () => {
    const source = [
      { table: 'public.orders', rows: 700 },
      { table: 'public.events', rows: 1700 },
    ];
    expect(expectSameRows('restore', [...source].reverse(), source)).toEqual({
      what: 'restore',
      tables: 2,
      rows: 2400,
    });
    expect(() =>
      expectSameRows(
        'restore',
        [
          { table: 'public.orders', rows: 700 },
          { table: 'public.events', rows: 1699 },
        ],
        source,
      ),
    ).toThrow('public.events: 1699 rows, 1700 in the source');
    expect(() => expectSameRows('restore', [{ table: 'public.orders', rows: 700 }], source)).toThrow(
      'public.events: missing rows',
    );
  });

  it('fails a pipeline whose first stage failed even though zstd, the last, exits 0', async () => {
    const binDir = choosePostgresClient(await serverMajor(LOCAL_PG)).binDir;
    const missing = `${PREFIX}missing`;
    await expect(
      pgDumpThroughZstd(pgDumpStage(binDir, LOCAL_PG, missing, 0), path.join(workDir, 'x.zst')),
    ).rejects.toThrow(/pg_dump \(stage 1 of 2\) exited with status 1: .*does not exist/);
  });
});
