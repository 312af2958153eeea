import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendEvents,
  deleteRows,
  forgeRow,
  liftAppendOnlyGuard,
  readRow,
  rewriteChainFrom,
  steppingClock,
} from '../../test/support/audit-tampering.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { appendAuditEvent, GENESIS_HASH, hashAuditRow } from './append.js';
import { verifyAuditChain } from './verify.js';

describe(`audit chain verification on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await createTestStore();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  it('finds an empty trail intact', async () => {
    const result = await verifyAuditChain(testStore.store.db);
    expect(result).toMatchObject({ ok: true, count: 0, length: 0, headHash: GENESIS_HASH, findingCount: 0 });
  });

  it('finds 1000 appended events intact, whatever the batch size', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 1000);
    const head = await readRow(store, 1000);
    for (const batchSize of [1000, 7, 1]) {
      const result = await verifyAuditChain(store.db, { batchSize });
      expect(result).toMatchObject({
        ok: true,
        count: 1000,
        length: 1000,
        headHash: head.hash,
        findings: [],
      });
    }
  });

  it('names an altered row: its seq, time, actor and action', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 50);
    await liftAppendOnlyGuard(store);
    const original = await readRow(store, 23);
    await store.db
      .updateTable('audit_events')
      .set({ after: '{"memory":"64GiB"}' })
      .where('seq', '=', 23)
      .execute();
    const result = await verifyAuditChain(store.db, { batchSize: 10 });
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'altered',
        seq: 23,
        at: original.at,
        actor: original.actor,
        action: original.action,
      }),
    ]);
    expect(result.findings[0]?.message).toContain(
      `row 23 (${original.at}, ${original.actor}, ${original.action}) was altered`,
    );
  });

  it('names a deleted row in the middle, and deleted first rows', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 30);
    await liftAppendOnlyGuard(store);
    await deleteRows(store, 11, 11);
    await deleteRows(store, 20, 22);
    await deleteRows(store, 1, 2);
    const result = await verifyAuditChain(store.db, { batchSize: 4 });
    expect(result.findings.map(({ kind, seq, toSeq }) => ({ kind, seq, toSeq }))).toEqual([
      { kind: 'deleted', seq: 1, toSeq: 2 },
      { kind: 'deleted', seq: 11, toSeq: 11 },
      { kind: 'deleted', seq: 20, toSeq: 22 },
    ]);
    expect(result.findings[2]?.message).toBe('rows 20..22 deleted: row 23 follows row 19');
    expect(result.count).toBe(24);
  });

  it('passes when the newest rows are deleted: only a checkpoint can see that', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 20);
    await liftAppendOnlyGuard(store);
    await deleteRows(store, 18, 20);
    const result = await verifyAuditChain(store.db);
    expect(result).toMatchObject({ ok: true, length: 17 });
  });

  it('names a forged row put in place of a deleted one, even with a correct hash', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 20);
    await liftAppendOnlyGuard(store);
    const original = await readRow(store, 10);
    await deleteRows(store, 10, 10);
    const { hash: _ignored, ...fields } = { ...original, actor: 'user:mallory' };
    await store.db.insertInto('audit_events').values(forgeRow(fields)).execute();
    const result = await verifyAuditChain(store.db);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'inserted', seq: 10, actor: 'user:mallory', action: original.action }),
    ]);
    expect(result.findings[0]?.message).toContain('row 11 was chained to a different row 10');
  });

  it('names rows inserted outside the chain: before its start, or at its end with a wrong link', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 5);
    const base = {
      at: '2026-03-01T09:00:00.000Z',
      actor: 'user:mallory',
      action: 'user.add',
      target_kind: null,
      target_key: null,
      before: null,
      after: null,
      meta: null,
    };
    await store.db
      .insertInto('audit_events')
      .values(forgeRow({ ...base, seq: 0, prev_hash: GENESIS_HASH }))
      .execute();
    await store.db
      .insertInto('audit_events')
      .values({ ...base, seq: 6, prev_hash: GENESIS_HASH, hash: 'f'.repeat(64) })
      .execute();
    const result = await verifyAuditChain(store.db);
    expect(result.findings.map(({ kind, seq }) => ({ kind, seq }))).toEqual([
      { kind: 'inserted', seq: 0 },
      { kind: 'altered', seq: 6 },
    ]);
    expect(result.count).toBe(6);
  });

  it('cannot see, on its own, a chain rewritten consistently (checkpoints do: see checkpoint.test.ts)', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 12);
    await liftAppendOnlyGuard(store);
    await rewriteChainFrom(store, 4, () => ({ actor: 'user:mallory' }));
    // Re-hashed from row 4 on, the chain holds together: no checkpoint, nothing to compare with.
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it('reports every finding up to the cap, and counts the rest', async () => {
    const { store } = testStore;
    await appendEvents(store, steppingClock(), 40);
    await liftAppendOnlyGuard(store);
    await store.db.updateTable('audit_events').set({ actor: 'user:mallory' }).where('seq', '>', 10).execute();
    const result = await verifyAuditChain(store.db, { maxFindings: 5 });
    expect(result.findings).toHaveLength(5);
    expect(result.findingCount).toBe(30);
    expect(result.findings.map((f) => f.seq)).toEqual([11, 12, 13, 14, 15]);
  });

  it('never forks the chain under 20 concurrent appending transactions', async () => {
    const { store } = testStore;
    const clock = steppingClock();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction(async (trx) => {
          await appendAuditEvent({ clock, dialect: store.dialect }, trx, {
            actor: `user:u${i}`,
            action: 'auth.login',
          });
          await appendAuditEvent({ clock, dialect: store.dialect }, trx, {
            actor: `user:u${i}`,
            action: 'auth.logout',
          });
        }),
      ),
    );
    const result = await verifyAuditChain(store.db);
    expect(result).toMatchObject({ ok: true, count: 40, length: 40 });
    // Each transaction's two events are adjacent: appenders were serialised, not interleaved.
    const rows = await store.db
      .selectFrom('audit_events')
      .select(['seq', 'actor', 'action'])
      .orderBy('seq')
      .execute();
    for (let i = 0; i < rows.length; i += 2) expect(rows[i]?.actor).toBe(rows[i + 1]?.actor);
  });

  it('verifies 100k rows in seconds (about 2 s on an idle 2-core host)', async () => {
    const { store } = testStore;
    let prevHash = GENESIS_HASH;
    const total = 100_000;
    for (let start = 1; start <= total; start += 500) {
      const rows = [];
      for (let seq = start; seq < start + 500; seq += 1) {
        const unhashed = {
          seq,
          at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
          actor: 'cli:root',
          action: 'inventory.apply',
          target_kind: 'vm',
          target_key: `vm-${seq % 10}`,
          before: '{"memory":"8GiB"}',
          after: '{"memory":"16GiB"}',
          meta: null,
          prev_hash: prevHash,
        };
        const row = { ...unhashed, hash: hashAuditRow(unhashed) };
        prevHash = row.hash;
        rows.push(row);
      }
      await store.db.insertInto('audit_events').values(rows).execute();
    }
    const started = performance.now();
    const result = await verifyAuditChain(store.db);
    const elapsed = performance.now() - started;
    console.log(`verified ${total} rows on ${TEST_DIALECT} in ${Math.round(elapsed)} ms`);
    expect(result).toMatchObject({ ok: true, count: total, headHash: prevHash });
    // Generous: the test hosts are shared; the point is seconds, not minutes.
    expect(elapsed).toBeLessThan(30_000);
  }, 120_000);
});
