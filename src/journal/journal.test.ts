import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { GENESIS_HASH } from '../audit/append.js';
import { systemClock } from '../time/clock.js';
import { appendJournalEntry, hashJournalRow } from './append.js';
import { listJournalEntries } from './list-entries.js';

describe(`intervention journal on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await createTestStore();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  const append = (hosts: string[], summary: string, startedAt = '2026-11-02T08:00:00.000Z') =>
    testStore.store.transaction((trx) =>
      appendJournalEntry({ clock: systemClock, dialect: testStore.store.dialect }, trx, {
        startedAt: new Date(startedAt),
        endedAt: new Date(new Date(startedAt).getTime() + 1500),
        actor: 'user:alice',
        category: 'maintenance',
        hosts,
        summary,
        result: 'ok',
      }),
    );

  it('chains entries and filters them by host, date and category', async () => {
    const first = await append(['db03'], 'vacuum', '2026-11-01T08:00:00.000Z');
    const second = await append(['host03', 'host04'], 'reboot');
    await append(['db03_x'], 'other host with a LIKE wildcard in its name');
    expect(first.prev_hash).toBe(GENESIS_HASH);
    expect(second.prev_hash).toBe(first.hash);
    const { hash, ...rest } = second;
    expect(hashJournalRow(rest)).toBe(hash);
    expect(second.duration_ms).toBe(1500);

    const db = testStore.store.db;
    expect((await listJournalEntries(db, { host: 'db03' })).map((e) => e.summary)).toEqual(['vacuum']);
    expect((await listJournalEntries(db, { host: 'host04' })).map((e) => e.hosts)).toEqual([
      ['host03', 'host04'],
    ]);
    expect((await listJournalEntries(db, { since: '2026-11-02T00:00:00.000Z' })).length).toBe(2);
    expect((await listJournalEntries(db, { category: 'incident' })).length).toBe(0);
    expect((await listJournalEntries(db, { limit: 1 }))[0]?.seq).toBe(3);
  });

  it('refuses updates and deletions in the store itself', async () => {
    await append(['db03'], 'vacuum');
    const db = testStore.store.db;
    await expect(
      db.updateTable('journal_entries').set({ summary: 'nothing happened' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('journal_entries').execute()).rejects.toThrow(/append-only/);
    expect((await listJournalEntries(db))[0]?.summary).toBe('vacuum');
  });
});
