/** Finds a row by its id or an unambiguous prefix of it (at least 6 characters), as people type them. */
import type { Kysely } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../store/database.js';

export const MIN_ID_PREFIX = 6;

export async function findByIdPrefix<T extends 'incidents' | 'maintenance_windows'>(
  db: Kysely<Database>,
  table: T,
  idOrPrefix: string,
  noun: string,
): Promise<Database[T]> {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (wanted.length < MIN_ID_PREFIX || !/^[0-9a-f-]+$/.test(wanted)) {
    throw new AppError('BAD_INPUT', `"${idOrPrefix}" is not a ${noun} id`, {
      hint: `Give the id, or its first ${MIN_ID_PREFIX} characters or more, as the list shows it.`,
    });
  }
  // Ids are UUIDs: hex digits and dashes only, so the prefix cannot hold LIKE wildcards.
  const rows = (await db
    .selectFrom(table as 'incidents')
    .selectAll()
    .where('id', 'like', `${wanted}%`)
    .limit(2)
    .execute()) as unknown as Database[T][];
  const [first, second] = rows;
  if (first === undefined) {
    throw new AppError('NOT_FOUND', `There is no ${noun} ${idOrPrefix}`, {
      hint: 'Check the id in the list.',
    });
  }
  if (second !== undefined) {
    throw new AppError('BAD_INPUT', `"${idOrPrefix}" matches several ${noun}s`, {
      hint: 'Give more characters of the id.',
    });
  }
  return first;
}
