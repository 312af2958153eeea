import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveFirstKey, hostOf, remoteDeps } from '../../test/support/remote-deps.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { type AppError, isAppError } from '../errors/app-error.js';
import { listJournalEntries } from '../journal/list-entries.js';
import { approveHostKey, listHostKeys, rejectHostKey } from './host-keys.js';
import type { RemoteHost, SshRunner } from './remote-host.js';
import { createSshRunner, type SshRunnerDeps } from './ssh-runner.js';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe(`host key pinning on ${TEST_DIALECT}`, () => {
  let changing: SshdFixture;
  let steady: SshdFixture;
  let testStore: TestStore;
  let deps: SshRunnerDeps;
  let db03: RemoteHost;
  let host04: RemoteHost;

  beforeAll(async () => {
    [changing, steady] = await Promise.all([startSshd(), startSshd()]);
    testStore = await createTestStore();
    deps = remoteDeps(testStore);
    db03 = await hostOf(deps, changing, 'db03', 'key-db03');
    host04 = await hostOf(deps, steady, 'host04', 'key-host04');
  });
  afterAll(async () => {
    await testStore?.cleanup();
    await Promise.all([changing?.stop(), steady?.stop()]);
  });

  const withRunner = async <T>(work: (runner: SshRunner) => Promise<T>): Promise<T> => {
    // A fresh runner per step: a pooled connection would hide a restarted server.
    const runner = createSshRunner(deps);
    try {
      return await work(runner);
    } finally {
      await runner.close();
    }
  };
  const hostKeyDeps = () => ({ store: deps.store, clock: deps.clock, dialect: deps.store.dialect });

  it('stops every operation on a host whose key changed, with an alert, while others keep working', async () => {
    for (const host of [db03, host04]) {
      await withRunner((runner) => failure(runner.run(host, { argv: ['true'] }, { actor: 'test' })));
      await approveFirstKey(deps, host.name);
    }
    expect((await withRunner((r) => r.run(db03, { argv: ['true'] }, { actor: 'test' }))).exitCode).toBe(0);
    const [approved] = await listHostKeys(deps, { host: 'db03' });

    await changing.restart({ newHostKey: true });
    const error = await withRunner((r) => failure(r.run(db03, { argv: ['true'] }, { actor: 'job:facts' })));
    expect(error.code).toBe('HOST_KEY_MISMATCH');
    expect(error.message).toContain(approved?.fingerprint);
    expect(error.hint).toContain('vigie hostkey approve db03 --fingerprint SHA256:');
    // Still refused on the next attempt: nothing was accepted silently.
    const again = await withRunner((r) => failure(r.run(db03, { argv: ['true'] }, { actor: 'job:facts' })));
    expect(again.code).toBe('HOST_KEY_MISMATCH');

    const alerts = await deps.store.db
      .selectFrom('security_alerts')
      .selectAll()
      .where('host', '=', 'db03')
      .execute();
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ kind: 'host_key_mismatch' });
    const [entry] = await listJournalEntries(deps.store.db, { host: 'db03', limit: 1 });
    expect(entry).toMatchObject({ category: 'security', result: 'failed', actor: 'job:facts' });
    expect(entry?.error).toContain('HOST_KEY_MISMATCH');

    const other = await withRunner((r) => r.run(host04, { argv: ['echo', 'fine'] }, { actor: 'test' }));
    expect(other.stdout).toBe('fine\n');

    // Re-approval is explicit: without the fingerprint it is refused and shows both keys.
    const keys = await listHostKeys(deps, { host: 'db03' });
    const presented = keys.find((key) => key.status === 'pending');
    const refused = await failure(approveHostKey(hostKeyDeps(), { host: 'db03', actor: 'user:alice' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(approved?.fingerprint);
    expect(refused.message).toContain(presented?.fingerprint);
    const decision = await approveHostKey(hostKeyDeps(), {
      host: 'db03',
      fingerprint: presented?.fingerprint,
      actor: 'user:alice',
    });
    expect(decision.replaced?.fingerprint).toBe(approved?.fingerprint);
    expect((await withRunner((r) => r.run(db03, { argv: ['true'] }, { actor: 'test' }))).exitCode).toBe(0);
    const audit = await deps.store.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_key', '=', 'db03')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['hostkey.approve', 'hostkey.replace']);
  });

  it('refuses a rejected key', async () => {
    const fresh = { ...host04, name: 'ecwan' };
    await withRunner((r) => failure(r.run(fresh, { argv: ['true'] }, { actor: 'test' })));
    await rejectHostKey(hostKeyDeps(), { host: 'ecwan', actor: 'user:alice' });
    const error = await withRunner((r) => failure(r.run(fresh, { argv: ['true'] }, { actor: 'test' })));
    expect(error.code).toBe('HOST_KEY_UNAPPROVED');
    expect(error.message).toContain('rejected');
  });
});
