import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { INTERNAL_MESSAGE, seedMonitoringViews } from '../../test/monitoring/seed-views.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { inventoryChecks } from './inventory-checks.js';

const MINUTE = 60_000;

describe(`monitoring views on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let viewer: string;
  let developer: string;
  let manager: string;

  beforeAll(async () => {
    fixture = await createWebFixture();
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    viewer = await login('viewer');
    developer = await login('customer_developer');
    manager = await login('customer_manager');
    await seedMonitoringViews(fixture.deps);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const get = (url: string, session?: string) =>
    fixture.app.inject({
      method: 'GET',
      url,
      headers: SAME_ORIGIN,
      ...(session === undefined ? {} : { cookies: { vigie_session: session } }),
    });

  it('gives the overview: counts by state, open incidents, recent changes, maintenance now', async () => {
    const response = await get('/api/v1/monitoring/overview', viewer);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const total = (await inventoryChecks(fixture.deps)).checks.length;
    expect(total).toBeGreaterThanOrEqual(6);
    expect(body.counts).toEqual({ up: total - 1, down: 1, degraded: 0, unknown: 0, total, flapping: 0 });
    expect(body.openIncidents).toHaveLength(1);
    expect(body.openIncidents[0]).toMatchObject({
      checkId: 'database/opendata/postgres',
      status: 'open',
      lastMessage: INTERNAL_MESSAGE,
    });
    expect(body.recentChanges[0]).toMatchObject({ checkId: 'database/opendata/postgres', to: 'down' });
    expect(body.recentChanges.length).toBeLessThanOrEqual(50);
    expect(body.maintenance.map((window: { title: string }) => window.title).sort()).toEqual([
      'Firewall firmware',
      'PHP 8.3 upgrade',
    ]);
    expect((await get('/api/v1/monitoring/overview', developer)).statusCode).toBe(403);
    expect((await get('/api/v1/monitoring/overview')).statusCode).toBe(401);
  });

  it('gives a check history from rollups, bounded, with latency and up/down per bucket', async () => {
    const day = (await get('/api/v1/checks/website/site/http/history?range=24h', viewer)).json();
    expect(day.bucketMs).toBe(5 * MINUTE);
    expect(day.points.length).toBeGreaterThan(280);
    expect(day.points.length).toBeLessThanOrEqual(289);
    expect(day.points.reduce((sum: number, point: { down: number }) => sum + point.down, 0)).toBe(2);
    const point = day.points[0];
    expect(point.maxLatencyMs).toBeGreaterThanOrEqual(point.avgLatencyMs);
    expect(point.p50LatencyMs).not.toBeNull();
    const month = (await get('/api/v1/checks/website/site/http/history?range=30d', viewer)).json();
    expect(month.bucketMs).toBe(2 * 60 * MINUTE);
    expect(month.points.length).toBeLessThanOrEqual(360);
    expect(month.points.reduce((sum: number, p: { count: number }) => sum + p.count, 0)).toBe(288);
    const bad = await get('/api/v1/checks/website/site/http/history?range=1y', viewer);
    expect(bad.statusCode).toBe(400);
    const missing = await get('/api/v1/checks/website/nothing/http/history', viewer);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.hint).toMatch(/kind\/object\/check/);
  });

  it('computes the month availability per service, maintenance left out, with its incidents', async () => {
    const response = await get('/api/v1/sla?month=2026-11', viewer);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.services.map((service: { object: string }) => service.object)).toEqual([
      'website/portail',
      'website/site',
      'database/crm',
      'database/opendata',
      'vm/web1',
      'device/fw',
    ]);
    const site = body.services.find((service: { object: string }) => service.object === 'website/site');
    // 24 h measured, 10 min of maintenance left out, 5 min of the 10 min outage outside it.
    expect(site.excludedMs).toBe(10 * MINUTE);
    expect(site.downMs).toBe(5 * MINUTE);
    expect(site.availability).toBeCloseTo(1 - 5 / (24 * 60 - 10), 10);
    expect(site.incidents).toEqual([
      expect.objectContaining({ checkId: 'website/site/http', durationMs: 10 * MINUTE, message: 'HTTP 503' }),
    ]);
    const portail = body.services.find((service: { object: string }) => service.object === 'website/portail');
    expect(portail).toMatchObject({ availability: 1, incidents: [] });
    const october = (await get('/api/v1/sla?month=2026-10', viewer)).json();
    expect(october.services.every((service: { availability: null }) => service.availability === null)).toBe(
      true,
    );
    const bad = await get('/api/v1/sla?month=2026-13', viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/YYYY-MM/);
  });

  it('shows the public status without login, and nothing internal', async () => {
    const response = await get('/api/v1/public/status');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.customer).toBe('CARIF-OREF PACA');
    expect(body.services).toEqual([
      {
        id: 'database/opendata',
        kind: 'database',
        name: 'opendata',
        state: 'down',
        since: expect.any(String),
      },
      {
        id: 'website/portail',
        kind: 'website',
        name: 'Portail emploi',
        state: 'up',
        since: expect.any(String),
      },
      { id: 'website/site', kind: 'website', name: 'Site', state: 'up', since: expect.any(String) },
    ]);
    expect(body.overall).toBe('down');
    expect(body.maintenance).toEqual([
      expect.objectContaining({ title: 'PHP 8.3 upgrade', active: false, services: ['Portail emploi'] }),
    ]);
    expect(body.incidents.map((incident: { service: string }) => incident.service)).toEqual([
      'opendata',
      'Site',
    ]);
    for (const secret of [
      '127.0.0',
      'crm',
      'web1',
      'Web1',
      'FW',
      'ECONNREFUSED',
      'HTTP 503',
      'Kernel',
      'Firewall',
    ])
      expect(response.body, secret).not.toContain(secret);
  });

  it('exports check states at /metrics in valid Prometheus text format, behind hosts:read', async () => {
    expect((await get('/metrics')).statusCode).toBe(401);
    expect((await get('/metrics', developer)).statusCode).toBe(403);
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: manager },
      payload: { name: 'prometheus' },
    });
    const { secret } = created.json() as { secret: string };
    const response = await fixture.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(response.body);
    expect(
      samples.get(
        'vigie_check_up{check="database/opendata/postgres",kind="postgres",object="database/opendata",host="web1"}',
      ),
    ).toBe(0);
    expect(
      samples.get('vigie_check_up{check="website/site/http",kind="http",object="website/site",host="web1"}'),
    ).toBe(1);
    expect(
      samples.get(
        'vigie_check_state{check="database/opendata/postgres",kind="postgres",object="database/opendata",host="web1",state="down"}',
      ),
    ).toBe(1);
    const lastRun = [...samples].find(([key]) =>
      key.startsWith('vigie_check_last_run_timestamp_seconds{check="device/fw/ping"'),
    );
    expect(lastRun?.[1]).toBe((fixture.clock.now().getTime() - 5 * MINUTE) / 1000);
    const latencies = [...samples].filter(([key]) => key.startsWith('vigie_check_latency_seconds{'));
    expect(latencies).toHaveLength((await inventoryChecks(fixture.deps)).checks.length);
    for (const [, value] of latencies) expect(value).toBeGreaterThan(0);
  });
});

/** Parses the text exposition strictly: every line a comment of HELP/TYPE or a valid sample. */
function parseExposition(text: string): Map<string, number> {
  expect(text.endsWith('\n')).toBe(true);
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
  const sample = new RegExp(`^(${name})(\\{(?:${label})(?:,${label})*\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`);
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|histogram|summary|untyped)$/.exec(line);
    if (type !== null) {
      typed.add(type[1] ?? '');
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = sample.exec(line);
    expect(match, `invalid exposition line: ${line}`).not.toBeNull();
    if (match === null) continue;
    expect(typed.has(match[1] ?? ''), `sample before its TYPE: ${line}`).toBe(true);
    expect(samples.has(`${match[1]}${match[2] ?? ''}`), `duplicate series: ${line}`).toBe(false);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}
