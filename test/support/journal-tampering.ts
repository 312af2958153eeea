/**
 * What an attacker with write access to the database can do to the intervention journal, for the tests
 * that prove `verifyJournalChain` catches it: lift the append-only triggers, then edit rows directly.
 */
import { sql } from 'kysely';
import { GENESIS_HASH } from '../../src/audit/append.js';
import { appendJournalEntry, hashJournalRow } from '../../src/journal/append.js';
import type { JournalEntriesTable } from '../../src/journal/tables.js';
import type { Store } from '../../src/store/store.js';
import type { Clock } from '../../src/time/clock.js';

/** Appends `count` entries through the real append path, one transaction each, an hour apart. */
export async function appendEntries(store: Store, clock: Clock, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const startedAt = new Date(Date.parse('2026-11-02T08:00:00.000Z') + i * 3_600_000);
    await store.transaction((trx) =>
      appendJournalEntry({ clock, dialect: store.dialect }, trx, {
        startedAt,
        endedAt: new Date(startedAt.getTime() + 90_000),
        actor: i % 2 === 0 ? 'user:alice' : 'job:facts',
        category: i % 2 === 0 ? 'maintenance' : 'operation',
        hosts: i % 3 === 0 ? ['db03'] : ['host03', 'host04'],
        summary: `intervention ${i + 1}`,
        result: i % 5 === 4 ? 'failed' : 'ok',
        error: i % 5 === 4 ? 'exit 3: disk full' : undefined,
      }),
    );
  }
}

/** Drops (SQLite) or disables (PostgreSQL) the triggers that make the journal append-only. */
export async function liftJournalGuard(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`DROP TRIGGER journal_entries_no_update`.execute(store.db);
    await sql`DROP TRIGGER journal_entries_no_delete`.execute(store.db);
  } else {
    await sql`ALTER TABLE journal_entries DISABLE TRIGGER journal_entries_append_only`.execute(store.db);
  }
}

export async function readEntry(store: Store, seq: number): Promise<JournalEntriesTable> {
  return await store.db
    .selectFrom('journal_entries')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
}

/** Rewrites one entry's columns in place, leaving its hash as it was. */
export async function alterEntry(
  store: Store,
  seq: number,
  change: Partial<Omit<JournalEntriesTable, 'seq'>>,
): Promise<void> {
  await store.db.updateTable('journal_entries').set(change).where('seq', '=', seq).execute();
}

export async function deleteEntries(store: Store, fromSeq: number, toSeq: number): Promise<void> {
  await store.db
    .deleteFrom('journal_entries')
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .execute();
}

/**
 * Rewrites entries from `fromSeq` on with `change`, recomputing every hash from there to the head:
 * a consistent forgery that the chain walk alone cannot see.
 */
export async function rewriteJournalFrom(
  store: Store,
  fromSeq: number,
  change: (row: JournalEntriesTable) => Partial<Omit<JournalEntriesTable, 'seq' | 'hash' | 'prev_hash'>>,
): Promise<void> {
  const rows = await store.db
    .selectFrom('journal_entries')
    .selectAll()
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .execute();
  const before = await store.db
    .selectFrom('journal_entries')
    .select('hash')
    .where('seq', '=', fromSeq - 1)
    .executeTakeFirst();
  let prevHash = before?.hash ?? GENESIS_HASH;
  for (const row of rows) {
    const { hash: _old, ...rest } = { ...row, ...change(row), prev_hash: prevHash };
    const hash = hashJournalRow(rest);
    await store.db
      .updateTable('journal_entries')
      .set({ ...rest, hash })
      .where('seq', '=', row.seq)
      .execute();
    prevHash = hash;
  }
}
