import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../support/test-store.js';
import { auditEvents, createWebFixture, PASSWORD, SAME_ORIGIN, type WebFixture } from './web-fixture.js';

describe(`accounts API on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  async function adminSession(): Promise<{ session: string; id: string }> {
    if (!fixture) throw new Error('no fixture');
    const { account } = await fixture.addAccount('provider_admin', 'admin');
    return { session: await fixture.login('admin', PASSWORD), id: account.id };
  }

  function asAdmin(session: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    if (!fixture) throw new Error('no fixture');
    return fixture.app.inject({
      method,
      url,
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  it('adds an account with a generated password shown once, and audits it without secrets', async () => {
    fixture = await createWebFixture();
    const { session } = await adminSession();
    const added = await asAdmin(session, 'POST', '/api/v1/users', {
      username: 'J.Dupont',
      role: 'customer_developer',
      displayName: 'Jeanne Dupont',
      email: 'jeanne@example.org',
      personKey: 'jeanne-dupont',
    });
    expect(added.statusCode).toBe(201);
    const { user, password } = added.json() as { user: Record<string, unknown>; password: string };
    expect(user).toMatchObject({
      username: 'j.dupont',
      role: 'customer_developer',
      personKey: 'jeanne-dupont',
      disabled: false,
    });
    expect(JSON.stringify(user)).not.toMatch(/hash|argon/i);
    expect(password).toHaveLength(24);
    expect((await fixture.login('j.dupont', password)).length).toBeGreaterThan(20);

    const list = await asAdmin(session, 'GET', '/api/v1/users');
    expect(list.json().items.map((u: { username: string }) => u.username)).toEqual(['admin', 'j.dupont']);
    expect(list.body).not.toMatch(/argon2|password_hash/);

    const [event] = await auditEvents(fixture, 'user.add');
    const [, second] = await auditEvents(fixture, 'user.add');
    expect(second).toMatchObject({ actor: 'user:admin', target_kind: 'user', target_key: 'j.dupont' });
    expect(second?.after).toMatchObject({
      username: 'j.dupont',
      role: 'customer_developer',
      email: 'jeanne@example.org',
    });
    expect(second?.meta).toMatchObject({ ip: '127.0.0.1' });
    expect(JSON.stringify([event, second])).not.toMatch(/argon2|password/i);
  });

  it('refuses a short password, a bad username and a taken one with clear 4xx errors', async () => {
    fixture = await createWebFixture();
    const { session } = await adminSession();
    const short = await asAdmin(session, 'POST', '/api/v1/users', {
      username: 'kim',
      role: 'viewer',
      password: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('at least 12');
    const badName = await asAdmin(session, 'POST', '/api/v1/users', { username: '9 lives', role: 'viewer' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.details[0].path).toBe('username');
    const taken = await asAdmin(session, 'POST', '/api/v1/users', { username: 'ADMIN', role: 'viewer' });
    expect(taken.statusCode).toBe(409);
    const badRole = await asAdmin(session, 'POST', '/api/v1/users', { username: 'lea', role: 'superuser' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.details[0].path).toBe('body.role');
  });

  it('changes a role with a before/after audit event, and keeps at least one provider administrator', async () => {
    fixture = await createWebFixture();
    const { session, id: adminId } = await adminSession();
    const { account: max } = await fixture.addAccount('viewer', 'max');
    const changed = await asAdmin(session, 'PATCH', `/api/v1/users/${max.id}`, {
      role: 'customer_manager',
      displayName: 'Max M.',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user).toMatchObject({ role: 'customer_manager', displayName: 'Max M.' });
    const [event] = await auditEvents(fixture, 'user.update');
    expect(event?.before).toEqual({ role: 'viewer', displayName: 'max' });
    expect(event?.after).toEqual({ role: 'customer_manager', displayName: 'Max M.' });

    const demoteSelf = await asAdmin(session, 'PATCH', `/api/v1/users/${adminId}`, { role: 'viewer' });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().error.message).toContain('last enabled provider administrator');
    const disableSelf = await asAdmin(session, 'PATCH', `/api/v1/users/${adminId}`, { disabled: true });
    expect(disableSelf.statusCode).toBe(409);
    const unknown = await asAdmin(session, 'PATCH', '/api/v1/users/no-such-id', { role: 'viewer' });
    expect(unknown.statusCode).toBe(404);
  });

  it('resets a password: the old one stops working and the sessions end', async () => {
    fixture = await createWebFixture();
    const { session } = await adminSession();
    const { account: nora } = await fixture.addAccount('viewer', 'nora');
    const noraSession = await fixture.login('nora', PASSWORD);
    const reset = await asAdmin(session, 'POST', `/api/v1/users/${nora.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const { password } = reset.json() as { password: string };
    expect(password).toHaveLength(24);
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: noraSession } })).statusCode,
    ).toBe(401);
    const oldPassword = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nora', password: PASSWORD },
    });
    expect(oldPassword.statusCode).toBe(401);
    await fixture.login('nora', password);
    const [event] = await auditEvents(fixture, 'user.reset_password');
    expect(event).toMatchObject({ actor: 'user:admin', target_key: 'nora' });
    expect(event?.after).toMatchObject({ sessionsEnded: 1 });
    expect(JSON.stringify(event)).not.toContain(password);
  });

  it('remembers the language per user', async () => {
    fixture = await createWebFixture();
    const { account } = await fixture.addAccount('customer_developer', 'olga');
    const session = await fixture.login('olga', PASSWORD);
    const patched = await fixture.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { locale: 'en' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().user.locale).toBe('en');
    const again = await fixture.login(account.username, PASSWORD);
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: again } })).json().user.locale,
    ).toBe('en');
    const [event] = await auditEvents(fixture, 'user.update');
    expect(event).toMatchObject({ actor: 'user:olga', before: { locale: 'fr' }, after: { locale: 'en' } });
    const bad = await fixture.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { locale: 'de' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.locale');
  });
});
