/**
 * The database side of a real restore: what a target database holds (is restoring there destructive?),
 * a fresh side database shaped like the target, and the swap that puts the restored copy in place
 * within one short step, keeping the previous database until the restore has succeeded.
 */
import type mysql from 'mysql2/promise';
import type pg from 'pg';
import { postgresServerMajor, withMariadb, withPostgres } from './database-session.js';
import type { DrillServer } from './drill.js';
import type { MariadbTarget } from './sources/mariadb.js';
import type { PostgresTarget } from './sources/postgres.js';

export interface DatabaseState {
  readonly exists: boolean;
  /** Tables and views outside the system schemas. */
  readonly tables: number;
  /** MariaDB: what cannot move between databases (views, triggers, routines, events), by kind. */
  readonly unmovable: readonly string[];
}

export interface DatabaseTargetEngine {
  readonly serverMajor: () => Promise<number>;
  inspect(database: string): Promise<DatabaseState>;
  /** Creates `database`, with the owner, encoding and collation of `like` when it exists. */
  create(database: string, like: string | undefined): Promise<void>;
  /** `target` becomes `previous` and `restored` becomes `target`, in one step. */
  swap(target: string, restored: string, previous: string): Promise<void>;
  drop(database: string): Promise<void>;
}

/** Names Vigie gives: at most 63 bytes (PostgreSQL's limit), the target's name first. */
export function sideDatabaseName(
  target: string,
  purpose: 'restore' | 'before_restore',
  stamp: string,
): string {
  const suffix = `_${purpose}_${stamp}`;
  return `${target.slice(0, 63 - suffix.length)}${suffix}`;
}

export function databaseTargetEngine(server: DrillServer): DatabaseTargetEngine {
  return server.kind === 'postgresql' ? postgresTarget(server.target) : mariadbTarget(server.target);
}

function postgresTarget(server: PostgresTarget): DatabaseTargetEngine {
  const connect = <T>(database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> =>
    withPostgres(server, database, 'vigie-restore', fn);
  const admin = server.database;
  return {
    serverMajor: () => connect(admin, postgresServerMajor),
    inspect: async (database) => {
      const exists = await connect(admin, async (client) => {
        const rows = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        return rows.rowCount === 1;
      });
      if (!exists) return { exists, tables: 0, unmovable: [] };
      const tables = await connect(database, async (client) => {
        const rows = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
        );
        return Number(rows.rows[0]?.n ?? 0);
      });
      return { exists, tables, unmovable: [] };
    },
    create: (database, like) =>
      connect(admin, async (client) => {
        const shape =
          like === undefined
            ? undefined
            : (
                await client.query<{ owner: string; encoding: string; collate: string; ctype: string }>(
                  `SELECT pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS encoding,
                          datcollate AS collate, datctype AS ctype
                     FROM pg_database WHERE datname = $1`,
                  [like],
                )
              ).rows[0];
        const options =
          shape === undefined
            ? ''
            : ` TEMPLATE template0 OWNER ${client.escapeIdentifier(shape.owner)} ENCODING ${client.escapeLiteral(shape.encoding)}` +
              ` LC_COLLATE ${client.escapeLiteral(shape.collate)} LC_CTYPE ${client.escapeLiteral(shape.ctype)}`;
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${options}`);
      }),
    swap: (target, restored, previous) =>
      connect(admin, async (client) => {
        const id = (name: string) => client.escapeIdentifier(name);
        // No new session may open on the target while its sessions are ended and the names change.
        await client.query(`ALTER DATABASE ${id(target)} WITH ALLOW_CONNECTIONS false`);
        try {
          for (let attempt = 1; ; attempt += 1) {
            await client.query(
              'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
              [[target, restored]],
            );
            try {
              // Renaming databases is transactional: both names change, or neither does.
              await client.query('BEGIN');
              await client.query(`ALTER DATABASE ${id(target)} RENAME TO ${id(previous)}`);
              await client.query(`ALTER DATABASE ${id(restored)} RENAME TO ${id(target)}`);
              await client.query('COMMIT');
              return;
            } catch (error) {
              await client.query('ROLLBACK').catch(() => undefined);
              // A session that was ending may still hold the database for a moment.
              if (attempt >= 10 || (error as { code?: string }).code !== '55006') throw error;
              await new Promise((resolve) => setTimeout(resolve, 200));
            }
          }
        } catch (error) {
          await client
            .query(`ALTER DATABASE ${id(target)} WITH ALLOW_CONNECTIONS true`)
            .catch(() => undefined);
          throw error;
        }
      }),
    drop: (database) =>
      connect(admin, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

function mariadbTarget(server: MariadbTarget): DatabaseTargetEngine {
  const connect = <T>(fn: (c: mysql.Connection) => Promise<T>): Promise<T> =>
    withMariadb(server, undefined, fn);
  const id = (name: string) => `\`${name.replaceAll('`', '``')}\``;
  const count = async (c: mysql.Connection, sql: string, database: string): Promise<number> => {
    const [rows] = await c.query<mysql.RowDataPacket[]>(sql, [database]);
    return Number(rows[0]?.n ?? 0);
  };
  return {
    serverMajor: async () => 0,
    inspect: (database) =>
      connect(async (c) => {
        const exists =
          (await count(
            c,
            'SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
            database,
          )) > 0;
        if (!exists) return { exists, tables: 0, unmovable: [] };
        const tables = await count(
          c,
          'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
          database,
        );
        const unmovable: string[] = [];
        const kinds: Array<[string, string]> = [
          [
            'views',
            "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'VIEW'",
          ],
          ['triggers', 'SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?'],
          ['routines', 'SELECT COUNT(*) AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?'],
          ['events', 'SELECT COUNT(*) AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?'],
        ];
        for (const [kind, sql] of kinds) {
          const n = await count(c, sql, database);
          if (n > 0) unmovable.push(`${n} ${kind}`);
        }
        return { exists, tables, unmovable };
      }),
    create: (database, like) =>
      connect(async (c) => {
        const [rows] =
          like === undefined
            ? [[] as mysql.RowDataPacket[]]
            : await c.query<mysql.RowDataPacket[]>(
                'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
                [like],
              );
        const shape = rows[0];
        const options =
          shape === undefined
            ? ''
            : ` CHARACTER SET ${c.escape(String(shape.charset))} COLLATE ${c.escape(String(shape.collation))}`;
        await c.query(`CREATE DATABASE ${id(database)}${options}`);
      }),
    swap: (target, restored, previous) =>
      connect(async (c) => {
        const tablesOf = async (database: string) => {
          const [rows] = await c.query<mysql.RowDataPacket[]>(
            "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
            [database],
          );
          return rows.map((row) => String(row.name));
        };
        const [current, incoming] = [await tablesOf(target), await tablesOf(restored)];
        await c.query(`CREATE DATABASE ${id(previous)}`);
        const moves = [
          ...current.map((t) => `${id(target)}.${id(t)} TO ${id(previous)}.${id(t)}`),
          ...incoming.map((t) => `${id(restored)}.${id(t)} TO ${id(target)}.${id(t)}`),
        ];
        // One RENAME TABLE statement is atomic: every table moves, or none does.
        if (moves.length > 0) {
          await c.query(`RENAME TABLE ${moves.join(', ')}`).catch(async (error: unknown) => {
            await c.query(`DROP DATABASE IF EXISTS ${id(previous)}`).catch(() => undefined);
            throw error;
          });
        }
        await c.query(`DROP DATABASE ${id(restored)}`);
      }),
    drop: (database) =>
      connect((c) => c.query(`DROP DATABASE IF EXISTS ${id(database)}`)).then(() => undefined),
  };
}
