/**
 * A PostgreSQL database as a backup source: `pg_dump -Fc -Z0` (restic compresses, and deduplicates
 * what did not change) in a snapshot exported by Vigie's own transaction, so the row counts Vigie takes
 * in that transaction are exactly what the dump holds; the roles and globals by `pg_dumpall`.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { spawnTied } from '../child.js';
import type { SourceProcess } from '../pipeline.js';
import { sourceProcess } from '../source-process.js';

export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password?: string | undefined;
}

/** The PostgreSQL client tools Debian installs side by side, one directory per major version. */
export const POSTGRES_BIN_ROOT = '/usr/lib/postgresql';

export interface PostgresClient {
  readonly major: number;
  readonly binDir: string;
}

/**
 * The newest installed client; pg_dump refuses a newer server, and an older client would miss what
 * the server has, so a client older than the server is refused here with both versions named.
 */
export function choosePostgresClient(serverMajor: number, root = POSTGRES_BIN_ROOT): PostgresClient {
  const installed = (fs.existsSync(root) ? fs.readdirSync(root) : [])
    .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(root, name, 'bin', 'pg_dump')))
    .map(Number)
    .sort((a, b) => b - a);
  const newest = installed[0];
  if (newest === undefined) {
    throw new Error(
      `no pg_dump under ${root}/*/bin: install postgresql-client-${serverMajor} (apt install postgresql-client-${serverMajor})`,
    );
  }
  if (newest < serverMajor) {
    throw new Error(
      `the server runs PostgreSQL ${serverMajor} but the newest pg_dump here is ${newest} (${root}/${newest}/bin): ` +
        `a dump needs a client at least as new as the server; install postgresql-client-${serverMajor}`,
    );
  }
  return { major: newest, binDir: path.join(root, String(newest), 'bin') };
}

export interface TableCount {
  readonly table: string;
  readonly rows: number;
}

export interface PostgresDumpSession {
  readonly serverVersion: string;
  readonly client: PostgresClient;
  /** The database dump; its bytes are the artifact. */
  readonly dump: SourceProcess;
  /** Rows per table in the dump's snapshot, resolved while the dump runs. */
  readonly counts: Promise<TableCount[]>;
  /** Ends Vigie's transaction; call once the dump finished (or failed). */
  close(): Promise<void>;
}

function clientConfig(target: PostgresTarget): pg.ClientConfig {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    ...(target.password === undefined ? {} : { password: target.password }),
    connectionTimeoutMillis: 10_000,
    application_name: 'vigie-backup',
  };
}

/** Opens the snapshot, starts pg_dump in it and counts rows alongside. */
export async function startPostgresDump(target: PostgresTarget): Promise<PostgresDumpSession> {
  const client = new pg.Client(clientConfig(target));
  client.on('error', () => undefined);
  await client.connect().catch((error: unknown) => {
    throw new Error(
      `cannot connect to PostgreSQL ${target.user}@${target.host}:${target.port}/${target.database}: ${(error as Error).message}`,
    );
  });
  try {
    const version = await client.query<{ server_version: string; num: string }>(
      "SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS num",
    );
    const serverVersion = version.rows[0]?.server_version ?? '?';
    const chosen = choosePostgresClient(Math.floor(Number(version.rows[0]?.num ?? 0) / 10_000));
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const exported = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const snapshot = exported.rows[0]?.id ?? '';
    const dump = spawnTool(chosen, 'pg_dump', target, [
      '--format=custom',
      '--compress=0',
      '--no-password',
      `--snapshot=${snapshot}`,
    ]);
    const counts = countRows(client);
    counts.catch(() => undefined);
    return {
      serverVersion,
      client: chosen,
      dump,
      counts,
      close: async () => {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** Roles, memberships and tablespaces (`pg_dumpall --globals-only`), without role passwords. */
export function startPostgresGlobalsDump(target: PostgresTarget, client: PostgresClient): SourceProcess {
  // Without superuser rights pg_authid is unreadable; --no-role-passwords reads pg_roles instead.
  return spawnTool(client, 'pg_dumpall', target, ['--globals-only', '--no-role-passwords', '--no-password']);
}

async function countRows(client: pg.Client): Promise<TableCount[]> {
  const tables = await client.query<{ name: string; qualified: string }>(
    `SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qualified
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1`,
  );
  const counts: TableCount[] = [];
  for (const table of tables.rows) {
    // `qualified` comes from format('%I'), the server's own identifier quoting.
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.qualified}`);
    counts.push({ table: table.name, rows: Number(result.rows[0]?.n ?? 0) });
  }
  return counts;
}

/** Runs a client tool against the target; the password goes in the child's environment only. */
function spawnTool(
  client: PostgresClient,
  tool: 'pg_dump' | 'pg_dumpall',
  target: PostgresTarget,
  args: readonly string[],
): SourceProcess {
  const connection = ['--host', target.host, '--port', String(target.port), '--username', target.user];
  const database = tool === 'pg_dump' ? ['--dbname', target.database] : ['--database', target.database];
  const child = spawnTied(path.join(client.binDir, tool), [...args, ...connection, ...database], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      ...(target.password === undefined ? {} : { PGPASSWORD: target.password }),
      PGCONNECT_TIMEOUT: '10',
      PGAPPNAME: 'vigie-backup',
    },
  });
  return sourceProcess(child, `${tool} ${target.user}@${target.host}:${target.port}/${target.database}`);
}
