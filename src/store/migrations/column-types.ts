/** Column helpers for what SQLite and PostgreSQL spell differently. */
import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.js';

/** An integer id the store assigns: `INTEGER PRIMARY KEY AUTOINCREMENT` or `serial PRIMARY KEY`. */
export function autoIncrementPrimaryKey<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  column: string,
  dialect: Dialect,
): CreateTableBuilder<T, C> {
  return dialect === 'sqlite'
    ? table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn(column, 'serial', (c) => c.primaryKey());
}
