/**
 * The facts API through `app.inject()` against a real sshd, on the dialect under test: gather one host
 * or several, read the latest facts, an older snapshot and the history, see a failed attempt, and the
 * permissions (hosts:read to read, hosts:operate to gather).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { desired } from '../../test/support/inventory-fixtures.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { approveHostKey } from '../remote/host-keys.js';
import { loadSecretBox } from '../remote/secret-box.js';
import { storeSshKey } from '../remote/secrets.js';

describe(`facts routes on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let sshd: SshdFixture;
  let engineer: string;
  let viewer: string;
  let developer: string;

  beforeAll(async () => {
    sshd = await startSshd();
    fixture = await createWebFixture();
    const { deps } = fixture;
    await storeSshKey(
      { store: deps.store, clock: deps.clock, secretBox: loadSecretBox(deps.config) },
      { name: 'ops', privateKey: sshd.clientPrivateKey, actor: 'test' },
    );
    const ssh = { address: '127.0.0.1', port: sshd.port, user: sshd.user, key: 'ops' };
    const vm = (key: string, spec: Record<string, unknown>) =>
      desired('vm', key, { hypervisor: 'virtualwan03', vcpu: 2, memory: 1024 ** 3, disks: [], ...spec });
    await applyInventory(deps, {
      actor: 'cli:tester',
      objects: [vm('db03', { ssh }), vm('host04', { ssh: { ...ssh, port: 1 } }), vm('host05', { ssh })],
    });
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    [engineer, viewer, developer] = [
      await login('provider_engineer'),
      await login('viewer'),
      await login('customer_developer'),
    ];
  });
  afterAll(async () => {
    await fixture?.close();
    await sshd?.stop();
  });

  const call = (method: 'GET' | 'POST', url: string, session: string, payload?: Record<string, unknown>) =>
    fixture.app.inject({
      method,
      url,
      cookies: { vigie_session: session },
      headers: SAME_ORIGIN,
      ...(payload === undefined ? {} : { payload }),
    });

  it('says why a gathering failed, and shows that attempt until one succeeds', async () => {
    const refused = await call('POST', '/api/v1/hosts/db03/facts', engineer);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'HOST_KEY_UNAPPROVED' });
    expect(refused.json().error.hint).toBeTruthy();

    const read = await call('GET', '/api/v1/hosts/db03/facts', viewer);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      facts: null,
      lastAttempt: {
        ok: false,
        actor: expect.stringMatching(/^user:/),
        error: { code: 'HOST_KEY_UNAPPROVED' },
      },
    });

    const { deps } = fixture;
    await approveHostKey(
      { store: deps.store, clock: deps.clock, dialect: deps.store.dialect },
      { host: 'db03', actor: 'test' },
    );
    const gathered = await call('POST', '/api/v1/hosts/db03/facts', engineer);
    expect(gathered.statusCode).toBe(200);
    expect(gathered.json()).toMatchObject({ host: 'db03', ok: true, facts: { host: 'db03', problems: [] } });
    const latest = (await call('GET', '/api/v1/hosts/db03/facts', viewer)).json();
    expect(latest.lastAttempt).toMatchObject({ ok: true, error: null });
    expect(latest.facts.packages.length).toBeGreaterThan(50);
    expect(latest.facts.listening).toContainEqual(
      expect.objectContaining({ port: sshd.port, process: 'sshd' }),
    );
  });

  it('gathers several hosts, each on its own, and keeps the history', async () => {
    fixture.clock.advance(60_000);
    const response = await call('POST', '/api/v1/facts/gather', engineer, { hosts: ['db03', 'host04'] });
    expect(response.statusCode).toBe(200);
    const [db03, host04] = response.json().hosts;
    expect(db03).toMatchObject({ host: 'db03', ok: true });
    expect(host04).toMatchObject({ host: 'host04', ok: false, error: { code: 'REMOTE_FAILED' } });
    expect(host04.error.message).toMatch(/^Cannot reach host04 at 127\.0\.0\.1:1/);

    const history = await call('GET', '/api/v1/hosts/db03/facts/history?limit=5', viewer);
    expect(history.statusCode).toBe(200);
    const items = history.json().items;
    expect(items).toHaveLength(2);
    expect(items[0].gatheredAt).toBe('2026-11-28T09:01:00.000Z');
    expect(items[1].gatheredAt).toBe('2026-11-28T09:00:00.000Z');
    expect(items[0].summary).toMatchObject({ problems: 0, rebootRequired: false });

    const older = await call(
      'GET',
      `/api/v1/hosts/db03/facts?at=${encodeURIComponent(items[1].gatheredAt)}`,
      viewer,
    );
    expect(older.json().facts.gatheredAt).toBe('2026-11-28T09:00:00.000Z');
    const missing = await call('GET', '/api/v1/hosts/db03/facts?at=2020-01-01T00:00:00.000Z', viewer);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.hint).toContain('/facts/history');
  });

  it('answers 404 with a hint for a host never gathered or unknown', async () => {
    const never = await call('GET', '/api/v1/hosts/host05/facts', viewer);
    expect(never.statusCode).toBe(404);
    expect(never.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'The facts of host05 were never gathered',
      hint: 'Gather them now (POST /api/v1/hosts/host05/facts, or vigie facts host05).',
    });
    const unknown = await call('GET', '/api/v1/hosts/nope/facts', viewer);
    expect(unknown.json().error.message).toBe('No VM or device named nope in the inventory');
    const gatherUnknown = await call('POST', '/api/v1/hosts/nope/facts', engineer);
    expect(gatherUnknown.statusCode).toBe(404);
  });

  it('lets a viewer read but not gather, and a developer do neither', async () => {
    expect((await call('POST', '/api/v1/hosts/db03/facts', viewer)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/facts/gather', viewer, {})).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/hosts/db03/facts', developer)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/hosts/db03/facts/history', developer)).statusCode).toBe(403);
  });
});
