import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveFirstKey, hostOf, remoteDeps } from '../../test/support/remote-deps.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { isAppError } from '../errors/app-error.js';
import { listJournalEntries } from '../journal/list-entries.js';
import type { RemoteHost, SshRunner } from './remote-host.js';
import { createSshRunner, type SshRunnerDeps } from './ssh-runner.js';

describe(`sudo over SSH on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let testStore: TestStore;
  let deps: SshRunnerDeps;
  let runner: SshRunner;
  let host: RemoteHost;

  beforeAll(async () => {
    // A real account without sudo rights: `sudo -n` must fail, not prompt.
    sshd = await startSshd({ user: 'vigie-nosudo' });
    testStore = await createTestStore();
    deps = remoteDeps(testStore);
    runner = createSshRunner(deps);
    host = await hostOf(deps, sshd, 'host03');
    await runner.run(host, { argv: ['true'] }, { actor: 'test' }).catch(() => undefined);
    await approveFirstKey(deps, 'host03');
  });
  afterAll(async () => {
    await runner?.close();
    await testStore?.cleanup();
    await sshd?.stop();
  });

  it('runs as the SSH user without sudo', async () => {
    const result = await runner.run(host, { argv: ['id', '-un'] }, { actor: 'test' });
    expect(result.stdout).toBe('vigie-nosudo\n');
  });

  it('reports a refused sudo clearly, and journals it', async () => {
    let caught: unknown;
    try {
      await runner.run(host, { argv: ['id', '-u'], sudo: true }, { actor: 'test' });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('REMOTE_FAILED');
    expect(isAppError(caught) && caught.message).toMatch(
      /^sudo was refused on host03 for vigie-nosudo: sudo: /,
    );
    const [entry] = await listJournalEntries(deps.store.db, { host: 'host03', limit: 1 });
    expect(entry).toMatchObject({ result: 'failed' });
    expect(entry?.detail).toContain('(sudo)');
  });
});
