import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import { appendJournalEntry } from '../journal/append.js';
import { checkHostKey } from './host-keys.js';

/** An ed25519 public key blob in SSH wire format, as a server would present it. */
function fakeHostKey(): Buffer {
  const name = Buffer.from('ssh-ed25519');
  const key = randomBytes(32);
  const blob = Buffer.alloc(8 + name.length + key.length);
  blob.writeUInt32BE(name.length, 0);
  name.copy(blob, 4);
  blob.writeUInt32BE(key.length, 4 + name.length);
  key.copy(blob, 8 + name.length);
  return blob;
}

describe(`host key and journal routes on ${TEST_DIALECT}`, () => {
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
  const deps = () => ({
    store: fixture.deps.store,
    clock: fixture.clock,
    dialect: fixture.deps.store.dialect,
  });

  it('lists pending keys and lets an engineer approve one, audited; a viewer may not', async () => {
    const blob = fakeHostKey();
    await expect(checkHostKey(deps(), { host: 'db03', address: '10.0.0.3:22', blob })).rejects.toThrow(
      /pending/,
    );
    const listed = await call('GET', '/api/v1/hostkeys', engineer);
    expect(listed.statusCode).toBe(200);
    const [key] = listed.json().items;
    expect(key).toMatchObject({
      host: 'db03',
      status: 'pending',
      algorithm: 'ssh-ed25519',
      address: '10.0.0.3:22',
    });

    expect((await call('POST', '/api/v1/hostkeys/db03/approve', viewer, {})).statusCode).toBe(403);
    const approved = await call('POST', '/api/v1/hostkeys/db03/approve', engineer, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      approved: { status: 'approved', fingerprint: key.fingerprint },
      replaced: null,
    });
    await expect(
      checkHostKey(deps(), { host: 'db03', address: '10.0.0.3:22', blob }),
    ).resolves.toBeUndefined();

    const events = await fixture.deps.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'hostkey.approve')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toMatch(/^user:/);
  });

  it('shows a changed key as an alert, and needs the fingerprint to replace the pinned one', async () => {
    const other = fakeHostKey();
    await expect(checkHostKey(deps(), { host: 'db03', address: '10.0.0.3:22', blob: other })).rejects.toThrow(
      /changed/,
    );
    const alerts = await call('GET', '/api/v1/security-alerts?host=db03', engineer);
    expect(alerts.json().items[0]).toMatchObject({ kind: 'host_key_mismatch', host: 'db03' });

    const bare = await call('POST', '/api/v1/hostkeys/db03/approve', engineer, {});
    expect(bare.statusCode).toBe(409);
    expect(bare.json().error.hint).toContain('--fingerprint SHA256:');
    const pending = (await call('GET', '/api/v1/hostkeys?host=db03', engineer))
      .json()
      .items.find((k: { status: string }) => k.status === 'pending');
    const rejected = await call('POST', '/api/v1/hostkeys/db03/reject', engineer, {
      fingerprint: pending.fingerprint,
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    await expect(checkHostKey(deps(), { host: 'db03', address: '10.0.0.3:22', blob: other })).rejects.toThrow(
      /changed/,
    );
  });

  it('serves the journal to readers, not to developers', async () => {
    await fixture.deps.store.transaction((trx) =>
      appendJournalEntry({ clock: fixture.clock, dialect: fixture.deps.store.dialect }, trx, {
        startedAt: new Date('2026-11-28T08:00:00Z'),
        endedAt: new Date('2026-11-28T08:00:02Z'),
        actor: 'job:facts',
        category: 'operation',
        hosts: ['db03'],
        summary: 'facts on db03',
        result: 'ok',
      }),
    );
    const listed = await call('GET', '/api/v1/journal?host=db03&since=2026-11-01T00:00:00Z', viewer);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({
      items: [{ summary: 'facts on db03', durationMs: 2000 }],
      nextBeforeSeq: null,
    });
    expect((await call('GET', '/api/v1/journal', developer)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/journal?since=yesterday', viewer)).statusCode).toBe(400);
  });
});
