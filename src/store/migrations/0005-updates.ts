/** Tables of the updates domain: checks and their pending updates, security sightings, the security feed. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('update_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('manager', 'text')
    .addColumn('os', 'text')
    .addColumn('refreshed', 'integer', (c) => c.notNull())
    .addColumn('reboot_required', 'integer', (c) => c.notNull())
    .addColumn('reboot_packages', 'text', (c) => c.notNull())
    .addColumn('pending_count', 'integer', (c) => c.notNull())
    .addColumn('security_count', 'integer', (c) => c.notNull())
    .addColumn('cve_count', 'integer', (c) => c.notNull())
    .addColumn('max_urgency', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_hint', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('update_checks_host_idx')
    .on('update_checks')
    .columns(['host', 'checked_at'])
    .execute();

  await db.schema
    .createTable('pending_updates')
    .addColumn('check_id', 'text', (c) => c.notNull().references('update_checks.id'))
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('architecture', 'text', (c) => c.notNull())
    .addColumn('current_version', 'text')
    .addColumn('candidate_version', 'text', (c) => c.notNull())
    .addColumn('source_package', 'text', (c) => c.notNull())
    .addColumn('origins', 'text', (c) => c.notNull())
    .addColumn('security', 'integer', (c) => c.notNull())
    .addColumn('cves', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('needs_reboot', 'integer', (c) => c.notNull())
    .addColumn('reboot_reason', 'text')
    .addPrimaryKeyConstraint('pending_updates_pk', ['check_id', 'package', 'architecture'])
    .execute();

  await db.schema
    .createTable('security_update_sightings')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addPrimaryKeyConstraint('security_update_sightings_pk', ['host', 'package', 'first_seen_at'])
    .execute();

  await db.schema
    .createTable('security_feed_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('releases', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('security_feed_entries')
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('source_package', 'text', (c) => c.notNull())
    .addColumn('cve', 'text', (c) => c.notNull())
    .addColumn('fixed_version', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('security_feed_entries_pk', ['release', 'source_package', 'cve'])
    .execute();
}
