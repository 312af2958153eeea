import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../support/test-store.js';
import { createWebFixture, PASSWORD, SAME_ORIGIN, type WebFixture } from './web-fixture.js';

/** What a stack trace or a source location looks like in a body. */
const STACK_LIKE = /\n\s+at |\.ts:\d+|\.js:\d+|node_modules/;

describe(`web app on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('answers /healthz and /readyz, and /readyz says 503 when the store is gone', async () => {
    fixture = await createWebFixture();
    const health = await fixture.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await fixture.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', store: TEST_DIALECT });

    await fixture.testStore.store.close();
    const notReady = await fixture.app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().error.code).toBe('STORE_UNAVAILABLE');
    expect(notReady.body).not.toMatch(STACK_LIKE);
    expect((await fixture.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers an unexpected failure with 500, a generic message and a request id, never a stack', async () => {
    fixture = await createWebFixture();
    await fixture.addAccount('viewer', 'paul');
    const session = await fixture.login('paul', PASSWORD);
    // The store disappearing under a request is a server fault the handler does not expect.
    await fixture.testStore.store.close();
    const response = await fixture.app.inject({ url: '/api/v1/me', cookies: { vigie_session: session } });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.error).toMatchObject({ code: 'INTERNAL', message: 'Something went wrong on the server.' });
    expect(body.error.details.requestId).toBe(response.headers['x-request-id']);
    expect(response.body).not.toMatch(STACK_LIKE);
    expect(response.body).not.toMatch(/destroyed|driver|sqlite|pool/i);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    fixture = await createWebFixture();
    for (const url of ['/api/v1/nothing-here', '/api/nope', '/api/v1/users/x/y/z']) {
      const response = await fixture.app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    const post = await fixture.app.inject({ method: 'POST', url: '/api/v1/nothing', payload: {} });
    expect(post.statusCode).toBe(404);
  });

  it('answers a schema violation with 400 naming the field paths', async () => {
    fixture = await createWebFixture();
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 42, password: '', extra: true },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('BAD_INPUT');
    const paths = error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
    expect(error.message).toContain('body.username');
    expect(response.body).not.toMatch(STACK_LIKE);

    const badJson = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('BAD_INPUT');
    expect(badJson.body).not.toMatch(STACK_LIKE);
  });

  it('answers an oversized body with a JSON 413 before reading it all', async () => {
    fixture = await createWebFixture();
    const huge = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: huge,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(response.json().error.message).toContain('1 MiB');
    expect(response.json().error.details).toEqual({ bodyLimit: 1048576 });
  });

  it('answers 401 before 403 before validation, with JSON bodies', async () => {
    fixture = await createWebFixture();
    const anonymous = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { nonsense: true },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'You are not logged in.',
    });
    await fixture.addAccount('viewer', 'quentin');
    const session = await fixture.login('quentin', PASSWORD);
    const viewer = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: SAME_ORIGIN,
      cookies: { vigie_session: session },
      payload: { nonsense: true },
    });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error).toMatchObject({
      code: 'FORBIDDEN',
      details: { permission: 'users:manage', role: 'viewer' },
    });
    expect(viewer.json().error.message).toContain('users:manage');
  });

  it('publishes the OpenAPI document and its browsable docs', async () => {
    fixture = await createWebFixture();
    const response = await fixture.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/me',
        '/api/v1/me/tokens/{id}',
        '/api/v1/users/{id}',
        '/healthz',
      ]),
    );
    const login = document.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.properties).toHaveProperty('username');
    const listUsers = document.paths['/api/v1/users'].get;
    expect(listUsers.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(listUsers.description).toContain('users:read');
    expect(Object.keys(document.paths).some((p) => p.startsWith('/api/docs'))).toBe(false);

    const docs = await fixture.app.inject({ url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('sends security headers: a same-origin CSP, no framing, no sniffing, a request id', async () => {
    fixture = await createWebFixture();
    const response = await fixture.app.inject({ url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('static web interface', () => {
  let fixture: WebFixture | undefined;
  let uiDir: string | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
    if (uiDir) fs.rmSync(uiDir, { recursive: true, force: true });
  });

  it('serves the built UI, its assets with long caching, and the shell for the app’s own paths', async () => {
    uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-ui-'));
    fs.mkdirSync(path.join(uiDir, 'assets'));
    fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Vigie shell</title>');
    fs.writeFileSync(path.join(uiDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fixture = await createWebFixture({ uiDir });

    const root = await fixture.app.inject({ url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('Vigie shell');
    const asset = await fixture.app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const deepLink = await fixture.app.inject({
      url: '/racks/baie-1?view=front',
      headers: { accept: 'text/html,*/*' },
    });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toContain('Vigie shell');
    expect(deepLink.headers['cache-control']).toBe('no-cache');
    const missingAsset = await fixture.app.inject({ url: '/assets/missing.js', headers: { accept: '*/*' } });
    expect(missingAsset.statusCode).toBe(404);
    const apiFromBrowser = await fixture.app.inject({
      url: '/api/v1/nothing',
      headers: { accept: 'text/html' },
    });
    expect(apiFromBrowser.statusCode).toBe(404);
    expect(apiFromBrowser.headers['content-type']).toContain('application/json');
  });

  it('says plainly when the UI is not built', async () => {
    fixture = await createWebFixture({ uiDir: path.join(os.tmpdir(), 'vigie-no-such-ui') });
    const page = await fixture.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build:ui');
    expect((await fixture.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
