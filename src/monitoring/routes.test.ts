import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { down, recordingSink } from '../../test/monitoring/check-builders.js';
import { localRack } from '../../test/monitoring/local-rack.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { inventoryChecks } from './inventory-checks.js';
import { MonitorCore } from './monitor-core.js';
import { writePending } from './result-writer.js';

describe(`monitoring routes on ${TEST_DIALECT}`, () => {
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
    const rack = localRack(9);
    const site = rack.find((object) => object.kind === 'website');
    if (site !== undefined) (site.spec as Record<string, unknown>).checks = { http: { url: 'not a url' } };
    await applyInventory(fixture.deps, { objects: rack, actor: 'test' });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, session: string, payload?: Record<string, unknown>) =>
    fixture.app.inject({
      method,
      url,
      cookies: { vigie_session: session },
      headers: SAME_ORIGIN,
      ...(payload === undefined ? {} : { payload }),
    });

  it('lists derived checks with their state and the located problems of bad checks entries', async () => {
    const response = await call('GET', '/api/v1/checks', viewer);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((item: { id: string }) => item.id).sort()).toEqual([
      'device/fw/ping',
      'vm/web1/ping',
    ]);
    expect(body.items[0]).toMatchObject({ state: 'unknown', maintenance: null });
    expect(body.problems).toEqual([
      {
        object: 'website/site',
        source: 'websites.yaml:1:3',
        path: 'checks.http.url',
        message: 'Write a full http:// or https:// URL',
      },
    ]);
    expect((await call('GET', '/api/v1/checks', developer)).statusCode).toBe(403);
    const one = await call('GET', '/api/v1/checks/vm/web1/ping', viewer);
    expect(one.json()).toMatchObject({
      id: 'vm/web1/ping',
      parents: ['device/fw/ping'],
      changes: [],
      monthAvailability: null,
    });
    const missing = await call('GET', '/api/v1/checks/vm/web1/nothing', viewer);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.hint).toMatch(/website\/intranet\/http/);
  });

  it('shows incidents, and lets an engineer (not a viewer) acknowledge one, audited', async () => {
    const core = new MonitorCore();
    core.setChecks((await inventoryChecks(fixture.deps)).checks);
    // Default retries: 1, so the second failure in a row opens the incident.
    for (const delay of [0, 1000])
      core.record('vm/web1/ping', down('100% packet loss'), fixture.clock.now().getTime() + delay);
    await writePending({ ...fixture.deps, alerts: recordingSink() }, core, core.takePending());
    const listed = await call('GET', '/api/v1/incidents', viewer);
    const [incident] = listed.json().items;
    expect(incident).toMatchObject({
      checkId: 'vm/web1/ping',
      status: 'open',
      lastMessage: '100% packet loss',
    });
    const checks = (await call('GET', '/api/v1/checks?state=down', viewer)).json().items;
    expect(checks.map((check: { id: string }) => check.id)).toEqual(['vm/web1/ping']);

    expect(
      (await call('POST', `/api/v1/incidents/${incident.id}/ack`, viewer, { comment: 'on it' })).statusCode,
    ).toBe(403);
    const refused = await call('POST', `/api/v1/incidents/${incident.id}/ack`, engineer, {});
    expect(refused.statusCode).toBe(400);
    const acked = await call('POST', `/api/v1/incidents/${incident.id}/ack`, engineer, { comment: 'on it' });
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({
      status: 'acknowledged',
      ackComment: 'on it',
      acknowledgedBy: expect.stringMatching(/^user:/),
    });
    expect((await auditEvents(fixture, 'incident.acknowledge')).map((event) => event.target_key)).toEqual([
      incident.id,
    ]);
  });

  it('adds, lists and ends maintenance windows, and shows them on the checks they cover', async () => {
    const bad = await call('POST', '/api/v1/maintenance', engineer, {
      title: 'x',
      scope: { kind: 'host', value: 'web1' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'BAD_INPUT', details: { field: 'end' } });
    const added = await call('POST', '/api/v1/maintenance', engineer, {
      title: 'Kernel update',
      scope: { kind: 'host', value: 'web1' },
      end: new Date(fixture.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect(added.statusCode).toBe(201);
    const window = added.json();
    expect(
      (
        await call('POST', '/api/v1/maintenance', viewer, {
          title: 'x',
          scope: { kind: 'tag', value: 'web' },
        })
      ).statusCode,
    ).toBe(403);
    const listed = (await call('GET', '/api/v1/maintenance', viewer)).json().items;
    expect(listed.map((item: { id: string }) => item.id)).toEqual([window.id]);
    const check = (await call('GET', '/api/v1/checks/vm/web1/ping', viewer)).json();
    expect(check.maintenance).toMatchObject({ id: window.id, title: 'Kernel update' });
    const ended = await call('POST', `/api/v1/maintenance/${window.id}/end`, engineer);
    expect(ended.json()).toMatchObject({ endedBy: expect.stringMatching(/^user:/) });
    expect((await call('GET', '/api/v1/maintenance', viewer)).json().items).toEqual([]);
    expect((await call('GET', '/api/v1/maintenance?all=true', viewer)).json().items).toHaveLength(1);
  });
});
