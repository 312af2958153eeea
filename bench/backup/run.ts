/**
 * `bench/backup`: Vigie's backups and restores of a ~1 GB PostgreSQL database and a few hundred MB of
 * MariaDB against the bare tools, in the same run (docs/benchmarks.md, "Backups"). Prints a Markdown
 * table and writes the figures as JSON.
 *
 *   npm run bench:backup -- --pg-size-mb 1024 --mariadb-size-mb 300 --repeat 3 --reuse
 *   npm run bench:backup -- --cleanup          # drops the vigie_bench_* databases
 *
 * `--doc` writes the report into the Backups section of docs/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { choosePostgresClient } from '../../src/backup/sources/postgres.js';
import { openStore } from '../../src/store/store.js';
import { runBackupBench } from './harness.js';
import { dropMariadbDatabases, LOCAL_MARIADB } from './mariadb-dataset.js';
import { dropPostgresDatabases, LOCAL_PG, serverMajor } from './postgres-dataset.js';
import { machineInfo, markdownReport, writeBackupBlock } from './report.js';

const PREFIX = 'vigie_bench_';
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

const { values } = parseArgs({
  options: {
    'pg-size-mb': { type: 'string', default: '1024' },
    'mariadb-size-mb': { type: 'string', default: '300' },
    repeat: { type: 'string', default: '3' },
    reuse: { type: 'boolean', default: false },
    'drop-caches': { type: 'boolean', default: false },
    cleanup: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(os.tmpdir(), 'vigie-bench-backup.json') },
    /** Dump files and restic repositories (about 3× the database's size at the peak). */
    'work-dir': { type: 'string', default: os.tmpdir() },
    /** Vigie's catalog on PostgreSQL instead of a temporary SQLite file. */
    'store-url': { type: 'string' },
    /** Write the report into the Backups section of docs/benchmarks.md. */
    doc: { type: 'boolean', default: false },
  },
});

function whole(name: string, text: string | undefined, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(
      `--${name} ${text}: write a whole number of at least ${min} (e.g. --${name} ${Math.max(min, 3)})`,
    );
  }
  return value;
}

async function main(): Promise<void> {
  if (values.cleanup) {
    const dropped = [
      ...(await dropPostgresDatabases(LOCAL_PG, PREFIX)).map((name) => `PostgreSQL ${name}`),
      ...(await dropMariadbDatabases(LOCAL_MARIADB, PREFIX)).map((name) => `MariaDB ${name}`),
    ];
    log(dropped.length === 0 ? 'no vigie_bench_* database to drop' : `dropped ${dropped.join(', ')}`);
    return;
  }
  const pgSizeMb = whole('pg-size-mb', values['pg-size-mb'], 1);
  const mariadbSizeMb = whole('mariadb-size-mb', values['mariadb-size-mb'], 1);
  const repeat = whole('repeat', values.repeat, 1);
  const workDir = fs.mkdtempSync(path.join(values['work-dir'] ?? os.tmpdir(), 'vigie-bench-backup-'));
  const store = await openStore({ dataDir: workDir, databaseUrl: values['store-url'] });
  const load = [os.loadavg()[0] ?? 0];
  const sampler = setInterval(() => load.push(os.loadavg()[0] ?? 0), 60_000);
  try {
    const result = await runBackupBench({
      pgSizeMb,
      mariadbSizeMb,
      repeat,
      reuse: values.reuse ?? false,
      dropCaches: values['drop-caches'] ?? false,
      names: {
        postgres: `${PREFIX}pg_${pgSizeMb}`,
        mariadb: `${PREFIX}mariadb_${mariadbSizeMb}`,
        scratch: `${PREFIX}restore_${process.pid}_`,
      },
      pg: LOCAL_PG,
      mariadb: LOCAL_MARIADB,
      store,
      workDir,
      log,
    });
    load.push(os.loadavg()[0] ?? 0);
    const machine = machineInfo(choosePostgresClient(await serverMajor(LOCAL_PG)).binDir, load);
    const command = `npm run bench:backup -- ${process.argv.slice(2).join(' ')}`.trim();
    const markdown = markdownReport(result, machine, command);
    process.stdout.write(markdown);
    if (values.doc) {
      writeBackupBlock(DOC, markdown);
      log(`report written into ${DOC}`);
    }
    fs.writeFileSync(values.out ?? '', `${JSON.stringify({ machine, command, ...result }, null, 2)}\n`);
    log(`figures written to ${values.out}`);
  } finally {
    clearInterval(sampler);
    await store.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`bench:backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
