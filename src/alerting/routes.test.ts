import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertingFixture,
  alertEvent,
  createAlertingFixture,
} from '../../test/alerting/alerting-fixture.js';
import { type HttpSink, startHttpSink } from '../../test/support/http-sink.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { createApiToken } from '../auth/api-tokens.js';
import type { Role } from '../auth/roles.js';
import { addUser } from '../auth/users.js';
import { installAuthentication } from '../http/auth-hook.js';
import { installErrorHandler } from '../http/error-handler.js';
import { installRoutePolicy } from '../http/route-policy.js';
import type { VigieFastify } from '../http/types.js';
import { deliverDue } from './delivery.js';
import { enqueueAlert } from './enqueue.js';
import { alertingRoutes } from './routes.js';

describe(`alerting routes on ${TEST_DIALECT}`, () => {
  let fixture: AlertingFixture;
  let sink: HttpSink;
  let app: VigieFastify;
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    sink = await startHttpSink();
    fixture = await createAlertingFixture();
    const deps = fixture.withConfig({
      channels: [{ id: 'hook', kind: 'webhook', url: sink.url('/secret-path-of-the-hook') }],
      routes: [{ id: 'all', channels: ['hook'] }],
    });
    // The web app's gate (route policy, authentication, error mapping) around these routes alone,
    // until the lead mounts them in createWebApp.
    app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installRoutePolicy(app);
    installErrorHandler(app);
    await app.register(cookie);
    installAuthentication(app, { store: deps.store, clock: deps.clock, secureCookies: false });
    await app.register((api) => alertingRoutes(api, deps), { prefix: '/api/v1' });
    await app.ready();
    for (const role of ['provider_engineer', 'customer_manager', 'viewer', 'customer_developer'] as const) {
      const user = await addUser(deps, {
        username: role.replace(/_/g, '-'),
        role,
        password: 'correct horse battery staple',
        actor: 'test',
      });
      tokens[role] = (await createApiToken(deps, { userId: user.id, name: 'test', actor: 'test' })).secret;
    }
    sink.failNext(1, 503);
    await fixture.testStore.store.transaction((trx) => enqueueAlert(deps, trx, alertEvent()));
    await deliverDue(deps, fixture.clock.now());
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.cleanup();
    await sink?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, role: Role, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[role]}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('lists waiting notifications with their last error, never a secret, to alert readers', async () => {
    expect((await call('GET', '/api/v1/alerts/outbox', 'viewer')).statusCode).toBe(403);
    const response = await call('GET', '/api/v1/alerts/outbox', 'customer_manager');
    expect(response.statusCode).toBe(200);
    const [item] = response.json().items;
    expect(item).toMatchObject({ channel: 'hook', status: 'retry', attempts: 1 });
    expect(item.lastError).toContain('HTTP 503');
    expect(item.events[0]).toMatchObject({ kind: 'incident_opened', title: 'DOWN: Host03 nginx (HTTP 502)' });
    expect(response.body).not.toContain('secret-path-of-the-hook');
    expect((await call('GET', '/api/v1/alerts/outbox?status=sent', 'customer_manager')).json().items).toEqual(
      [],
    );
    expect((await call('GET', '/api/v1/alerts/outbox', 'customer_developer')).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/alerts/outbox?status=nope', 'customer_manager')).statusCode).toBe(400);
  });

  it('queues a test notification for operators, and names the known channels otherwise', async () => {
    expect((await call('POST', '/api/v1/alerts/test', 'viewer', { channel: 'hook' })).statusCode).toBe(403);
    fixture.clock.advance(1000);
    const queued = await call('POST', '/api/v1/alerts/test', 'provider_engineer', { channel: 'hook' });
    expect(queued.statusCode).toBe(202);
    expect(queued.json()).toMatchObject({ channel: 'hook', status: 'queued' });
    const unknown = await call('POST', '/api/v1/alerts/test', 'provider_engineer', { channel: 'pager' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.hint).toBe('Configured channels: hook.');
    const outbox = (await call('GET', '/api/v1/alerts/outbox', 'provider_engineer')).json().items;
    expect(outbox.map((i: { events: { kind: string }[] }) => i.events[0]?.kind)).toEqual([
      'incident_opened',
      'test',
    ]);
  });
});
