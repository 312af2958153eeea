/**
 * Walks the whole route table: for every `/api` route and every role (and anonymous callers), the answer
 * must be 401/403 or "let through" exactly as `src/auth/roles.ts` grants the route's declared permission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role, roleHasPermission } from '../../src/auth/roles.js';
import { createSession } from '../../src/auth/sessions.js';
import { isApiUrl, listRoutePolicies, type RoutePolicy } from '../../src/http/route-policy.js';
import { TEST_DIALECT } from '../support/test-store.js';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from './web-fixture.js';

type Caller = Role | 'anonymous';
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES];

/** The auth domain's routes and what they need; other domains' routes are checked by behaviour only. */
const AUTH_ROUTES: Record<string, string> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/me': 'self',
  'PATCH /api/v1/me': 'self',
  'GET /api/v1/me/tokens': 'tokens:own',
  'POST /api/v1/me/tokens': 'tokens:own',
  'DELETE /api/v1/me/tokens/:id': 'tokens:own',
  'GET /api/v1/users': 'users:read',
  'GET /api/v1/users/:id': 'users:read',
  'POST /api/v1/users': 'users:manage',
  'PATCH /api/v1/users/:id': 'users:manage',
  'POST /api/v1/users/:id/reset-password': 'users:manage',
};

describe(`route table walk on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let apiRoutes: RoutePolicy[];
  const userIds = new Map<Role, string>();

  beforeAll(async () => {
    fixture = await createWebFixture({
      requestsPerMinute: 1_000_000,
      loginLimits: { perIp: 1000, perUsername: 1000 },
    });
    for (const role of ROLES)
      userIds.set(role, (await fixture.addAccount(role, `walker-${role.replace(/_/g, '-')}`)).account.id);
    apiRoutes = listRoutePolicies(fixture.app).filter((policy) => isApiUrl(policy.url));
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('declares a policy on every API route, and the auth routes declare the expected ones', () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(Object.keys(AUTH_ROUTES).length);
    for (const route of apiRoutes) {
      expect(route.permission !== null || route.public, `${route.method} ${route.url}`).toBe(true);
    }
    const declared = Object.fromEntries(
      apiRoutes
        .filter((route) => `${route.method} ${route.url}` in AUTH_ROUTES)
        .map((route) => [`${route.method} ${route.url}`, route.permission ?? 'public']),
    );
    expect(declared).toEqual(AUTH_ROUTES);
  });

  it('lets each caller through exactly when its role grants the route’s permission', async () => {
    const mismatches: string[] = [];
    for (const route of apiRoutes) {
      for (const caller of CALLERS) {
        const status = await call(route, caller);
        const expected = expectedOutcome(route, caller);
        const got = status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'allowed';
        if (got !== expected)
          mismatches.push(`${route.method} ${route.url} as ${caller}: expected ${expected}, got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  function expectedOutcome(route: RoutePolicy, caller: Caller): 'allowed' | 'unauthenticated' | 'forbidden' {
    if (route.public || route.permission === null) return 'allowed';
    if (caller === 'anonymous') return 'unauthenticated';
    return roleHasPermission(caller, route.permission) ? 'allowed' : 'forbidden';
  }

  /** Calls the route as `caller` with a fresh session (a logout must not spoil the next call). */
  async function call(route: RoutePolicy, caller: Caller): Promise<number> {
    const url = route.url.replace(/:([A-Za-z0-9_]+)/g, 'walk-$1').replace(/\*$/, 'walk');
    const hasBody = !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(route.method);
    let cookies: Record<string, string> = {};
    if (caller !== 'anonymous') {
      const userId = userIds.get(caller) ?? '';
      const { token } = await fixture.testStore.store.transaction((trx) =>
        createSession(fixture.deps, trx, { userId }),
      );
      cookies = { vigie_session: token };
    }
    const response = await fixture.app.inject({
      method: route.method as 'GET',
      url,
      headers: SAME_ORIGIN,
      cookies,
      ...(hasBody ? { payload: {} } : {}),
    });
    return response.statusCode;
  }
});
