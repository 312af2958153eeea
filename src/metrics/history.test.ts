import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desired, GiB } from '../../test/support/inventory-fixtures.js';
import { seedMetrics } from '../../test/support/metrics-samples.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { createLogger } from '../log/logger.js';
import type { CoreDeps } from '../runtime/deps.js';
import { capacityReport } from './capacity.js';
import { latestMetrics } from './latest.js';
import { rollUpAndPrune } from './rollup.js';
import { hostSeries, MAX_POINTS } from './series.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

const NOW = new Date('2026-11-28T09:07:00.000Z');
const DAY = 86_400_000;

describe(`metrics history, rollups and forecasts on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let deps: CoreDeps;

  beforeAll(async () => {
    testStore = await createTestStore();
    deps = {
      config: testStore.config,
      store: testStore.store,
      clock: { now: () => NOW },
      logger: createLogger({ logLevel: 'silent' }),
    };
    await applyInventory(deps, {
      actor: 'test',
      objects: [
        desired('device', 'hv1', { name: 'HV1', type: 'hypervisor' }),
        desired('vm', 'db03', {
          name: 'DB03',
          hypervisor: 'hv1',
          metrics: { thresholds: { filesystems: { '/var/lib/postgresql': { warning: 50, critical: 60 } } } },
        }),
        desired('vm', 'host03', { name: 'Host03', hypervisor: 'hv1' }),
      ],
    });
    // db03: ten days every 10 minutes; its data disk grows 2 GiB a day, its root is flat.
    await seedMetrics(testStore.store, {
      host: 'db03',
      end: NOW,
      days: 10,
      stepMinutes: 10,
      filesystems: [
        { mountpoint: '/', capacityBytes: 40 * GiB, usedAt: () => 12 * GiB },
        {
          mountpoint: '/var/lib/postgresql',
          capacityBytes: 200 * GiB,
          usedAt: (d) => 100 * GiB + d * 2 * GiB,
        },
      ],
    });
    // host03: two days, a disk shrinking.
    await seedMetrics(testStore.store, {
      host: 'host03',
      end: NOW,
      days: 2,
      stepMinutes: 10,
      filesystems: [{ mountpoint: '/', capacityBytes: 50 * GiB, usedAt: (d) => 30 * GiB - d * GiB }],
    });
  }, 60_000);
  afterAll(async () => {
    await testStore?.cleanup();
  });

  const count = async (table: 'metric_host_samples' | 'metric_host_hourly' | 'metric_filesystem_hourly') =>
    Number(
      (
        await testStore.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('rolls complete hours up, prunes raw samples after 8 days, and does it again without duplicates', async () => {
    const before = await count('metric_host_samples');
    const first = await rollUpAndPrune(testStore.store, NOW);
    // db03: 10 days = 240 complete hours (plus a few minutes of the current one); host03: 48.
    expect(first.hostHours).toBe(240 + 48);
    expect(first.filesystemHours).toBe(240 * 2 + 48);
    const after = await count('metric_host_samples');
    expect(after).toBeLessThan(before);
    const oldest = await testStore.store.db
      .selectFrom('metric_host_samples')
      .select((eb) => eb.fn.min('at').as('at'))
      .executeTakeFirstOrThrow();
    expect(Date.parse(oldest.at ?? '')).toBeGreaterThanOrEqual(NOW.getTime() - 8 * DAY);

    const hourly = await testStore.store.db
      .selectFrom('metric_host_hourly')
      .selectAll()
      .where('host', '=', 'db03')
      .where('hour', '=', '2026-11-27T09:00:00.000Z')
      .executeTakeFirstOrThrow();
    expect(hourly.samples).toBe(6);
    expect(hourly.cpu_min).toBeLessThanOrEqual(hourly.cpu_avg);
    expect(hourly.cpu_avg).toBeLessThanOrEqual(hourly.cpu_max);

    const again = await rollUpAndPrune(testStore.store, NOW);
    // Only the last rolled hour is redone; nothing is counted twice.
    expect(again.hostHours).toBe(2);
    expect(await count('metric_host_hourly')).toBe(240 + 48);
    expect(await count('metric_filesystem_hourly')).toBe(240 * 2 + 48);
  });

  it('serves each range in at most 500 points per series, from raw samples or hourly rollups', async () => {
    const store = testStore.store;
    const day = await hostSeries(store, { host: 'db03', range: '24h', now: NOW });
    expect(day.points.length).toBeGreaterThan(100);
    expect(day.points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(day.filesystems.map((fs) => fs.mountpoint)).toEqual(['/', '/var/lib/postgresql']);

    const week = await hostSeries(store, { host: 'db03', range: '7d', now: NOW });
    expect(week.stepSeconds).toBe(3600);
    expect(week.points.length).toBeGreaterThanOrEqual(167);
    expect(week.points.length).toBeLessThanOrEqual(169);
    const pg = week.filesystems.find((fs) => fs.mountpoint === '/var/lib/postgresql');
    expect(pg?.points.at(-1)?.used ?? 0).toBeGreaterThan(pg?.points[0]?.used ?? Number.POSITIVE_INFINITY);
    expect(pg?.points[0]?.capacity).toBe(200 * GiB);
    for (const point of week.points) expect(point.cpuMax).toBeGreaterThanOrEqual(point.cpu - 1e-9);

    const month = await hostSeries(store, { host: 'db03', range: '30d', now: NOW });
    expect(month.points.length).toBeLessThanOrEqual(MAX_POINTS);
    // Ten days of history: the rollups go back past the raw samples' 8 days.
    expect(Date.parse(month.points[0]?.at ?? '')).toBeLessThan(NOW.getTime() - 9 * DAY);
    expect(month.stepSeconds).toBe(5220);

    const nobody = await hostSeries(store, { host: 'host04', range: '24h', now: NOW });
    expect(nobody).toMatchObject({ points: [], filesystems: [] });
  });

  it('forecasts each filesystem from the last week and judges it against the host’s thresholds', async () => {
    const latest = await latestMetrics(testStore.store, {
      host: 'db03',
      thresholds: DEFAULT_THRESHOLDS,
      now: NOW,
    });
    expect(latest.sample?.at).toBe(NOW.toISOString());
    const pg = latest.filesystems.find((fs) => fs.mountpoint === '/var/lib/postgresql');
    // 120 GiB used of 200, +2 GiB a day: 40 days.
    expect(pg?.usedBytes).toBe(120 * GiB);
    expect(pg?.forecast.status).toBe('filling');
    expect(pg?.forecast.daysToFull ?? 0).toBeCloseTo(40, 0);
    expect(pg?.forecast.confidence).toBe('high');
    expect(pg?.forecast.windowDays).toBeCloseTo(7, 0);
    expect(pg?.level).toBeNull();
    const root = latest.filesystems.find((fs) => fs.mountpoint === '/');
    expect(root?.forecast).toMatchObject({ status: 'not_filling', daysToFull: null });
  });

  it('ranks every filesystem by days to full, with the inventory’s names and thresholds', async () => {
    const items = await capacityReport(deps);
    expect(items.map((item) => `${item.host}:${item.mountpoint}:${item.forecast.status}`)).toEqual([
      'db03:/var/lib/postgresql:filling',
      // Not filling: the fuller first.
      'host03:/:not_filling',
      'db03:/:not_filling',
    ]);
    const [pg] = items;
    expect(pg?.hostName).toBe('DB03');
    // db03 declares 50% / 60% on this mountpoint: 60% used is critical.
    expect(pg?.levels).toEqual({ warning: 50, critical: 60 });
    expect(pg?.level).toBe('critical');
    expect(pg?.history.length).toBeLessThanOrEqual(56);
    expect(pg?.history.length).toBeGreaterThan(20);
  });

  it('deletes hourly rollups past their 400 days, and every raw sample past 8', async () => {
    const later = await rollUpAndPrune(testStore.store, new Date(NOW.getTime() + 405 * DAY));
    // The hour that was current is complete by then, and rolled up before everything goes.
    expect(later.deletedHourly).toBe(241 + 49 + 241 * 2 + 49);
    expect(await count('metric_host_samples')).toBe(0);
  });
});
