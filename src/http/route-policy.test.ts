import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installRoutePolicy, listRoutePolicies } from './route-policy.js';

const handler = async () => ({ ok: true });

function appWithPolicy() {
  const app = Fastify();
  installRoutePolicy(app);
  return app;
}

describe('route policy', () => {
  it('refuses to register an API route that declares no policy, naming it', () => {
    const app = appWithPolicy();
    expect(() => app.get('/api/v1/secret', handler)).toThrow(
      /GET \/api\/v1\/secret declares no access policy/,
    );
  });

  it('refuses an unknown permission and a route both public and protected', () => {
    const app = appWithPolicy();
    // biome-ignore lint/suspicious/noExplicitAny: the point is a permission the type system would reject.
    const unknown = { permission: 'root:everything' } as any;
    expect(() => app.get('/api/v1/a', { config: unknown }, handler)).toThrow(
      /unknown permission "root:everything"/,
    );
    expect(() => app.get('/api/v1/b', { config: { permission: 'self', public: true } }, handler)).toThrow(
      /both/,
    );
  });

  it('records declared policies, GET routes also as HEAD, and leaves non-API routes alone', async () => {
    const app = appWithPolicy();
    app.get('/api/v1/things', { config: { permission: 'inventory:read' } }, handler);
    app.post('/api/v1/session', { config: { public: true } }, handler);
    app.get('/elsewhere', handler);
    await app.ready();
    expect(listRoutePolicies(app)).toEqual([
      { method: 'POST', url: '/api/v1/session', permission: null, public: true },
      { method: 'GET', url: '/api/v1/things', permission: 'inventory:read', public: false },
      { method: 'HEAD', url: '/api/v1/things', permission: 'inventory:read', public: false },
      { method: 'GET', url: '/elsewhere', permission: null, public: true },
      { method: 'HEAD', url: '/elsewhere', permission: null, public: true },
    ]);
    await app.close();
  });
});
