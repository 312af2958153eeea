import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackProbeDeps, startTcpTarget, type Target } from '../../test/support/probe-targets.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { prepareCheck, runCheck } from './registry.js';
import { fingerprintOf } from './ssh.js';

const deps = loopbackProbeDeps();
const check = (options: Record<string, unknown>) =>
  runCheck(deps, prepareCheck('ssh', options), new AbortController().signal);

describe('ssh probe', () => {
  let sshd: SshdFixture;
  let silent: Target;
  beforeAll(async () => {
    sshd = await startSshd();
    silent = await startTcpTarget();
  });
  afterAll(async () => {
    await sshd.stop();
    await silent.close();
  });
  const fingerprint = (): string =>
    fingerprintOf(Buffer.from(sshd.hostPublicKey.split(' ')[1] ?? '', 'base64'));

  it('is up when the host key is the expected one, as a fingerprint or a key line', async () => {
    const byFingerprint = await check({ host: sshd.host, port: sshd.port, hostKey: fingerprint() });
    expect(byFingerprint.status).toBe('up');
    expect(byFingerprint.message).toContain(`${fingerprint()}, host key as expected`);
    const byLine = await check({ host: sshd.host, port: sshd.port, hostKey: sshd.hostPublicKey });
    expect(byLine.status).toBe('up');
  });

  it('is down when the host key changed', async () => {
    const before = fingerprint();
    await sshd.restart({ newHostKey: true });
    const result = await check({ host: sshd.host, port: sshd.port, hostKey: before });
    expect(result.status).toBe('down');
    expect(result.message).toContain(`Host key of ${sshd.host}:${sshd.port} changed:`);
    expect(result.message).toContain(`expected ${before}`);
    expect(result.details).toMatchObject({ error: 'HOST_KEY_MISMATCH', fingerprint: fingerprint() });
  });

  it('honours the timeout against a server that never greets', async () => {
    const started = Date.now();
    const result = await check({ host: '127.0.0.1', port: silent.port, timeout: '400ms' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(result.status).toBe('down');
  });

  it('refuses a host outside the allowlist, and a malformed expected key', async () => {
    const result = await check({ host: '10.0.0.1' });
    expect(result).toMatchObject({ status: 'down', details: { error: 'OUTBOUND_REFUSED' } });
    expect(() => prepareCheck('ssh', { host: 'h', hostKey: 'md5:aa:bb' })).toThrow(/hostKey: /);
  });
});
