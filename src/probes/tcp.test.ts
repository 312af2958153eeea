import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  loopbackProbeDeps,
  startTcpTarget,
  type Target,
  unusedPort,
} from '../../test/support/probe-targets.js';
import { prepareCheck, runCheck } from './registry.js';

const deps = loopbackProbeDeps();
const check = (options: Record<string, unknown>, signal = new AbortController().signal) =>
  runCheck(deps, prepareCheck('tcp', options), signal);

describe('tcp probe', () => {
  let banner: Target;
  let silent: Target;
  beforeAll(async () => {
    banner = await startTcpTarget('SSH-2.0-VigieTest\r\n');
    silent = await startTcpTarget();
  });
  afterAll(async () => {
    await banner.close();
    await silent.close();
  });

  it('is up when the port accepts, and closes its socket', async () => {
    const result = await check({ host: '127.0.0.1', port: banner.port });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^TCP connection to 127\.0\.0\.1:\d+ in \d+ ms$/);
    expect(await eventually(() => banner.openConnections() === 0)).toBe(true);
  });

  it('checks the banner, as text or regex', async () => {
    expect((await check({ host: 'localhost', port: banner.port, banner: 'SSH-2.0-' })).status).toBe('up');
    expect(
      (await check({ host: '127.0.0.1', port: banner.port, bannerRegex: '^SSH-2\\.0-\\w+' })).status,
    ).toBe('up');
    const wrong = await check({ host: '127.0.0.1', port: banner.port, banner: '220 ' });
    expect(wrong.status).toBe('down');
    expect(wrong.message).toContain('expected "220 "');
  });

  it('is down on a refused port', async () => {
    const port = await unusedPort();
    const result = await check({ host: '127.0.0.1', port });
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${port}: connection refused` });
  });

  it('honours the timeout when the banner never comes, and closes its socket', async () => {
    const started = Date.now();
    const result = await check({ host: '127.0.0.1', port: silent.port, banner: 'hello', timeout: '300ms' });
    expect(Date.now() - started).toBeLessThan(800);
    expect(result.status).toBe('down');
    expect(result.message).toContain('within 300 ms');
    expect(await eventually(() => silent.openConnections() === 0)).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await check(
      { host: '127.0.0.1', port: silent.port, banner: 'x', timeout: '10s' },
      controller.signal,
    );
    expect(result.status).toBe('down');
    expect(result.message).toContain('cancelled');
    expect(await eventually(() => silent.openConnections() === 0)).toBe(true);
  });

  it('refuses a target outside the allowlist before any connection', async () => {
    for (const host of ['10.0.0.1', '169.254.169.254']) {
      const result = await check({ host, port: 80 });
      expect(result.status).toBe('down');
      expect(result.message).toContain('outside the outbound allowlist');
      expect(result.details).toMatchObject({ error: 'OUTBOUND_REFUSED' });
      expect(result.latencyMs).toBeLessThan(50);
    }
  });
});
