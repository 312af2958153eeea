/**
 * Multi-row upserts written as SQL once per dialect instead of built by Kysely per batch: the query
 * builder's nodes and compilation were a good part of the monitor's write path. SQLite gets one
 * `(?, ...)` tuple per row; PostgreSQL gets one array per column through `unnest`, so its text is the
 * same whatever the number of rows (and the parameters stay far below its 65,535 bound).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';

export interface UpsertShape {
  readonly table: string;
  /** Column names and their PostgreSQL types, in the order rows give their values. */
  readonly columns: readonly (readonly [name: string, pgType: 'text' | 'integer' | 'bigint'])[];
  /** `on conflict (...)` columns. */
  readonly conflict: readonly string[];
  /** `do update set` assignments, in SQL: `count = check_rollups.count + excluded.count`. */
  readonly set: readonly string[];
}

export interface BatchUpsert {
  /** Writes `rows` (each its values in column order) in one statement. */
  run(trx: Kysely<Database>, rows: readonly (readonly unknown[])[]): Promise<void>;
}

export function batchUpsert(shape: UpsertShape, dialect: Store['dialect']): BatchUpsert {
  const names = shape.columns.map(([name]) => name).join(', ');
  const tail = `on conflict (${shape.conflict.join(', ')}) do update set ${shape.set.join(', ')}`;
  if (dialect === 'postgres') {
    const arrays = shape.columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
    const text = `insert into ${shape.table} (${names}) select * from unnest(${arrays}) ${tail}`;
    return {
      run: async (trx, rows) => {
        if (rows.length === 0) return;
        const columns = shape.columns.map((_, index) => rows.map((row) => row[index]));
        await trx.executeQuery(CompiledQuery.raw(text, columns));
      },
    };
  }
  const tuple = `(${shape.columns.map(() => '?').join(', ')})`;
  const head = `insert into ${shape.table} (${names}) values `;
  return {
    run: async (trx, rows) => {
      if (rows.length === 0) return;
      const text = `${head}${new Array<string>(rows.length).fill(tuple).join(', ')} ${tail}`;
      await trx.executeQuery(CompiledQuery.raw(text, rows.flat()));
    },
  };
}
