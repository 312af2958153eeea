import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestEnvironment,
  createTestStore,
  TEST_DIALECT,
  type TestStore,
} from '../../test/support/test-store.js';
import { loadConfig } from '../config/config.js';
import { openStore } from './store.js';

describe(`store on ${TEST_DIALECT}`, () => {
  let testStore: TestStore | undefined;
  afterEach(async () => {
    await testStore?.cleanup();
    testStore = undefined;
  });

  it('migrates a new store and reopens it without migrating twice', async () => {
    testStore = await createTestStore();
    const tables = await testStore.store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['inventory_objects', 'users', 'sessions', 'api_tokens', 'audit_events']),
    );
    const again = await openStore(testStore.config);
    await again.close();
  });

  it('rolls back every statement of a failed transaction', async () => {
    testStore = await createTestStore();
    const { store } = testStore;
    await expect(
      store.transaction(async (trx) => {
        await trx
          .insertInto('inventory_revisions')
          .values({ applied_at: 'x', actor: 'test', summary: '{}', changes: '[]', digest: 'd' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const count = await store.db
      .selectFrom('inventory_revisions')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses to update or delete audit rows', async () => {
    testStore = await createTestStore();
    const { store } = testStore;
    await store.db
      .insertInto('audit_events')
      .values({
        seq: 1,
        at: 'now',
        actor: 'a',
        action: 'x',
        target_kind: null,
        target_key: null,
        before: null,
        after: null,
        meta: null,
        prev_hash: '0',
        hash: 'h',
      })
      .execute();
    await expect(store.db.updateTable('audit_events').set({ actor: 'b' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });
});

describe('store errors', () => {
  it('names an unreachable PostgreSQL server without its password', async () => {
    const config = loadConfig({ VIGIE_DATABASE_URL: 'postgres://vigie:s3cret@127.0.0.1:1/vigie' });
    const error = await openStore(config).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(String((error as Error).message)).toContain('127.0.0.1:1');
    expect(String((error as Error).message)).not.toContain('s3cret');
  });

  it('creates the SQLite file under the data directory', async () => {
    const environment = await createTestEnvironment('sqlite');
    const store = await openStore(environment.config);
    expect(store.location).toContain(environment.dataDir);
    await store.close();
    await environment.cleanup();
  });
});
