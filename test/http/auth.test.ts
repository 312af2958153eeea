import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../support/test-store.js';
import {
  auditEvents,
  createWebFixture,
  PASSWORD,
  SAME_ORIGIN,
  sessionCookieOf,
  type WebFixture,
} from './web-fixture.js';

const HOUR = 3_600_000;

describe(`login, sessions and logout on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('logs in, answers /me with the permissions of the role, and logs out', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('provider_engineer', 'alice');
    const login = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': 'vitest-browser' },
      payload: { username: 'Alice', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ username: 'alice', role: 'provider_engineer', locale: 'fr' });
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^vigie_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const session = sessionCookieOf(login);

    const me = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { vigie_session: session },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: {
        id: expect.any(String),
        username: 'alice',
        displayName: 'alice',
        role: 'provider_engineer',
        locale: 'fr',
        personKey: null,
        permissions: [
          'inventory:read',
          'inventory:plan',
          'inventory:apply',
          'audit:read',
          'hostkeys:approve',
          'journal:read',
          'alerts:read',
          'hosts:read',
          'hosts:operate',
          'tokens:own',
          'self',
        ],
      },
    });

    // Only the hash of the cookie is stored.
    const stored = await fixture.testStore.store.db.selectFrom('sessions').select('id').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).not.toBe(session);
    expect(stored[0]?.id).toMatch(/^[0-9a-f]{64}$/);

    const logout = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/vigie_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { vigie_session: session },
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');

    const [loginEvent] = await auditEvents(fixture, 'auth.login');
    expect(loginEvent).toMatchObject({ actor: 'user:alice', target_kind: 'user', target_key: 'alice' });
    expect(loginEvent?.meta).toMatchObject({ ip: '127.0.0.1', userAgent: 'vitest-browser' });
    const [logoutEvent] = await auditEvents(fixture, 'auth.logout');
    expect(logoutEvent).toMatchObject({ actor: 'user:alice', target_key: 'alice' });
  });

  it('ends the session a browser still held when it logs in again', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('viewer', 'abel');
    const first = await fixture.login('abel', PASSWORD);
    const second = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: first },
      payload: { username: 'abel', password: PASSWORD },
    });
    expect(second.statusCode).toBe(200);
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: first } })).statusCode,
    ).toBe(401);
    const current = sessionCookieOf(second);
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: current } })).statusCode,
    ).toBe(200);
  });

  it('answers a wrong password and an unknown user alike with 401, and audits both failures', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('viewer', 'bob');
    const wrong = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'bob', password: 'not the password at all' },
    });
    const unknown = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Wrong username or password.',
    });
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const failures = await auditEvents(fixture, 'auth.login_failed');
    expect(failures.map((event) => [event.actor, event.target_key, event.meta?.reason])).toEqual([
      ['anonymous', 'bob', 'wrong_password'],
      ['anonymous', 'nobody', 'unknown_user'],
    ]);
    const everything = JSON.stringify(
      await fixture.testStore.store.db.selectFrom('audit_events').selectAll().execute(),
    );
    expect(everything).not.toContain('not the password');
    expect(everything).not.toContain('$argon2');
  });

  it('limits login attempts per username, then lets the owner in once the minute has passed', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('viewer', 'carol');
    const attempt = (password: string) =>
      fixture?.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'carol', password },
      });
    for (let i = 0; i < 5; i += 1) expect((await attempt('guess number one'))?.statusCode).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked?.statusCode).toBe(429);
    expect(blocked?.json().error.code).toBe('RATE_LIMITED');
    expect(Number(blocked?.headers['retry-after'])).toBeGreaterThan(0);
    fixture.clock.advance(61_000);
    expect((await attempt(PASSWORD))?.statusCode).toBe(200);
  });

  it('limits login attempts per client address whatever the username', async () => {
    fixture = await createWebFixture({ loginLimits: { perIp: 3, perUsername: 100 } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fixture.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `user${i}`, password: 'whatever password' },
      });
      codes.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.json().error.code).toBe('RATE_LIMITED');
        expect(response.headers['retry-after']).toBeDefined();
      }
    }
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('ends a session after 12 idle hours, saying to log in again', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('viewer', 'dave');
    const session = await fixture.login('dave', PASSWORD);
    fixture.clock.advance(11 * HOUR);
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: session } })).statusCode,
    ).toBe(200);
    fixture.clock.advance(12 * HOUR + 1000);
    const expired = await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: session } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Your session has expired. Log in again.',
      details: { reason: 'session_expired' },
    });
    expect(String(expired.headers['set-cookie'])).toContain('vigie_session=;');
  });

  it('ends a session 7 days after login even when it is used all along', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('viewer', 'erin');
    const session = await fixture.login('erin', PASSWORD);
    for (let elapsed = 0; elapsed < 7 * 24 * HOUR - 11 * HOUR; elapsed += 11 * HOUR) {
      fixture.clock.advance(11 * HOUR);
      expect(
        (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: session } })).statusCode,
      ).toBe(200);
    }
    fixture.clock.advance(11 * HOUR);
    const expired = await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: session } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.details.reason).toBe('session_expired');
  });

  it('marks the cookie Secure when Vigie runs behind TLS', async () => {
    fixture = await createWebFixture({ env: { VIGIE_SECURE_COOKIES: '1' } });
    await fixture.addAccount('viewer', 'frank');
    const login = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'frank', password: PASSWORD },
    });
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
    expect(login.headers['strict-transport-security']).toBeDefined();
  });

  it('refuses a disabled account at login and ends its open sessions', async () => {
    fixture = await createWebFixture();
    const { account: admin } = await fixture.addAccount('provider_admin', 'root-admin');
    const { account: gina } = await fixture.addAccount('customer_manager', 'gina');
    const adminSession = await fixture.login(admin.username, PASSWORD);
    const ginaSession = await fixture.login('gina', PASSWORD);

    const disable = await fixture.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${gina.id}`,
      headers: SAME_ORIGIN,
      cookies: { vigie_session: adminSession },
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect(disable.json().user.disabled).toBe(true);

    const meAfter = await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: ginaSession } });
    expect(meAfter.statusCode).toBe(401);
    const relogin = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'gina', password: PASSWORD },
    });
    expect(relogin.statusCode).toBe(401);
    expect(relogin.json().error.message).toBe('This account is disabled.');

    const [event] = await auditEvents(fixture, 'user.disable');
    expect(event).toMatchObject({ actor: 'user:root-admin', target_key: 'gina' });
    expect(event?.before).toEqual({ disabled: false });
    expect(event?.after).toEqual({ disabled: true, sessionsEnded: 1 });
    expect((await auditEvents(fixture, 'auth.login_failed')).at(-1)?.meta?.reason).toBe('account_disabled');
  });
});
