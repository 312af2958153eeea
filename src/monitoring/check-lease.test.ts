import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { leaseHolders, storeCheckLease } from './check-lease.js';

describe(`check leases shared by workers on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await createTestStore();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  it('gives each check to one worker, renews, hands a dead worker’s checks over, and releases on stop', async () => {
    const clock = manualClock();
    const deps = { store: testStore.store, clock };
    const a = storeCheckLease(deps, { workerId: 'a', ttlMs: 30_000, maxChecks: 3 });
    const b = storeCheckLease(deps, { workerId: 'b', ttlMs: 30_000 });
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const [mineA, mineB] = await Promise.all([a.claim(ids), b.claim(ids)]);
    expect([...mineA, ...mineB].sort()).toEqual(ids);
    expect([...mineA].filter((id) => mineB.has(id))).toEqual([]);

    clock.advance(20_000);
    const renewedB = await b.claim(ids);
    expect([...renewedB].sort()).toEqual([...mineB].sort());
    // Worker a stops renewing: once its leases expire, b takes its checks over.
    clock.advance(15_000);
    expect([...(await b.claim(ids))].sort()).toEqual(ids);
    expect(new Set((await leaseHolders(testStore.store)).values())).toEqual(new Set(['b']));
    expect((await a.claim(ids)).size).toBe(0);

    await b.release();
    expect((await leaseHolders(testStore.store)).size).toBe(0);
    expect((await a.claim(ids)).size).toBe(3);
  });
});
