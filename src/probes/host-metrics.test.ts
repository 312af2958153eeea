import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desired, GiB } from '../../test/support/inventory-fixtures.js';
import { seedMetrics } from '../../test/support/metrics-samples.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { createLogger } from '../log/logger.js';
import { applyResult, INITIAL_STATE } from '../monitoring/check-state.js';
import { MonitorCore } from '../monitoring/monitor-core.js';
import { createOutboundPolicy } from '../net/outbound-policy.js';
import type { ProbeDeps } from './probe.js';
import { prepareCheck, runCheck } from './registry.js';

const NOW = new Date('2026-11-28T09:07:00.000Z');
const MINUTE = 60_000;

describe(`host_metrics check on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let deps: ProbeDeps;
  const run = (options: Record<string, unknown>, probeDeps: ProbeDeps = deps) =>
    runCheck(probeDeps, prepareCheck('host_metrics', options), new AbortController().signal);

  beforeAll(async () => {
    testStore = await createTestStore();
    const clock = { now: () => NOW };
    await applyInventory(
      {
        config: testStore.config,
        store: testStore.store,
        clock,
        logger: createLogger({ logLevel: 'silent' }),
      },
      {
        actor: 'test',
        objects: [
          desired('device', 'hv1', { name: 'HV1', type: 'hypervisor' }),
          desired('vm', 'calm', { name: 'Calm', hypervisor: 'hv1' }),
          desired('vm', 'hot', { name: 'Hot', hypervisor: 'hv1' }),
          desired('vm', 'busy', {
            name: 'Busy',
            hypervisor: 'hv1',
            metrics: { thresholds: { cpu: { warning: 30, critical: 99 } } },
          }),
          desired('vm', 'silent', { name: 'Silent', hypervisor: 'hv1' }),
          desired('vm', 'new', { name: 'New', hypervisor: 'hv1' }),
        ],
      },
    );
    const root = { mountpoint: '/', capacityBytes: 40 * GiB, usedAt: () => 10 * GiB };
    const seed = { end: NOW, days: 0.05, stepMinutes: 5, cpuAt: () => 40, filesystems: [root] };
    await seedMetrics(testStore.store, { ...seed, host: 'calm', cpuAt: () => 12 });
    await seedMetrics(testStore.store, {
      ...seed,
      host: 'hot',
      memoryTotalBytes: 16 * GiB,
      memoryUsedAt: () => 15.5 * GiB,
      filesystems: [{ mountpoint: '/var', capacityBytes: 10 * GiB, usedAt: () => 8.5 * GiB }],
    });
    await seedMetrics(testStore.store, { ...seed, host: 'busy' });
    // The last sample of `silent` is 20 minutes old: its collection stopped.
    await seedMetrics(testStore.store, {
      ...seed,
      host: 'silent',
      end: new Date(NOW.getTime() - 20 * MINUTE),
    });
    deps = {
      outbound: createOutboundPolicy([]),
      clock,
      store: testStore.store,
      metricsIntervalMs: MINUTE,
    };
  });

  afterAll(async () => {
    await testStore.cleanup();
  });

  it('is UP when every reading is within the thresholds, with its numbers', async () => {
    const result = await run({ hostId: 'calm' });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/calm: CPU 12%/);
    expect(result.metrics).toMatchObject({ cpu_percent: 12, memory_percent: 50, filesystem_max_percent: 25 });
  });

  it('is DOWN at a critical level, naming the metric, its value and the threshold', async () => {
    const result = await run({ hostId: 'hot' });
    expect(result.status).toBe('down');
    expect(result.message).toContain('memory at 96.9% reached the critical threshold 95%');
    expect(result.message).toContain('filesystem /var at 85% reached the warning threshold 80%');
    // The critical breach comes first.
    expect(result.message.indexOf('memory')).toBeLessThan(result.message.indexOf('/var'));
  });

  it('is DEGRADED at a warning level, judged against the host’s own thresholds', async () => {
    const result = await run({ hostId: 'busy' });
    expect(result.status).toBe('degraded');
    expect(result.message).toBe('busy: cpu at 40% reached the warning threshold 30%');
  });

  it('is UNKNOWN when the latest sample is older than three collection intervals', async () => {
    const result = await run({ hostId: 'silent' });
    expect(result.status).toBe('unknown');
    expect(result.message).toBe(
      'No metrics sample of silent since 2026-11-28T08:47:00.000Z (older than 180 s)',
    );
    // A longer interval (or staleAfter) accepts it.
    expect((await run({ hostId: 'silent' }, { ...deps, metricsIntervalMs: 10 * MINUTE })).status).toBe('up');
    expect((await run({ hostId: 'silent', staleAfter: '30m' })).status).toBe('up');
  });

  it('is UNKNOWN without any sample, saying why the last collection failed', async () => {
    await testStore.store.db
      .insertInto('metric_collections')
      .values({
        host: 'new',
        last_attempt_at: NOW.toISOString(),
        last_success_at: null,
        last_result: 'failed',
        last_error_code: 'SSH_AUTH',
        last_error: 'authentication refused by 198.18.0.9:22',
        consecutive_failures: 3,
        duration_ms: 40,
      })
      .execute();
    const result = await run({ hostId: 'new' });
    expect(result).toMatchObject({
      status: 'unknown',
      message:
        'No metrics sample of new yet (last collection failed: authentication refused by 198.18.0.9:22)',
    });
  });

  it('is UNKNOWN for a host the inventory does not declare, or without a store', async () => {
    const gone = await run({ hostId: 'gone' });
    expect(gone.status).toBe('unknown');
    expect(gone.message).toMatch(/No VM or device named gone/);
    const { store: _store, ...withoutStore } = deps;
    expect((await run({ hostId: 'calm' }, withoutStore)).status).toBe('unknown');
  });

  it('refuses a check without its host, naming the option', () => {
    expect(() => prepareCheck('host_metrics', {})).toThrow(/hostId/);
  });

  it('moves a check to UNKNOWN without opening an incident', async () => {
    const result = await run({ hostId: 'silent' });
    const policy = { intervalMs: MINUTE, retries: 1, recoveries: 1 };
    const up = applyResult(INITIAL_STATE, { ...result, status: 'up' }, policy, 0).next;
    const once = applyResult(up, result, policy, MINUTE).next;
    expect(once.state).toBe('up');
    const twice = applyResult(once, result, policy, 2 * MINUTE);
    expect(twice.next.state).toBe('unknown');
    expect(twice.next.lastStatus).toBe('unknown');

    const core = new MonitorCore();
    core.setChecks([
      {
        id: 'vm/silent/host_metrics',
        object: 'vm/silent',
        objectName: 'Silent',
        name: 'host_metrics',
        kind: 'host_metrics',
        spec: prepareCheck('host_metrics', { hostId: 'silent' }).spec,
        policy,
        host: 'silent',
        tags: [],
        parents: [],
        source: 'vms.yaml:1:1',
      },
    ]);
    for (let i = 0; i < 3; i += 1) core.record('vm/silent/host_metrics', result, i * MINUTE);
    expect(core.get('vm/silent/host_metrics')?.state.state).toBe('unknown');
    const pending = core.takePending();
    expect(pending.incidents).toEqual([]);
    expect(pending.rollups.size).toBe(0);
  });
});
