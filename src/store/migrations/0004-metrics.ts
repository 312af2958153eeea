/** Host metrics: raw samples, hourly rollups, and the outcome of each host's last collection. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // `double precision` is REAL on SQLite and float8 on PostgreSQL: both read back as JS numbers.
  const measure = 'double precision';

  await db.schema
    .createTable('metric_host_samples')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('cpu_percent', measure, (c) => c.notNull())
    .addColumn('cpu_count', 'integer', (c) => c.notNull())
    .addColumn('load1', measure, (c) => c.notNull())
    .addColumn('load5', measure, (c) => c.notNull())
    .addColumn('load15', measure, (c) => c.notNull())
    .addColumn('memory_total_bytes', measure, (c) => c.notNull())
    .addColumn('memory_used_bytes', measure, (c) => c.notNull())
    .addColumn('swap_total_bytes', measure, (c) => c.notNull())
    .addColumn('swap_used_bytes', measure, (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_host_samples_pk', ['host', 'at'])
    .execute();
  await db.schema.createIndex('metric_host_samples_at_idx').on('metric_host_samples').column('at').execute();

  await db.schema
    .createTable('metric_filesystem_samples')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('mountpoint', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('fstype', 'text', (c) => c.notNull())
    .addColumn('size_bytes', measure, (c) => c.notNull())
    .addColumn('used_bytes', measure, (c) => c.notNull())
    .addColumn('available_bytes', measure, (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_filesystem_samples_pk', ['host', 'mountpoint', 'at'])
    .execute();
  await db.schema
    .createIndex('metric_filesystem_samples_at_idx')
    .on('metric_filesystem_samples')
    .column('at')
    .execute();

  await db.schema
    .createTable('metric_host_hourly')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('cpu_min', measure, (c) => c.notNull())
    .addColumn('cpu_avg', measure, (c) => c.notNull())
    .addColumn('cpu_max', measure, (c) => c.notNull())
    .addColumn('cpu_count', 'integer', (c) => c.notNull())
    .addColumn('load1_avg', measure, (c) => c.notNull())
    .addColumn('load1_max', measure, (c) => c.notNull())
    .addColumn('load5_avg', measure, (c) => c.notNull())
    .addColumn('load15_avg', measure, (c) => c.notNull())
    .addColumn('memory_total_bytes', measure, (c) => c.notNull())
    .addColumn('memory_used_min', measure, (c) => c.notNull())
    .addColumn('memory_used_avg', measure, (c) => c.notNull())
    .addColumn('memory_used_max', measure, (c) => c.notNull())
    .addColumn('swap_total_bytes', measure, (c) => c.notNull())
    .addColumn('swap_used_min', measure, (c) => c.notNull())
    .addColumn('swap_used_avg', measure, (c) => c.notNull())
    .addColumn('swap_used_max', measure, (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_host_hourly_pk', ['host', 'hour'])
    .execute();

  await db.schema
    .createTable('metric_filesystem_hourly')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('mountpoint', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', measure, (c) => c.notNull())
    .addColumn('used_min', measure, (c) => c.notNull())
    .addColumn('used_avg', measure, (c) => c.notNull())
    .addColumn('used_max', measure, (c) => c.notNull())
    .addColumn('capacity_bytes', measure, (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_filesystem_hourly_pk', ['host', 'mountpoint', 'hour'])
    .execute();

  await db.schema
    .createTable('metric_collections')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('last_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('last_result', 'text', (c) => c.notNull())
    .addColumn('last_error_code', 'text')
    .addColumn('last_error', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
}
