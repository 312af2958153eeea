/**
 * A MariaDB/MySQL database as a backup source: `mariadb-dump` in one consistent transaction with
 * routines, triggers and events, rows counted from the dump stream itself (sql-row-counter.ts), and the
 * users with their grants by `mariadb-dump --system=users`.
 */
import mysql from 'mysql2/promise';
import { spawnTied } from '../child.js';
import type { SourceProcess } from '../pipeline.js';
import { sourceProcess } from '../source-process.js';

export interface MariadbTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password?: string | undefined;
}

export interface MariadbSourceInfo {
  readonly serverVersion: string;
  /** Base tables (not views), so a table without rows is still counted, with 0. */
  readonly tables: readonly string[];
}

/** Reads the server's version and the database's base tables; says clearly when it cannot connect. */
export async function inspectMariadb(target: MariadbTarget): Promise<MariadbSourceInfo> {
  const connection = await mysql
    .createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      database: target.database,
      connectTimeout: 10_000,
      ...(target.password === undefined ? {} : { password: target.password }),
    })
    .catch((error: unknown) => {
      throw new Error(
        `cannot connect to MariaDB ${target.user}@${target.host}:${target.port}/${target.database}: ${(error as Error).message}`,
      );
    });
  try {
    const [versionRows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
    const [tableRows] = await connection.query<mysql.RowDataPacket[]>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
      [target.database],
    );
    return {
      serverVersion: String(versionRows[0]?.version ?? '?'),
      tables: tableRows.map((row) => String(row.name)),
    };
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** The database: schema and data in one snapshot, binary columns as hex, no CREATE DATABASE (restorable anywhere). */
export function startMariadbDump(target: MariadbTarget): SourceProcess {
  return spawnDump(target, [
    '--single-transaction',
    '--routines',
    '--triggers',
    '--events',
    '--hex-blob',
    '--no-tablespaces',
    '--default-character-set=utf8mb4',
    '--',
    target.database,
  ]);
}

/** Users and their grants, as CREATE USER and GRANT statements. */
export function startMariadbUsersDump(target: MariadbTarget): SourceProcess {
  return spawnDump(target, ['--system=users', '--insert-ignore']);
}

function spawnDump(target: MariadbTarget, args: readonly string[]): SourceProcess {
  const connection = [
    `--host=${target.host}`,
    `--port=${target.port}`,
    `--user=${target.user}`,
    '--protocol=TCP',
  ];
  // --no-defaults first: no option file of the machine's may change what is dumped or where.
  const child = spawnTied('mariadb-dump', ['--no-defaults', ...connection, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      ...(target.password === undefined ? {} : { MYSQL_PWD: target.password }),
    },
  });
  return sourceProcess(child, `mariadb-dump ${target.user}@${target.host}:${target.port}/${target.database}`);
}
