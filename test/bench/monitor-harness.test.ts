/**
 * The monitoring bench's harness works end to end at a tiny size: 20 targets checked every 2 s by a
 * real `vigie monitor` on the dialect under test, a failure detected (the alert delivered to the
 * bench's webhook sink), a kill -9 and restart recovered; then the same through `vigie serve` with two
 * headless Chromium dashboards polling the overview (needs `npm run build:ui` and Debian's chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurePeer } from '../../bench/monitor/harness.js';
import { startTargets, type Targets } from '../../bench/monitor/targets.js';
import { startVigiePeer } from '../../bench/monitor/vigie-peer.js';
import { TEST_DIALECT } from '../support/test-store.js';

describe(`bench/monitor harness on ${TEST_DIALECT}`, () => {
  let targets: Targets;
  beforeAll(async () => {
    targets = await startTargets(20, 2);
  });
  afterAll(async () => {
    await targets.close();
  });

  it('measures Vigie on 20 checks: rate, CPU, lateness, detection and restart', async () => {
    const figures = await measurePeer(
      (context) =>
        startVigiePeer(context, {
          dialect: TEST_DIALECT,
          command: [process.execPath, '--import', 'tsx', 'bench/monitor/vigie-cli.ts'],
        }),
      { targets, intervalMs: 2000, durationMs: 8000, warmupMs: 4000, log: () => {} },
    );
    expect(figures.peer).toBe('vigie');
    // 20 targets every 2 s is 10 checks a second; the window's edges cost a little.
    expect(figures.checksPerSecond).toBeGreaterThan(8);
    expect(figures.checksPerSecond).toBeLessThan(12);
    expect(figures.cpuMs).toBeGreaterThan(0);
    expect(figures.rssMiB).toBeGreaterThan(20);
    expect(figures.latenessP99Ms).toBeGreaterThanOrEqual(0);
    expect(figures.latenessP99Ms).toBeLessThan(1000);
    expect(figures.failedTargets).toBe(1);
    expect(figures.detected).toBe(1);
    expect(figures.detectionVia).toBe('delivered');
    // Two intervals at most to fail, then the outbox's delivery round.
    expect(figures.detectionMaxMs).toBeLessThan(6000);
    expect(figures.restartMs).not.toBeNull();
    expect(figures.restartMs).toBeGreaterThan(0);
    // One interval, plus starting a tsx-compiled CLI on a machine that other tests keep busy.
    expect(figures.restartMs).toBeLessThan(2000 + 25_000);
  }, 120_000);

  it('measures `vigie serve` with two dashboards open: their polls seen, CPU of Vigie only', async () => {
    const figures = await measurePeer(
      (context) =>
        startVigiePeer(context, {
          dialect: TEST_DIALECT,
          command: [process.execPath, '--import', 'tsx', 'bench/monitor/vigie-cli.ts'],
          mode: 'serve',
          dashboards: 2,
        }),
      { targets, intervalMs: 2000, durationMs: 12_000, warmupMs: 4000, log: () => {} },
    );
    expect(figures.peer).toBe('vigie + 2 dashboards');
    expect(figures.checksPerSecond).toBeGreaterThan(8);
    expect(figures.checksPerSecond).toBeLessThan(12);
    expect(figures.cpuMs).toBeGreaterThan(0);
    expect(figures.latenessP99Ms).toBeLessThan(1000);
    expect(figures.dashboards).toBe(2);
    // Each tab polls the overview every 10 s: at least once each in a 12 s window.
    expect(figures.overviewPolls).toBeGreaterThanOrEqual(2);
    expect(figures.overviewNotModified).toBeLessThanOrEqual(figures.overviewPolls ?? 0);
    expect(figures.detected).toBe(1);
    expect(figures.detectionVia).toBe('delivered');
    expect(figures.restartMs).toBeGreaterThan(0);
  }, 180_000);
});
