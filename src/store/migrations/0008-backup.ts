/** Tables of the backup domain: repositories, the catalog of runs, restore drills. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('backup_repositories')
    .addColumn('destination', 'text', (c) => c.primaryKey())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('password_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('backup_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('taken_at', 'text')
    .addColumn('duration_ms', 'bigint')
    .addColumn('artifacts', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint')
    .addColumn('added_bytes', 'bigint')
    .addColumn('source_version', 'text')
    .addColumn('tool_version', 'text')
    .addColumn('row_counts', 'text')
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('copies', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backup_runs_source_idx')
    .on('backup_runs')
    .columns(['source', 'started_at'])
    .execute();
  await db.schema.createIndex('backup_runs_status_idx').on('backup_runs').columns(['status']).execute();

  await db.schema
    .createTable('backup_drills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('restore_ms', 'bigint')
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('worker', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backup_drills_source_idx')
    .on('backup_drills')
    .columns(['source', 'started_at'])
    .execute();
}
