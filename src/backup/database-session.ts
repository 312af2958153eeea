/**
 * Short admin sessions on a database server reached with its backup account, as drills and restores
 * open them: one connection per piece of work, closed whatever happens, with a bounded connect time.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { MariadbTarget } from './sources/mariadb.js';
import type { PostgresTarget } from './sources/postgres.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** Runs `fn` on a connection to `database` of the PostgreSQL server; `applicationName` shows in pg_stat_activity. */
export async function withPostgres<T>(
  server: PostgresTarget,
  database: string,
  applicationName: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    database,
    ...(server.password === undefined ? {} : { password: server.password }),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: applicationName,
  });
  // A server that goes away mid-session rejects the query in progress; the event alone must not crash.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server's major version (15 for 15.4), as pg_dump and pg_restore are chosen by it. */
export async function postgresServerMajor(client: pg.Client): Promise<number> {
  const version = await client.query<{ num: string }>("SELECT current_setting('server_version_num') AS num");
  return Math.floor(Number(version.rows[0]?.num ?? 0) / 10_000);
}

/** Runs `fn` on a connection to the MariaDB server, in `database` when given. */
export async function withMariadb<T>(
  server: MariadbTarget,
  database: string | undefined,
  fn: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    ...(database === undefined ? {} : { database }),
    ...(server.password === undefined ? {} : { password: server.password }),
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end().catch(() => undefined);
  }
}
