import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRack, type SwitchableServer, startSwitchableServer } from '../../test/monitoring/local-rack.js';
import { testDeps } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import type { VigieFastify } from '../http/types.js';
import { applyInventory } from '../inventory/apply.js';
import { systemClock } from '../time/clock.js';
import type { MonitorStats } from './monitor.js';
import { prometheusExposition } from './prometheus.js';
import { prometheusRoutes } from './prometheus-routes.js';
import { type Monitoring, startMonitoring } from './start-monitoring.js';

describe(`the scheduler's figures at /metrics, on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let server: SwitchableServer;
  let monitoring: Monitoring | undefined;

  beforeAll(async () => {
    testStore = await createTestStore();
    server = await startSwitchableServer();
  });
  afterAll(async () => {
    await monitoring?.stop();
    await server?.stop();
    await testStore?.cleanup();
  });

  it('shows checks, running, waiting, runs, skipped, missed and lateness of the monitor running in this process', async () => {
    const deps = testDeps(testStore, systemClock);
    await applyInventory(deps, { objects: localRack(server.port, { intervalMs: 200 }), actor: 'test' });
    // The route is registered before monitoring starts, as `vigie serve` does: read at each scrape.
    let source: (() => MonitorStats) | undefined;
    const app = Fastify().withTypeProvider<ZodTypeProvider>() as unknown as VigieFastify;
    prometheusRoutes(app, deps, () => source?.());
    await app.ready();
    const scrape = async () => {
      const response = await app.inject({ url: '/metrics' });
      expect(response.statusCode).toBe(200);
      return parseSamples(response.body);
    };
    expect([...(await scrape()).keys()].filter((name) => name.startsWith('vigie_scheduler'))).toEqual([]);

    monitoring = await startMonitoring(deps, { flushIntervalMs: 200, maxConcurrent: 2, maxPerHost: 1 });
    const monitor = monitoring.monitor;
    source = () => monitor.stats();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const samples = await scrape();
    const stats = monitor.stats();
    expect(samples.get('vigie_scheduler_checks')).toBe(3);
    for (const name of ['running', 'waiting']) {
      const value = samples.get(`vigie_scheduler_${name}`);
      expect(value, name).toBeGreaterThanOrEqual(0);
      expect(value, name).toBeLessThanOrEqual(3);
    }
    // Three checks every 200 ms for 1.5 s: some runs, counted as the scheduler counts them.
    const runs = samples.get('vigie_scheduler_runs_total') ?? 0;
    expect(runs).toBeGreaterThanOrEqual(6);
    expect(runs).toBeLessThanOrEqual(stats.runs);
    expect(samples.get('vigie_scheduler_skipped_total')).toBeGreaterThanOrEqual(0);
    expect(samples.get('vigie_scheduler_missed_total')).toBeGreaterThanOrEqual(0);
    const p50 = samples.get('vigie_scheduler_lateness_seconds{quantile="0.5"}') ?? -1;
    const p99 = samples.get('vigie_scheduler_lateness_seconds{quantile="0.99"}') ?? -1;
    const max = samples.get('vigie_scheduler_lateness_seconds{quantile="1"}') ?? -1;
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p99).toBeGreaterThanOrEqual(p50);
    expect(max).toBeGreaterThanOrEqual(p99);
    expect(samples.get('vigie_monitor_check_problems')).toBe(0);
    expect(samples.get('vigie_monitor_flush_failures_total')).toBe(0);
    // The check states are still there beside the scheduler's figures.
    expect(
      samples.get('vigie_check_up{check="website/site/http",kind="http",object="website/site",host="web1"}'),
    ).toBe(1);
    await app.close();
  });

  it('leaves the scheduler out when no monitor runs in this process', async () => {
    const text = await prometheusExposition(testDeps(testStore, systemClock), () => undefined);
    expect(text).not.toContain('vigie_scheduler_');
    expect(text).toContain('# TYPE vigie_check_up gauge');
  });
});

/** Samples by `name{labels}`; every line must be a HELP/TYPE comment or a valid sample. */
function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (/^# (HELP|TYPE) [a-z_]+ /.test(line)) continue;
    const match = /^([a-z_]+(?:\{[^}]*\})?) (-?[0-9.e+-]+)$/.exec(line);
    expect(match, line).not.toBeNull();
    samples.set(match?.[1] ?? '', Number(match?.[2]));
  }
  return samples;
}
