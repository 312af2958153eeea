import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../support/test-store.js';
import { auditEvents, createWebFixture, PASSWORD, SAME_ORIGIN, type WebFixture } from './web-fixture.js';

describe(`API tokens on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  async function loggedIn(role: 'provider_engineer' | 'viewer' = 'provider_engineer') {
    if (!fixture) throw new Error('no fixture');
    const { account } = await fixture.addAccount(role);
    return { account, session: await fixture.login(account.username, PASSWORD) };
  }

  it('shows a new token once, lets it authenticate, never lists it, and refuses it once revoked', async () => {
    fixture = await createWebFixture();
    const { account, session } = await loggedIn();
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { name: 'backup script' },
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json() as { token: { id: string; prefix: string }; secret: string };
    expect(secret).toMatch(/^vgt_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(token.prefix).toHaveLength(12);

    const viaToken = await fixture.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json().user.username).toBe(account.username);

    const list = await fixture.app.inject({
      url: '/api/v1/me/tokens',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: token.id,
        name: 'backup script',
        prefix: token.prefix,
        lastUsedAt: expect.any(String),
        revokedAt: null,
      }),
    ]);
    const stored = JSON.stringify(
      await fixture.testStore.store.db.selectFrom('api_tokens').selectAll().execute(),
    );
    expect(stored).not.toContain(secret);

    const revoke = await fixture.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${token.id}`,
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
    });
    expect(revoke.statusCode).toBe(204);
    const refused = await fixture.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'This API token has been revoked.',
    });

    const [createEvent] = await auditEvents(fixture, 'token.create');
    const [revokeEvent] = await auditEvents(fixture, 'token.revoke');
    expect(createEvent).toMatchObject({ actor: `user:${account.username}`, target_key: account.username });
    expect(revokeEvent?.after).toMatchObject({ id: token.id, revokedAt: expect.any(String) });
    expect(JSON.stringify([createEvent, revokeEvent])).not.toContain(secret.slice(12));
  });

  it('refuses an expired token and an invented one', async () => {
    fixture = await createWebFixture();
    const { session } = await loggedIn();
    const expiresAt = new Date(fixture.clock.now().getTime() + 60 * 60_000).toISOString();
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { name: 'short-lived', expiresAt },
    });
    const { secret } = created.json() as { secret: string };
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } }))
        .statusCode,
    ).toBe(200);
    fixture.clock.advance(61 * 60_000);
    const expired = await fixture.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.details.reason).toBe('token_expired');

    const invented = await fixture.app.inject({
      url: '/api/v1/me',
      headers: { authorization: 'Bearer vgt_made-up' },
    });
    expect(invented.statusCode).toBe(401);
    expect(invented.json().error.details.reason).toBe('token_unknown');

    const past = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { name: 'already expired', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.statusCode).toBe(400);
  });

  it("cannot revoke someone else's token", async () => {
    fixture = await createWebFixture();
    const first = await loggedIn();
    const second = await loggedIn();
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: first.session },
      payload: { name: 'mine' },
    });
    const { token } = created.json() as { token: { id: string } };
    const attempt = await fixture.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${token.id}`,
      headers: SAME_ORIGIN,
      cookies: { vigie_session: second.session },
    });
    expect(attempt.statusCode).toBe(404);
  });
});

describe(`cross-site request forgery on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('refuses cookie-authenticated changes from another origin or without origin, not from our own pages', async () => {
    fixture = await createWebFixture();
    const { account } = await fixture.addAccount('viewer', 'henri');
    const session = await fixture.login(account.username, PASSWORD);
    const patch = (headers: Record<string, string>) =>
      fixture?.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers,
        cookies: { vigie_session: session },
        payload: { locale: 'en' },
      });

    const evil = await patch({ origin: 'https://evil.example' });
    expect(evil?.statusCode).toBe(403);
    expect(evil?.json().error).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'cross_site_request' },
    });
    expect((await patch({ 'sec-fetch-site': 'cross-site' }))?.statusCode).toBe(403);
    expect((await patch({ 'sec-fetch-site': 'same-site' }))?.statusCode).toBe(403);
    expect((await patch({ origin: 'null' }))?.statusCode).toBe(403);
    expect((await patch({}))?.statusCode).toBe(403);
    expect(
      (await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: session } })).json().user
        .locale,
    ).toBe('fr');

    expect((await patch({ 'sec-fetch-site': 'same-origin' }))?.statusCode).toBe(200);
    expect((await patch({ origin: 'http://localhost' }))?.statusCode).toBe(200);
  });

  it('exempts bearer-token requests, and refuses a cross-site login', async () => {
    fixture = await createWebFixture();
    const { account } = await fixture.addAccount('provider_engineer', 'ines');
    const session = await fixture.login(account.username, PASSWORD);
    const created = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { name: 'ci' },
    });
    const { secret } = created.json() as { secret: string };
    const viaToken = await fixture.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
      payload: { locale: 'en' },
    });
    expect(viaToken.statusCode).toBe(200);

    const crossLogin = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'ines', password: PASSWORD },
    });
    expect(crossLogin.statusCode).toBe(403);
  });
});
