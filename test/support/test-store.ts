/**
 * Test stores on the dialect under test (VIGIE_TEST_DIALECT=sqlite|postgres): each call gets a fresh
 * SQLite file in a temporary directory, or a fresh PostgreSQL database that `cleanup` drops.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type VigieConfig } from '../../src/config/config.js';
import type { Dialect } from '../../src/store/database.js';
import { openStore, type Store } from '../../src/store/store.js';

export const TEST_DIALECT: Dialect = process.env.VIGIE_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

/** Where tests create and drop their PostgreSQL databases. */
export const PG_ADMIN_URL =
  process.env.VIGIE_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestEnvironment {
  readonly dialect: Dialect;
  readonly dataDir: string;
  /** Set on PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** The environment a `vigie` child process needs to use this store. */
  readonly env: NodeJS.ProcessEnv;
  readonly config: VigieConfig;
  cleanup(): Promise<void>;
}

/** A data directory and, on PostgreSQL, an empty database; nothing is opened yet. */
export async function createTestEnvironment(dialect: Dialect = TEST_DIALECT): Promise<TestEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-test-'));
  const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIE_DATA_DIR: dataDir,
    VIGIE_DATABASE_URL: databaseUrl ?? '',
    VIGIE_LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env);
  return {
    dialect,
    dataDir,
    databaseUrl,
    env,
    config,
    cleanup: async () => {
      if (databaseUrl) await dropPostgresDatabase(databaseUrl);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestStore extends TestEnvironment {
  readonly store: Store;
}

/** A migrated, empty store on the dialect under test. `cleanup` closes and removes it. */
export async function createTestStore(dialect: Dialect = TEST_DIALECT): Promise<TestStore> {
  const environment = await createTestEnvironment(dialect);
  const store = await openStore(environment.config);
  return {
    ...environment,
    store,
    cleanup: async () => {
      await store.close();
      await environment.cleanup();
    },
  };
}

async function createPostgresDatabase(): Promise<string> {
  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPostgresDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^vigie_test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Runs one statement as the PostgreSQL admin in `database` (tests' source databases); returns its rows. */
export async function pgAdminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  database = 'postgres',
): Promise<T[]> {
  return withAdminClient(async (client) => (await client.query<T>(text)).rows, database);
}

async function withAdminClient<T>(
  work: (client: pg.Client) => Promise<T>,
  database = 'postgres',
): Promise<T> {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
