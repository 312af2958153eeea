/** Appends entries to the intervention journal, hash-chained like the audit trail. */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { GENESIS_HASH } from '../audit/append.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { Database, Dialect } from '../store/database.js';
import type { Clock } from '../time/clock.js';
import type { JournalCategory, JournalEntriesTable } from './tables.js';

export interface JournalEntryInput {
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly actor: string;
  readonly category: JournalCategory;
  readonly hosts: readonly string[];
  readonly summary: string;
  readonly detail?: string | undefined;
  readonly result: 'ok' | 'failed';
  readonly error?: string | undefined;
}

export interface JournalDeps {
  readonly clock: Clock;
  readonly dialect: Dialect;
}

/** Appends one entry, chained to the previous one. `trx` must be a transaction (PostgreSQL locks the chain). */
export async function appendJournalEntry(
  deps: JournalDeps,
  trx: Kysely<Database>,
  input: JournalEntryInput,
): Promise<JournalEntriesTable> {
  if (deps.dialect === 'postgres') {
    await sql`SELECT pg_advisory_xact_lock(hashtext('vigie.journal_entries'))`.execute(trx);
  }
  const last = await trx
    .selectFrom('journal_entries')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unhashed: Omit<JournalEntriesTable, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    started_at: input.startedAt.toISOString(),
    ended_at: input.endedAt.toISOString(),
    duration_ms: Math.max(0, input.endedAt.getTime() - input.startedAt.getTime()),
    actor: input.actor,
    category: input.category,
    hosts: canonicalJson([...input.hosts]),
    summary: input.summary,
    detail: input.detail ?? null,
    result: input.result,
    error: input.error ?? null,
    created_at: deps.clock.now().toISOString(),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: JournalEntriesTable = { ...unhashed, hash: hashJournalRow(unhashed) };
  await trx.insertInto('journal_entries').values(row).execute();
  return row;
}

/** The SHA-256 of an entry's content and its predecessor's hash. */
export function hashJournalRow(row: Omit<JournalEntriesTable, 'hash'>): string {
  const { seq, started_at, ended_at, duration_ms, actor, category, hosts, summary, detail } = row;
  const content = canonicalJson({
    seq,
    started_at,
    ended_at,
    duration_ms,
    actor,
    category,
    hosts,
    summary,
    detail,
    result: row.result,
    error: row.error,
    created_at: row.created_at,
    prev_hash: row.prev_hash,
  });
  return createHash('sha256').update(content).digest('hex');
}
