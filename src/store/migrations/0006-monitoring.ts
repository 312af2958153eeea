/** Monitoring: latest check states, state changes, result rollups, incidents, maintenance windows, leases. */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { autoIncrementPrimaryKey } from './column-types.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('check_states')
    .addColumn('check_id', 'text', (c) => c.primaryKey())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('fail_streak', 'integer', (c) => c.notNull())
    .addColumn('ok_streak', 'integer', (c) => c.notNull())
    .addColumn('last_status', 'text')
    .addColumn('last_message', 'text')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_at', 'text')
    .addColumn('last_metrics', 'text')
    .addColumn('flapping', 'integer', (c) => c.notNull())
    .addColumn('recent_changes', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('check_state_changes')
    .$call((table) => autoIncrementPrimaryKey(table, 'id', dialect))
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('check_state_changes_check_idx')
    .on('check_state_changes')
    .columns(['check_id', 'at'])
    .execute();

  await db.schema
    .createTable('check_rollups')
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('bucket_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('up_count', 'integer', (c) => c.notNull())
    .addColumn('degraded_count', 'integer', (c) => c.notNull())
    .addColumn('down_count', 'integer', (c) => c.notNull())
    .addColumn('latency_sum_ms', 'bigint', (c) => c.notNull())
    .addColumn('latency_min_ms', 'integer', (c) => c.notNull())
    .addColumn('latency_max_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_rollups_pk', ['check_id', 'resolution', 'bucket_start'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('object_name', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('last_message', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('ack_comment', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('suppressed_by', 'text')
    .addColumn('suppressed_label', 'text')
    .addColumn('held_by', 'text')
    .addColumn('alerted', 'integer', (c) => c.notNull())
    .addColumn('flapping', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // At most one open incident per check, whatever process (or restarted process) opens it.
  await db.schema
    .createIndex('incidents_one_open_per_check')
    .unique()
    .on('incidents')
    .column('check_id')
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
  await db.schema.createIndex('incidents_opened_idx').on('incidents').column('opened_at').execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_value', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('cron', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('time_zone', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_by', 'text')
    .execute();

  await db.schema
    .createTable('check_leases')
    .addColumn('check_id', 'text', (c) => c.primaryKey())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
