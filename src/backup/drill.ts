/**
 * Restore drills: a verified run is restored into a scratch database on the server the inventory
 * designates, checked against what was recorded at backup time (tables present, rows per table, the
 * policy's own query), timed (the RTO), and the scratch database dropped whatever happened.
 */
import type mysql from 'mysql2/promise';
import type pg from 'pg';
import { appendJournalEntry } from '../journal/append.js';
import type { BackupRunView, RunArtifact, TableRows } from './catalog.js';
import { postgresServerMajor, withMariadb, withPostgres } from './database-session.js';
import {
  createDrill,
  type DrillCheck,
  type DrillView,
  finishDrill,
  getDrill,
  interruptedDrills,
} from './drill-catalog.js';
import { restoreMariadbArtifact, restorePostgresArtifact } from './restore-database.js';
import type { BackupDeps, BackupDestination } from './run-backup.js';
import type { MariadbTarget } from './sources/mariadb.js';
import type { PostgresTarget } from './sources/postgres.js';

/** A server drills may create and drop scratch databases on; `target.database` is where Vigie connects first. */
export type DrillServer =
  | { readonly kind: 'postgresql'; readonly name: string; readonly target: PostgresTarget }
  | { readonly kind: 'mariadb'; readonly name: string; readonly target: MariadbTarget };

export interface DrillPlan {
  readonly run: BackupRunView;
  readonly destination: BackupDestination;
  readonly server: DrillServer;
  /** A query that must return one row whose first value is true, non-zero or non-empty. */
  readonly query?: string | undefined;
  readonly trigger: 'schedule' | 'manual';
  readonly actor: string;
  /** pg_restore jobs (PostgreSQL). */
  readonly jobs?: number | undefined;
  /** Where a parallel restore writes its private copy of the archive (Vigie's data directory). */
  readonly workDir?: string | undefined;
}

/** Scratch databases are named so that a leftover is recognised (and dropped) at the next start. */
export const SCRATCH_PREFIX = 'vigie_drill_';

export async function runDrill(deps: BackupDeps, plan: DrillPlan): Promise<DrillView> {
  const { run, server } = plan;
  if (run.status !== 'verified') {
    throw new Error(`backup run ${run.id} is ${run.status}: drills restore verified runs only`);
  }
  if (run.sourceKind !== server.kind) {
    throw new Error(
      `backup run ${run.id} is a ${run.sourceKind} backup: it cannot be restored on ${server.name} (${server.kind})`,
    );
  }
  const artifact = run.artifacts[0];
  if (artifact === undefined) throw new Error(`backup run ${run.id} has no artifact`);
  const db = deps.store.db;
  const scratch = `${SCRATCH_PREFIX}${run.id.replaceAll('-', '').slice(0, 12)}_${Date.now().toString(36)}`;
  const startedAt = deps.clock.now();
  const id = await createDrill(db, {
    runId: run.id,
    source: run.source,
    trigger: plan.trigger,
    actor: plan.actor,
    target: `${server.name}/${scratch}`,
    at: startedAt,
  });
  const engine = server.kind === 'postgresql' ? postgresEngine(server.target) : mariadbEngine(server.target);
  let restoreMs: number | null = null;
  let checks: DrillCheck[] = [];
  let error: string | null = null;
  try {
    await engine.create(scratch);
    const began = performance.now();
    await engine.restore(plan, artifact, scratch);
    restoreMs = Math.round(performance.now() - began);
    checks = await engine.check(scratch, run.rowCounts ?? [], plan.query);
  } catch (failure) {
    error = (failure as Error).message;
  } finally {
    await engine.drop(scratch).catch((dropError: unknown) => {
      checks.push({ check: 'scratch database dropped', ok: false, detail: (dropError as Error).message });
    });
  }
  await finishDrill(db, id, { at: deps.clock.now(), restoreMs, checks, error });
  const view = await getDrill(db, id);
  if (view === undefined) throw new Error(`drill ${id} vanished from the store`);
  await deps.store.db.transaction().execute((trx) =>
    appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      startedAt,
      endedAt: deps.clock.now(),
      actor: plan.actor,
      category: 'backup',
      hosts: [],
      summary:
        view.status === 'passed'
          ? `Restore drill of ${run.source} (run ${run.id}) on ${server.name}: passed, restored in ${formatSeconds(restoreMs)}`
          : `Restore drill of ${run.source} (run ${run.id}) on ${server.name}: failed`,
      result: view.status === 'passed' ? 'ok' : 'failed',
      ...(view.error === null ? {} : { error: view.error }),
    }),
  );
  return view;
}

/**
 * At start: drills a killed Vigie left `running` are failed, and the scratch databases of any drill
 * that is not running any more are dropped on the servers given.
 */
export async function recoverInterruptedDrills(
  deps: BackupDeps,
  servers: readonly DrillServer[],
): Promise<number> {
  const interrupted = await interruptedDrills(deps.store.db);
  for (const drill of interrupted) {
    await finishDrill(deps.store.db, drill.id, {
      at: deps.clock.now(),
      restoreMs: null,
      checks: [],
      error: 'Vigie stopped during this drill; its scratch database is dropped at start',
    });
  }
  const running = new Set(
    (
      await deps.store.db
        .selectFrom('backup_drills')
        .select('target')
        .where('status', '=', 'running')
        .execute()
    ).map((row) => row.target.split('/').pop()),
  );
  for (const server of servers) {
    const engine =
      server.kind === 'postgresql' ? postgresEngine(server.target) : mariadbEngine(server.target);
    for (const leftover of await engine.scratchDatabases()) {
      if (!running.has(leftover)) await engine.drop(leftover);
    }
  }
  return interrupted.length;
}

interface DrillEngine {
  create(database: string): Promise<void>;
  restore(plan: DrillPlan, artifact: RunArtifact, database: string): Promise<void>;
  check(database: string, expected: readonly TableRows[], query: string | undefined): Promise<DrillCheck[]>;
  drop(database: string): Promise<void>;
  scratchDatabases(): Promise<string[]>;
}

function postgresEngine(server: PostgresTarget): DrillEngine {
  const connect = <T>(database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> =>
    withPostgres(server, database, 'vigie-drill', fn);
  let serverMajor = 0;
  return {
    create: (database) =>
      connect(server.database, async (client) => {
        serverMajor = await postgresServerMajor(client);
        // The name is Vigie's own (prefix, hex, base-36): quoting it is enough.
        await client.query(`CREATE DATABASE "${database}"`);
      }),
    restore: (plan, artifact, database) =>
      restorePostgresArtifact(plan.destination.repo, artifact, { ...server, database }, serverMajor, {
        jobs: plan.jobs,
        workDir: plan.workDir,
      }),
    check: (database, expected, query) =>
      connect(database, async (client) => {
        const tables = await client.query<{ name: string; qualified: string }>(
          `SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qualified
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%'`,
        );
        const present = new Map(tables.rows.map((row) => [row.name, row.qualified]));
        return compare(
          expected,
          present,
          async (qualified) => {
            const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified}`);
            return Number(result.rows[0]?.n ?? 0);
          },
          query === undefined
            ? undefined
            : async () => {
                const result = await client.query({ text: query, rowMode: 'array' });
                return (result.rows as unknown[][])[0]?.[0];
              },
        );
      }),
    drop: (database) =>
      connect(server.database, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
      ).then(() => undefined),
    scratchDatabases: () =>
      connect(server.database, async (client) => {
        const rows = await client.query<{ datname: string }>(
          'SELECT datname FROM pg_database WHERE datname LIKE $1',
          [`${SCRATCH_PREFIX.replaceAll('_', '\\_')}%`],
        );
        return rows.rows.map((row) => row.datname);
      }),
  };
}

function mariadbEngine(server: MariadbTarget): DrillEngine {
  const connect = <T>(database: string | undefined, fn: (c: mysql.Connection) => Promise<T>): Promise<T> =>
    withMariadb(server, database, fn);
  return {
    create: (database) =>
      connect(undefined, (c) => c.query(`CREATE DATABASE \`${database}\``)).then(() => undefined),
    restore: (plan, artifact, database) =>
      restoreMariadbArtifact(plan.destination.repo, artifact, { ...server, database }),
    check: (database, expected, query) =>
      connect(database, async (c) => {
        const [rows] = await c.query<mysql.RowDataPacket[]>(
          "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
          [database],
        );
        const present = new Map(
          rows.map((row) => [String(row.name), `\`${String(row.name).replaceAll('`', '``')}\``]),
        );
        return compare(
          expected,
          present,
          async (quoted) => {
            const [result] = await c.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${quoted}`);
            return Number(result[0]?.n ?? 0);
          },
          query === undefined
            ? undefined
            : async () => {
                const [result] = await c.query<mysql.RowDataPacket[]>({ sql: query, rowsAsArray: true });
                return (result as unknown as unknown[][])[0]?.[0];
              },
        );
      }),
    drop: (database) =>
      connect(undefined, (c) => c.query(`DROP DATABASE IF EXISTS \`${database}\``)).then(() => undefined),
    scratchDatabases: () =>
      connect(undefined, async (c) => {
        const [rows] = await c.query<mysql.RowDataPacket[]>('SHOW DATABASES');
        return rows
          .map((row) => String(Object.values(row)[0]))
          .filter((name) => name.startsWith(SCRATCH_PREFIX));
      }),
  };
}

/** Tables present, rows per table as recorded at backup time, then the custom query. */
async function compare(
  expected: readonly TableRows[],
  present: ReadonlyMap<string, string>,
  countRows: (quoted: string) => Promise<number>,
  customQuery: (() => Promise<unknown>) | undefined,
): Promise<DrillCheck[]> {
  const missing = expected.filter((table) => !present.has(table.table)).map((table) => table.table);
  const checks: DrillCheck[] = [
    {
      check: 'tables present',
      ok: missing.length === 0,
      detail:
        missing.length === 0
          ? `${expected.length} of ${expected.length} tables recorded at backup time`
          : `missing after restore: ${missing.join(', ')}`,
    },
  ];
  for (const table of expected) {
    const quoted = present.get(table.table);
    if (quoted === undefined) continue;
    const rows = await countRows(quoted);
    checks.push({
      check: `rows of ${table.table}`,
      ok: rows === table.rows,
      detail:
        rows === table.rows
          ? `${rows} rows, as at backup time`
          : `${rows} rows restored, ${table.rows} at backup time`,
    });
  }
  if (customQuery !== undefined) {
    try {
      const value = await customQuery();
      const ok =
        value !== undefined &&
        value !== null &&
        value !== false &&
        value !== 0 &&
        value !== '0' &&
        value !== '' &&
        value !== 'f';
      checks.push({ check: 'custom query', ok, detail: `returned ${JSON.stringify(value ?? null)}` });
    } catch (error) {
      checks.push({ check: 'custom query', ok: false, detail: (error as Error).message });
    }
  }
  return checks;
}

function formatSeconds(ms: number | null): string {
  return ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`;
}
