import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DnsTarget, loopbackProbeDeps, startDnsTarget } from '../../test/support/probe-targets.js';
import { prepareCheck, runCheck } from './registry.js';

const deps = loopbackProbeDeps();
const check = (options: Record<string, unknown>) =>
  runCheck(deps, prepareCheck('dns', options), new AbortController().signal);

const ZONE = {
  'www.carif-oref.test': { A: ['10.20.0.13', '10.20.0.14'], TXT: ['v=spf1 -all'] },
};

describe('dns probe', () => {
  let dns: DnsTarget;
  let silent: DnsTarget;
  beforeAll(async () => {
    dns = await startDnsTarget(ZONE);
    silent = await startDnsTarget(ZONE, { silent: true });
  });
  afterAll(async () => {
    await dns.close();
    await silent.close();
  });

  it('is up when the records equal or contain the expected values', async () => {
    const equals = await check({
      name: 'www.carif-oref.test',
      server: dns.server,
      equals: ['10.20.0.14', '10.20.0.13'],
    });
    expect(equals.status).toBe('up');
    expect(equals.message).toBe(`A www.carif-oref.test at ${dns.server}: 10.20.0.13, 10.20.0.14`);
    const txt = await check({
      name: 'www.carif-oref.test',
      type: 'TXT',
      server: dns.server,
      contains: 'v=spf1 -all',
    });
    expect(txt.status).toBe('up');
  });

  it('is down on a wrong value or a missing name', async () => {
    const wrong = await check({ name: 'www.carif-oref.test', server: dns.server, equals: '10.20.0.13' });
    expect(wrong.status).toBe('down');
    expect(wrong.message).toContain('expected 10.20.0.13');
    const missing = await check({
      name: 'www.carif-oref.test',
      server: dns.server,
      contains: ['10.20.0.99'],
    });
    expect(missing.message).toContain('missing 10.20.0.99');
    const nx = await check({ name: 'nope.carif-oref.test', server: dns.server });
    expect(nx).toMatchObject({
      status: 'down',
      message: `No A nope.carif-oref.test record at ${dns.server}`,
    });
  });

  it('honours the timeout when the server never answers', async () => {
    const started = Date.now();
    const result = await check({ name: 'www.carif-oref.test', server: silent.server, timeout: '400ms' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(result.status).toBe('down');
    expect(silent.queries()).toBeGreaterThan(0);
  });

  it('refuses a DNS server outside the allowlist without sending the question', async () => {
    const result = await check({ name: 'www.carif-oref.test', server: '10.0.0.1:53' });
    expect(result).toMatchObject({ status: 'down', details: { error: 'OUTBOUND_REFUSED' } });
    expect(result.latencyMs).toBeLessThan(50);
  });

  it('rejects a server that is not an address', () => {
    expect(() => prepareCheck('dns', { name: 'x.test', server: 'ns1.example; rm -rf /' })).toThrow(
      /server: /,
    );
  });
});
