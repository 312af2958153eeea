/** Tables of the facts domain: host fact snapshots with their history, and each host's last gathering attempt. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('facts_snapshots')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('gathered_at', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('facts_snapshots_pk', ['host', 'gathered_at'])
    .execute();

  await db.schema
    .createTable('facts_attempts')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_hint', 'text')
    .execute();
}
