/**
 * What the monitor writes later to spare the store (routine latest states, rollup increments until
 * their minute or slice of the hour ends) against what it must never lose: a crash between flushes
 * keeps every state change, incident and alert; rollups written late add up to the same rows, history
 * and SLA as rollups written at once; the stored latest state lags by a bounded time only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAvailability } from '../../src/monitoring/availability.js';
import type { CheckDefinition } from '../../src/monitoring/check-definition.js';
import { checkHistory } from '../../src/monitoring/check-history.js';
import { MonitorCore } from '../../src/monitoring/monitor-core.js';
import { lastWriteOf, loadRestoredChecks, presumedLastRun } from '../../src/monitoring/monitor-store.js';
import { ROLLUP_SPREAD_MS } from '../../src/monitoring/pending-writes.js';
import { writePending } from '../../src/monitoring/result-writer.js';
import type { ProbeResult } from '../../src/probes/probe.js';
import { manualClock } from '../support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';
import { checkDef, down, recordingSink } from './check-builders.js';

const INTERVAL_MS = 30_000;
const REFRESH_MS = 60_000;

const site = (i: number): CheckDefinition =>
  checkDef(`website/site-${i}/http`, {
    kind: 'http',
    options: { url: `https://site-${i}.test/` },
    host: `web${i % 3}`,
    policy: { intervalMs: INTERVAL_MS, retries: 1, recoveries: 2 },
  });

const upIn = (latencyMs: number): ProbeResult => ({
  status: 'up',
  latencyMs,
  message: `HTTP 200 in ${latencyMs} ms`,
});

describe(`deferred monitor writes on ${TEST_DIALECT}`, () => {
  let stores: TestStore[];
  beforeEach(() => {
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.cleanup();
  });
  const newStore = async (): Promise<TestStore> => {
    const store = await createTestStore();
    stores.push(store);
    return store;
  };

  /** A monitor over `checks` writing into a fresh store, flushed the way `vigie monitor` flushes. */
  const monitorOn = async (checks: readonly CheckDefinition[], start = '2026-11-28T10:00:00.000Z') => {
    const testStore = await newStore();
    const clock = manualClock(start);
    const alerts = recordingSink();
    const core = new MonitorCore({ stateRefreshMs: REFRESH_MS });
    core.setChecks(checks);
    const deps = { store: testStore.store, clock, alerts };
    return {
      testStore,
      clock,
      alerts,
      core,
      /** The periodic flush: only what is due now. */
      flushDue: () => writePending(deps, core, core.takePending(clock.now().getTime())),
      /** An explicit flush or a stop: everything. */
      flushAll: () => writePending(deps, core, core.takePending()),
      stored: (id: string) =>
        testStore.store.db
          .selectFrom('check_states')
          .selectAll()
          .where('check_id', '=', id)
          .executeTakeFirst(),
    };
  };

  it('keeps every state change, incident and alert across a crash between flushes', async () => {
    const checks = [site(0), site(1)];
    const [steady, failing] = checks as [CheckDefinition, CheckDefinition];
    const monitor = await monitorOn(checks);
    // Both UP and written; then steady UP results that only move the time and latency.
    for (let second = 0; second < 100; second += 1) {
      if (second % 30 === 0) {
        monitor.core.record(steady.id, upIn(10 + second), monitor.clock.now().getTime());
        monitor.core.record(
          failing.id,
          second < 60 ? upIn(20) : down('HTTP 503 from https://site-1.test/'),
          monitor.clock.now().getTime(),
        );
      }
      monitor.clock.advance(1000);
      await monitor.flushDue();
    }
    // failing: UP at 0 and 30 s, then DOWN results at 60 and 90 s: one retry, so DOWN at 90 s.
    // The periodic flush wrote that at once; then the monitor is killed: no final flush.
    const restored = await loadRestoredChecks(monitor.testStore.store.db, [steady.id, failing.id]);
    const failed = restored.get(failing.id);
    expect(failed?.state.state).toBe('down');
    expect(failed?.state.failStreak).toBe(2);
    expect(failed?.incident?.severity).toBe('critical');
    const changes = await monitor.testStore.store.db
      .selectFrom('check_state_changes')
      .select(['check_id', 'to_state'])
      .orderBy('id')
      .execute();
    expect(changes).toEqual([
      { check_id: steady.id, to_state: 'up' },
      { check_id: failing.id, to_state: 'up' },
      { check_id: failing.id, to_state: 'down' },
    ]);
    expect(monitor.alerts.events.map((event) => `${event.kind} ${event.subject.checkId}`)).toEqual([
      `incident_opened ${failing.id}`,
    ]);
    // The steady check's row lags, by less than the refresh time plus one flush.
    const row = restored.get(steady.id);
    expect(row?.state.state).toBe('up');
    expect(monitor.core.get(steady.id)?.state.lastAtMs).toBe(Date.parse('2026-11-28T10:01:30.000Z'));
    // Its result at 30 s waited; the flush at 90 s, when it was due, wrote the state as it was then (60 s).
    expect(row?.state.lastAtMs).toBe(Date.parse('2026-11-28T10:01:00.000Z'));
    // A restart presumes it kept running on its phase until the last write of any row: it is not
    // taken for overdue (which would run every such check at once after a restart).
    if (row === undefined) throw new Error('no stored row for the steady check');
    expect(presumedLastRun(row, INTERVAL_MS, lastWriteOf(restored))).toBe(
      monitor.core.get(steady.id)?.state.lastAtMs,
    );
    if (failed === undefined) throw new Error('no stored row for the failing check');
    expect(presumedLastRun(failed, INTERVAL_MS, lastWriteOf(restored))).toBe(failed.state.lastAtMs);
  });

  it('lets the stored latest state lag by at most the refresh time, and writes it all on a full flush', async () => {
    const check = site(2);
    const monitor = await monitorOn([check]);
    let worstLagMs = 0;
    let writes = 0;
    let lastWritten: string | null | undefined;
    for (let second = 0; second < 600; second += 1) {
      if (second % 30 === 0) monitor.core.record(check.id, upIn(second % 97), monitor.clock.now().getTime());
      monitor.clock.advance(1000);
      await monitor.flushDue();
      const row = await monitor.stored(check.id);
      if (row?.last_at !== lastWritten) {
        writes += 1;
        lastWritten = row?.last_at;
      }
      const latest = monitor.core.get(check.id)?.state.lastAtMs ?? 0;
      const storedAt = row?.last_at === null || row === undefined ? 0 : Date.parse(row.last_at);
      worstLagMs = Math.max(worstLagMs, latest - storedAt);
    }
    // 20 results, written about one in two (at 30 s intervals and a 60 s refresh).
    expect(worstLagMs).toBeGreaterThan(0);
    expect(worstLagMs).toBeLessThanOrEqual(REFRESH_MS);
    expect(writes).toBeGreaterThanOrEqual(5);
    expect(writes).toBeLessThanOrEqual(11);
    monitor.core.record(check.id, upIn(42), monitor.clock.now().getTime());
    await monitor.flushAll();
    const row = await monitor.stored(check.id);
    expect(row?.last_at).toBe(monitor.clock.now().toISOString());
    expect(row?.last_message).toBe('HTTP 200 in 42 ms');
    expect(Number(row?.last_latency_ms)).toBe(42);
  });

  it('adds up rollups written at the end of their minute or slice to the same rows, history and SLA as rollups written every second', async () => {
    const checks = [site(3), site(4), site(5)];
    // Starts 10 minutes before an hour ends, so both an hour's close and an open hour are written.
    const start = '2026-11-28T10:50:00.000Z';
    const deferred = await monitorOn(checks, start);
    const eager = await monitorOn(checks, start);
    for (let second = 0; second < 1500; second += 1) {
      for (const [index, check] of checks.entries()) {
        if ((second + index * 7) % 30 !== 0) continue;
        // site-4 fails for 4 minutes in the middle; latencies vary.
        const failing = index === 1 && second >= 400 && second < 640;
        const result = failing ? down('HTTP 503') : upIn(5 + ((second * 13 + index) % 50));
        for (const monitor of [deferred, eager])
          monitor.core.record(check.id, result, monitor.clock.now().getTime());
      }
      for (const monitor of [deferred, eager]) monitor.clock.advance(1000);
      await deferred.flushDue();
      await eager.flushAll();
    }
    // A stop writes the open minute and the open slice of the hour.
    await deferred.flushAll();
    const rollups = (monitor: typeof deferred) =>
      monitor.testStore.store.db
        .selectFrom('check_rollups')
        .selectAll()
        .orderBy('check_id')
        .orderBy('resolution')
        .orderBy('bucket_start')
        .execute();
    const written = await rollups(deferred);
    expect(written).toEqual(await rollups(eager));
    expect(
      new Set(written.filter((row) => row.resolution === 'hour').map((row) => row.bucket_start)),
    ).toEqual(new Set(['2026-11-28T10:00:00.000Z', '2026-11-28T11:00:00.000Z']));
    expect(
      written.reduce((sum, row) => sum + (row.resolution === 'hour' ? Number(row.down_count) : 0), 0),
    ).toBe(8);
    for (const check of checks) {
      for (const range of ['24h', '7d'] as const) {
        const history = (monitor: typeof deferred) =>
          checkHistory({ store: monitor.testStore.store, clock: monitor.clock }, check.id, range);
        expect((await history(deferred)).points).toEqual((await history(eager)).points);
      }
      const period = { fromMs: Date.parse(start), toMs: deferred.clock.now().getTime() };
      const sla = (monitor: typeof deferred) =>
        checkAvailability(monitor.testStore.store.db, check, [], period);
      const figure = await sla(deferred);
      expect(figure).toEqual(await sla(eager));
      if (check.id === site(4).id) expect(figure.ratio).toBeLessThan(1);
    }
  });

  it('writes the first result of each check after a restart at once, then defers the routine ones', async () => {
    const check = site(9);
    const monitor = await monitorOn([check]);
    monitor.core.record(check.id, upIn(10), monitor.clock.now().getTime());
    monitor.clock.advance(30_000);
    monitor.core.record(check.id, upIn(11), monitor.clock.now().getTime());
    await monitor.flushAll();
    // A new monitor over the same store, as after a restart.
    const restarted = new MonitorCore({ stateRefreshMs: REFRESH_MS });
    restarted.setChecks([check], await loadRestoredChecks(monitor.testStore.store.db, [check.id]));
    const deps = { store: monitor.testStore.store, clock: monitor.clock, alerts: monitor.alerts };
    for (const latency of [12, 13]) {
      monitor.clock.advance(30_000);
      restarted.record(check.id, upIn(latency), monitor.clock.now().getTime());
      monitor.clock.advance(1000);
      await writePending(deps, restarted, restarted.takePending(monitor.clock.now().getTime()));
    }
    // The first result (12 ms) was written by the flush after it; the second (13 ms) waits.
    expect((await monitor.stored(check.id))?.last_message).toBe('HTTP 200 in 12 ms');
  });

  it('spreads the rows of a closed minute over the next flushes rather than writing them all at once', async () => {
    const checks = Array.from({ length: 300 }, (_, i) => site(100 + i));
    const monitor = await monitorOn(checks);
    for (const check of checks) monitor.core.record(check.id, upIn(7), monitor.clock.now().getTime());
    const minuteRows = async () =>
      Number(
        (
          await monitor.testStore.store.db
            .selectFrom('check_rollups')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('resolution', '=', 'minute')
            .executeTakeFirstOrThrow()
        ).n,
      );
    monitor.clock.advance(59_000);
    await monitor.flushDue();
    expect(await minuteRows()).toBe(0);
    monitor.clock.advance(1000);
    await monitor.flushDue();
    const first = await minuteRows();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(Math.ceil(300 / (ROLLUP_SPREAD_MS / 1000)));
    for (let second = 1; second < ROLLUP_SPREAD_MS / 1000; second += 1) {
      monitor.clock.advance(1000);
      await monitor.flushDue();
    }
    expect(await minuteRows()).toBe(300);
  });

  it('puts back a failed write and adds it to the next one, with no row written twice in one statement', async () => {
    const checks = [site(6), site(7)];
    const monitor = await monitorOn(checks, '2026-11-28T10:58:00.000Z');
    const [first, second] = checks as [CheckDefinition, CheckDefinition];
    for (let step = 0; step < 8; step += 1) {
      for (const check of [first, second])
        monitor.core.record(check.id, upIn(10 + step), monitor.clock.now().getTime());
      monitor.clock.advance(30_000);
      // Every other due batch "fails": it goes back in front of what comes next.
      const pending = monitor.core.takePending(monitor.clock.now().getTime());
      if (step % 2 === 0) monitor.core.restorePending(pending);
      else
        await writePending(
          { store: monitor.testStore.store, clock: monitor.clock, alerts: monitor.alerts },
          monitor.core,
          pending,
        );
    }
    await monitor.flushAll();
    const hours = await monitor.testStore.store.db
      .selectFrom('check_rollups')
      .select(['check_id', 'bucket_start', 'count', 'latency_sum_ms', 'latency_min_ms', 'latency_max_ms'])
      .where('resolution', '=', 'hour')
      .orderBy('check_id')
      .orderBy('bucket_start')
      .execute();
    // 10:58:00 to 11:01:30: four results in each hour per check.
    expect(
      hours.map((row) => [
        row.check_id,
        row.bucket_start,
        Number(row.count),
        Number(row.latency_sum_ms),
        Number(row.latency_min_ms),
        Number(row.latency_max_ms),
      ]),
    ).toEqual([
      [first.id, '2026-11-28T10:00:00.000Z', 4, 10 + 11 + 12 + 13, 10, 13],
      [first.id, '2026-11-28T11:00:00.000Z', 4, 14 + 15 + 16 + 17, 14, 17],
      [second.id, '2026-11-28T10:00:00.000Z', 4, 10 + 11 + 12 + 13, 10, 13],
      [second.id, '2026-11-28T11:00:00.000Z', 4, 14 + 15 + 16 + 17, 14, 17],
    ]);
    const minutes = await monitor.testStore.store.db
      .selectFrom('check_rollups')
      .select((eb) => eb.fn.sum<number>('count').as('n'))
      .where('resolution', '=', 'minute')
      .executeTakeFirstOrThrow();
    expect(Number(minutes.n)).toBe(16);
  });
});
