import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveFirstKey, hostOf, remoteDeps } from '../../test/support/remote-deps.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { isAppError } from '../errors/app-error.js';
import { listJournalEntries } from '../journal/list-entries.js';
import { listHostKeys } from './host-keys.js';
import type { RemoteHost, SshRunner } from './remote-host.js';
import { createSshRunner, type SshRunnerDeps } from './ssh-runner.js';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe(`SSH runner against a real sshd on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let testStore: TestStore;
  let deps: SshRunnerDeps;
  let runner: SshRunner;
  let host: RemoteHost;

  beforeAll(async () => {
    sshd = await startSshd();
    testStore = await createTestStore();
    deps = remoteDeps(testStore);
    runner = createSshRunner(deps, { commandTimeoutMs: 20_000 });
    host = await hostOf(deps, sshd, 'db03');
  });
  afterAll(async () => {
    await runner?.close();
    await testStore?.cleanup();
    await sshd?.stop();
  });

  it('records the first key as pending and runs nothing until it is approved', async () => {
    const marker = `/tmp/vigie-first-contact-${process.pid}`;
    const error = await failure(runner.run(host, { argv: ['touch', marker] }, { actor: 'test' }));
    expect(error.code).toBe('HOST_KEY_UNAPPROVED');
    expect(error.message).toContain('db03');
    expect(fs.existsSync(marker)).toBe(false);
    const keys = await listHostKeys(deps, { host: 'db03' });
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ status: 'pending', algorithm: 'ssh-ed25519' });
    expect(keys[0]?.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);

    await approveFirstKey(deps, 'db03');
    const result = await runner.run(host, { argv: ['echo', 'hello'] }, { actor: 'test' });
    expect(result).toMatchObject({ host: 'db03', exitCode: 0, stdout: 'hello\n' });
  });

  it('passes hostile arguments as literal words, never to a shell', async () => {
    const marker = `/tmp/vigie-pwned-${process.pid}`;
    const hostile = [
      '; rm -rf /nonexistent-vigie',
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `a\ntouch ${marker}`,
      `it's "quoted" \\ back`,
      '*',
      '/etc/*',
      `' ; touch ${marker} ; '`,
      '&& touch x || true',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the point.
      '$HOME ${PATH}',
      '',
      '-n',
      '> /tmp/redirected',
    ];
    const result = await runner.run(host, { argv: ['printf', '%s\\n', ...hostile] }, { actor: 'test' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(hostile.map((arg) => `${arg}\n`).join(''));
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync('/tmp/redirected')).toBe(false);
  });

  it('kills a command that outlives its time limit, and says so', async () => {
    const started = Date.now();
    const error = await failure(
      runner.run(host, { argv: ['sleep', '31.5'] }, { actor: 'test', timeoutMs: 700 }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('REMOTE_FAILED');
    expect(error.message).toMatch(/sleep on db03 did not finish within 700 ms and was killed/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const check = await runner.run(host, { argv: ['pgrep', '-f', '-x', 'sleep 31.5'] }, { actor: 'test' });
    expect(check.exitCode).toBe(1);
  });

  it('returns a failing exit code as a result and journals it as failed', async () => {
    const result = await runner.run(host, { argv: ['sh', '-c', 'echo oops >&2; exit 3'] }, { actor: 'test' });
    expect(result).toMatchObject({ exitCode: 3, stderr: 'oops\n' });
    const [last] = await listJournalEntries(testStore.store.db, { host: 'db03', limit: 1 });
    expect(last).toMatchObject({ result: 'failed', error: 'exit 3: oops', actor: 'test', hosts: ['db03'] });
  });

  it('limits concurrent commands per host and reuses the connection', async () => {
    const limited = createSshRunner(deps, { maxPerHost: 2 });
    try {
      const started = Date.now();
      const runs = Array.from({ length: 4 }, () =>
        limited.run(host, { argv: ['sleep', '0.4'] }, { actor: 'test' }),
      );
      await Promise.all(runs);
      // Two waves of two: at least 0.8 s; four at once would take about 0.4 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(750);
      const sessions = await limited.run(
        host,
        { argv: ['sh', '-c', 'echo $SSH_CONNECTION'] },
        { actor: 't' },
      );
      const again = await limited.run(host, { argv: ['sh', '-c', 'echo $SSH_CONNECTION'] }, { actor: 't' });
      expect(again.stdout).toBe(sessions.stdout);
    } finally {
      await limited.close();
    }
  });

  it('names host and port when nothing listens there', async () => {
    const closedPort = { ...host, name: 'host04', port: 1 };
    const error = await failure(runner.run(closedPort, { argv: ['true'] }, { actor: 'test' }));
    expect(error.code).toBe('REMOTE_FAILED');
    expect(error.message).toContain('host04');
    expect(error.message).toContain('127.0.0.1:1');
    const [last] = await listJournalEntries(testStore.store.db, { host: 'host04', limit: 1 });
    expect(last).toMatchObject({ result: 'failed' });
    expect(last?.error).toContain('REMOTE_FAILED');
  });

  it('refuses a host outside the outbound allowlist before connecting', async () => {
    const strict = createSshRunner({
      ...deps,
      policy: (await import('../net/outbound-policy.js')).createOutboundPolicy(['10.0.0.0/8']),
    });
    try {
      const error = await failure(strict.run(host, { argv: ['true'] }, { actor: 'test' }));
      expect(error.code).toBe('OUTBOUND_REFUSED');
      expect(error.message).toContain('127.0.0.1');
      const keys = await listHostKeys(deps, { host: 'db03' });
      expect(keys.map((k) => k.status)).toEqual(['approved']);
    } finally {
      await strict.close();
    }
  });

  it('reaches a host through a jump host', async () => {
    const behind: RemoteHost = { ...host, name: 'host03', jump: host };
    await failure(runner.run(behind, { argv: ['true'] }, { actor: 'test' }));
    await approveFirstKey(deps, 'host03');
    const result = await runner.run(
      behind,
      { argv: ['sh', '-c', 'echo $SSH_CONNECTION'] },
      { actor: 'test' },
    );
    expect(result.exitCode).toBe(0);
    // Through the jump, sshd sees a connection from itself (the forward), not from this process directly.
    expect(result.stdout).toMatch(/^127\.0\.0\.1 \d+ 127\.0\.0\.1 \d+\n$/);
    const [last] = await listJournalEntries(testStore.store.db, { host: 'host03', limit: 1 });
    expect(last?.detail).toContain('via db03');
  });
});
