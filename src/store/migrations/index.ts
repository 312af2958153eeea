/** Every migration, in order. Add a file and a line here; never edit a migration that has shipped. */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.js';
import * as foundation from './0001-foundation.js';
import * as remoteAndJournal from './0002-remote-and-journal.js';
import * as facts from './0003-facts.js';
import * as metrics from './0004-metrics.js';
import * as updates from './0005-updates.js';
import * as monitoring from './0006-monitoring.js';
import * as alerting from './0007-alerting.js';
import * as backup from './0008-backup.js';

interface DialectMigration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations see the schema as it was at their time.
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

const migrations: Record<string, DialectMigration> = {
  '0001-foundation': foundation,
  '0002-remote-and-journal': remoteAndJournal,
  '0003-facts': facts,
  '0004-metrics': metrics,
  '0005-updates': updates,
  '0006-monitoring': monitoring,
  '0007-alerting': alerting,
  '0008-backup': backup,
};

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, migration]) => [name, { up: (db) => migration.up(db, dialect) }]),
  );
}
