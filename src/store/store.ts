/** Opens Vigie's store: SQLite under the data directory by default, PostgreSQL when a URL is given. */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { VigieConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import type { Database, Dialect } from './database.js';
import { migrationsFor } from './migrations/index.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where the data lives, for people: a file path or a password-less URL. */
  readonly location: string;
  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'vigie.sqlite';

/** Opens the store named by the configuration, checks it answers, and brings its schema up to date. */
export async function openStore(config: Pick<VigieConfig, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  const store = config.databaseUrl ? await openPostgres(config.databaseUrl) : openSqlite(config.dataDir);
  try {
    await migrateToLatest(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  let connection: SqliteDatabase.Database;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    connection = new SqliteDatabase(file);
  } catch (cause) {
    throw new AppError(
      'STORE_UNAVAILABLE',
      `Cannot open the SQLite store at ${file}: ${(cause as Error).message}`,
      {
        hint: 'Check that the data directory (--data or VIGIE_DATA_DIR) exists and is writable by this user.',
        cause,
      },
    );
  }
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: connection }) });
  return makeStore(db, 'sqlite', file);
}

/**
 * SQLite transactions start with `BEGIN IMMEDIATE`: a plain `BEGIN` takes the write lock only at the
 * first write, and a second process (the CLI beside `vigie serve`) would then fail with "database is
 * busy" instead of waiting its turn through `busy_timeout`.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #driverConfig: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#driverConfig = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#driverConfig);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

async function openPostgres(url: string): Promise<Store> {
  const location = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new AppError(
      'STORE_UNAVAILABLE',
      `Cannot reach PostgreSQL at ${location}: ${(cause as Error).message}`,
      {
        hint: 'Check VIGIE_DATABASE_URL (host, port, database, user) and that the server is running and accepts this user.',
        cause,
      },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return makeStore(db, 'postgres', location);
}

function makeStore(db: Kysely<Database>, dialect: Dialect, location: string): Store {
  return {
    db,
    dialect,
    location,
    transaction: (work) => db.transaction().execute(work),
    close: () => db.destroy(),
  };
}

async function migrateToLatest(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrationsFor(store.dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError(
      'STORE_UNAVAILABLE',
      `Store migration ${failed} failed on ${store.location}: ${String(error)}`,
      {
        hint: 'The store was left at its previous schema version. Check the database permissions, then start again.',
        cause: error,
      },
    );
  }
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
