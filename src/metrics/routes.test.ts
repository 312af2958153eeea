import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { desired, GiB } from '../../test/support/inventory-fixtures.js';
import { seedMetrics } from '../../test/support/metrics-samples.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';

describe(`metrics routes on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let engineer: string;
  let viewer: string;
  let developer: string;

  beforeAll(async () => {
    fixture = await createWebFixture();
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    [engineer, viewer, developer] = [
      await login('provider_engineer'),
      await login('viewer'),
      await login('customer_developer'),
    ];
    await applyInventory(fixture.deps, {
      actor: 'test',
      objects: [
        desired('device', 'hv1', { type: 'hypervisor' }),
        desired('vm', 'db03', {
          name: 'DB03',
          hypervisor: 'hv1',
          metrics: { thresholds: { cpu: { warning: 20, critical: 99 } } },
        }),
      ],
    });
    await seedMetrics(fixture.deps.store, {
      host: 'db03',
      end: fixture.clock.now(),
      days: 9,
      stepMinutes: 5,
      cpuAt: () => 42,
      filesystems: [{ mountpoint: '/srv', capacityBytes: 100 * GiB, usedAt: (d) => 50 * GiB + d * 3 * GiB }],
    });
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, session: string) =>
    fixture.app.inject({ method, url, cookies: { vigie_session: session }, headers: SAME_ORIGIN });

  it('serves series downsampled to at most 500 points, whatever the range', async () => {
    for (const range of ['24h', '7d', '30d']) {
      const response = await call('GET', `/api/v1/hosts/db03/metrics?range=${range}`, viewer);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.range).toBe(range);
      expect(body.points.length).toBeGreaterThan(0);
      expect(body.points.length).toBeLessThanOrEqual(500);
      expect(body.filesystems[0].points.length).toBeLessThanOrEqual(500);
      expect(body.points[0].cpu).toBeCloseTo(42, 6);
    }
    const bad = await call('GET', '/api/v1/hosts/db03/metrics?range=1y', viewer);
    expect(bad.statusCode).toBe(400);
    const unknown = await call('GET', '/api/v1/hosts/nowhere/metrics', viewer);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('No VM or device named nowhere in the inventory');
  });

  it('gives the latest readings with the host’s thresholds, breaches and forecasts', async () => {
    const response = await call('GET', '/api/v1/hosts/db03/metrics/latest', viewer);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.thresholds.cpu).toEqual({ warning: 20, critical: 99 });
    expect(body.breaches).toContainEqual({ metric: 'cpu', value: 42, level: 'warning', threshold: 20 });
    const [srv] = body.filesystems;
    expect(srv).toMatchObject({
      mountpoint: '/srv',
      level: 'warning',
      forecast: { status: 'filling', confidence: 'high' },
    });
    // 77 GiB of 100 used, +3 GiB a day: full in about 7.7 days, inside the 30-day warning.
    expect(srv.forecast.daysToFull).toBeCloseTo(23 / 3, 0);
  });

  it('ranks the capacity of every filesystem, for whoever may read hosts', async () => {
    const response = await call('GET', '/api/v1/capacity', viewer);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      expect.objectContaining({ host: 'db03', hostName: 'DB03', mountpoint: '/srv' }),
    ]);
    expect((await call('GET', '/api/v1/capacity', developer)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/hosts/db03/metrics/latest', developer)).statusCode).toBe(403);
  });

  it('reads a host on demand for an engineer, and says why when it cannot', async () => {
    expect((await call('POST', '/api/v1/hosts/db03/metrics/collect', viewer)).statusCode).toBe(403);
    const response = await call('POST', '/api/v1/hosts/db03/metrics/collect', engineer);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      host: 'db03',
      ok: false,
      error: { code: 'INVENTORY_INVALID', message: 'db03 has no address to reach it over SSH' },
    });
    const latest = (await call('GET', '/api/v1/hosts/db03/metrics/latest', viewer)).json();
    expect(latest.collection).toMatchObject({ result: 'failed', errorCode: 'INVENTORY_INVALID' });
    expect((await call('POST', '/api/v1/hosts/nowhere/metrics/collect', engineer)).statusCode).toBe(404);
  });
});
