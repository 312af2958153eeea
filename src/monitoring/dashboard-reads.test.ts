import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { seedMonitoringViews, viewsRack } from '../../test/monitoring/seed-views.js';
import { desired } from '../../test/support/inventory-fixtures.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { inventoryChecks } from './inventory-checks.js';

describe(`what open dashboards read, on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let viewer: string;
  let engineer: string;

  beforeAll(async () => {
    fixture = await createWebFixture();
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    viewer = await login('viewer');
    engineer = await login('provider_engineer');
    await seedMonitoringViews(fixture.deps);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, session: string, extra: object = {}) =>
    fixture.app.inject({
      method,
      url,
      headers: { ...SAME_ORIGIN, ...extra },
      cookies: { vigie_session: session },
    });

  it('answers an unchanged overview with 304 and no body, and a changed one in full', async () => {
    const first = await call('GET', '/api/v1/monitoring/overview', viewer);
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await call('GET', '/api/v1/monitoring/overview', viewer, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // A window added through the API shows at once: the shared overview is dropped on changes.
    const window = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/maintenance',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: engineer },
      payload: {
        title: 'Dashboard test window',
        scope: { kind: 'host', value: 'web1' },
        end: new Date(fixture.clock.now().getTime() + 3_600_000).toISOString(),
      },
    });
    expect(window.statusCode, window.body).toBe(201);
    const changed = await call('GET', '/api/v1/monitoring/overview', viewer, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().maintenance.map((w: { title: string }) => w.title)).toContain(
      'Dashboard test window',
    );

    // A minute later, past the shared 2 s: the open incident lasted longer, nothing else changed.
    fixture.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const later = await call('GET', '/api/v1/monitoring/overview', viewer, {
      'if-none-match': String(changed.headers.etag),
    });
    expect(later.statusCode).toBe(304);
    const full = (await call('GET', '/api/v1/monitoring/overview', viewer)).json();
    expect(full.openIncidents[0].durationMs).toBeGreaterThan(changed.json().openIncidents[0].durationMs);
  });

  it('pages and filters the checks on the server, with the filters’ choices and an ETag', async () => {
    const all = (await inventoryChecks(fixture.deps)).checks;
    const first = await call('GET', '/api/v1/checks?limit=2', viewer);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.items.map((check: { id: string }) => check.id)).toEqual(all.slice(0, 2).map((c) => c.id));
    expect(body.total).toBe(all.length);
    expect(body.kinds).toEqual([...new Set(all.map((check) => check.kind))].sort());
    expect(body.hosts).toContain('web1');
    const next = (await call('GET', '/api/v1/checks?limit=2&offset=2', viewer)).json();
    expect(next.items.map((check: { id: string }) => check.id)).toEqual(all.slice(2, 4).map((c) => c.id));

    const http = (await call('GET', '/api/v1/checks?kind=http', viewer)).json();
    expect(http.total).toBe(all.filter((check) => check.kind === 'http').length);
    expect(http.items.every((check: { kind: string }) => check.kind === 'http')).toBe(true);
    const down = (await call('GET', '/api/v1/checks?state=down', viewer)).json();
    expect(down.items.map((check: { id: string }) => check.id)).toEqual(['database/opendata/postgres']);

    const same = await call('GET', '/api/v1/checks?limit=2', viewer, { 'if-none-match': first.headers.etag });
    expect(same.statusCode).toBe(304);
    const tooMany = await call('GET', '/api/v1/checks?limit=100000', viewer);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('limit');
  });

  it('derives the checks again once a new inventory revision is applied', async () => {
    const before = (await call('GET', '/api/v1/checks?kind=tcp', viewer)).json().total;
    const extra = desired('website', 'dashboard-extra', {
      name: 'Dashboard extra',
      host: 'web1',
      host_kind: 'vm',
      domains: ['extra.test'],
      tls: { mode: 'none' },
      checks: { port: { kind: 'tcp', port: 8443 } },
    });
    await applyInventory(fixture.deps, { objects: [...viewsRack(), extra], actor: 'test' });
    const after = (await call('GET', '/api/v1/checks?kind=tcp', viewer)).json();
    expect(after.total).toBe(before + 1);
    expect(after.items.map((check: { id: string }) => check.id)).toContain('website/dashboard-extra/port');
  });
});
