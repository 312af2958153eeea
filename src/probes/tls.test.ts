import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  generateTestCertificates,
  loopbackProbeDeps,
  startHttpsTarget,
  startTcpTarget,
  type Target,
  type TestCertificates,
} from '../../test/support/probe-targets.js';
import { prepareCheck, runCheck } from './registry.js';

const deps = loopbackProbeDeps();
const check = (options: Record<string, unknown>) =>
  runCheck(deps, prepareCheck('tls', options), new AbortController().signal);

describe('tls probe', () => {
  let certs: TestCertificates;
  const servers: Record<string, Target> = {};
  let silent: Target;
  beforeAll(async () => {
    certs = await generateTestCertificates();
    for (const name of ['valid', 'expiringSoon', 'expired', 'otherHost', 'selfSigned'] as const) {
      servers[name] = await startHttpsTarget(certs[name]);
    }
    silent = await startTcpTarget();
  });
  afterAll(async () => {
    for (const server of Object.values(servers)) await server.close();
    await silent.close();
    certs.cleanup();
  });
  const port = (name: string): number => servers[name]?.port ?? 0;

  it('is up for a valid certificate from a trusted CA, with days to expiry', async () => {
    const result = await check({ host: 'localhost', port: port('valid'), ca: certs.caCert });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^Certificate of localhost \(localhost:\d+\) valid, (59|60) days left/);
    expect(result.metrics?.days_to_expiry).toBeGreaterThan(59);
    expect(result.details).toMatchObject({ subject: 'localhost', issuer: 'Vigie Test CA' });
    expect(await eventually(() => servers.valid?.openConnections() === 0)).toBe(true);
  });

  it('is degraded when it expires within warnDays', async () => {
    const result = await check({ host: 'localhost', port: port('expiringSoon'), ca: certs.caCert });
    expect(result.status).toBe('degraded');
    expect(result.message).toContain('expires soon: 4 days left');
    expect(
      (await check({ host: 'localhost', port: port('expiringSoon'), ca: certs.caCert, warnDays: 3 })).status,
    ).toBe('up');
  });

  it('is down when expired, for another host name, or self-signed', async () => {
    const expired = await check({ host: 'localhost', port: port('expired'), ca: certs.caCert });
    expect(expired).toMatchObject({ status: 'down' });
    expect(expired.message).toContain('expired on 2020-02-01');
    expect(expired.metrics?.days_to_expiry).toBeLessThan(0);
    const other = await check({ host: 'localhost', port: port('otherHost'), ca: certs.caCert });
    expect(other.message).toContain('does not match the host name');
    const self = await check({ host: 'localhost', port: port('selfSigned') });
    expect(self.status).toBe('down');
    expect(self.message).toContain('is not trusted: DEPTH_ZERO_SELF_SIGNED_CERT');
    expect((await check({ host: 'localhost', port: port('selfSigned'), verifyChain: false })).status).toBe(
      'up',
    );
  });

  it('checks the name given as serverName (SNI) when the host is an address', async () => {
    const other = await check({
      host: '127.0.0.1',
      port: port('otherHost'),
      serverName: 'other.example',
      ca: certs.caCert,
    });
    expect(other.status).toBe('up');
  });

  it('requires a minimum protocol', async () => {
    const result = await check({
      host: 'localhost',
      port: port('valid'),
      ca: certs.caCert,
      minProtocol: 'TLSv1.3',
    });
    expect(result.details?.protocol).toBe('TLSv1.3');
    expect(result.status).toBe('up');
  });

  it('honours the timeout against a server that never speaks TLS, and closes its socket', async () => {
    const started = Date.now();
    const result = await check({ host: '127.0.0.1', port: silent.port, timeout: '300ms' });
    expect(Date.now() - started).toBeLessThan(800);
    expect(result.status).toBe('down');
    expect(await eventually(() => silent.openConnections() === 0)).toBe(true);
  });

  it('refuses a host outside the allowlist', async () => {
    const result = await check({ host: '169.254.169.254', port: 443 });
    expect(result).toMatchObject({ status: 'down', details: { error: 'OUTBOUND_REFUSED' } });
  });
});
