import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  generateTestCertificates,
  loopbackProbeDeps,
  startHttpsTarget,
  startHttpTarget,
  type Target,
  type TestCertificates,
  unusedPort,
} from '../../test/support/probe-targets.js';
import { prepareCheck, runCheck } from './registry.js';

const deps = loopbackProbeDeps();
const check = (options: Record<string, unknown>) =>
  runCheck(deps, prepareCheck('http', options), new AbortController().signal);

describe('http probe', () => {
  let target: Target;
  let secure: Target;
  let certs: TestCertificates;
  let base: string;
  beforeAll(async () => {
    target = await startHttpTarget();
    certs = await generateTestCertificates();
    secure = await startHttpsTarget(certs.selfSigned);
    base = `http://127.0.0.1:${target.port}`;
  });
  afterAll(async () => {
    await target.close();
    await secure.close();
    certs.cleanup();
  });

  it('is up on a 2xx with the keyword, and leaves no connection open', async () => {
    const result = await check({ url: `${base}/ok`, keyword: 'vigie' });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^HTTP 200 from http:\/\/127\.0\.0\.1:\d+\/ok in \d+ ms$/);
    expect(result.metrics).toMatchObject({ status: 200 });
    expect(await eventually(() => target.openConnections() === 0)).toBe(true);
  });

  it('is down on an unexpected status, naming what was expected', async () => {
    const result = await check({ url: `${base}/status/503` });
    expect(result).toMatchObject({
      status: 'down',
      message: `HTTP 503 from ${base}/status/503 (expected 2xx)`,
    });
    expect((await check({ url: `${base}/status/404`, status: [200, 404] })).status).toBe('up');
    expect((await check({ url: `${base}/status/204`, status: '2xx' })).status).toBe('up');
  });

  it('reuses its connection only when keepAlive is set', async () => {
    const own = await startHttpTarget();
    const url = `http://127.0.0.1:${own.port}/ok`;
    try {
      expect((await check({ url, keepAlive: true })).status).toBe('up');
      expect(own.openConnections()).toBe(1);
      // undici hands the connection back to its pool a moment after the answer; checks are seconds apart.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await check({ url, keepAlive: true })).status).toBe('up');
      expect(own.openConnections()).toBe(1);
      expect((await check({ url })).status).toBe('up');
      // The default check opened its own connection and closed it: only the kept one remains.
      expect(await eventually(() => own.openConnections() === 1)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('is down when the keyword or regex is missing', async () => {
    const keyword = await check({ url: `${base}/ok`, keyword: 'welcome' });
    expect(keyword.status).toBe('down');
    expect(keyword.message).toContain('keyword "welcome" not found in the body');
    expect((await check({ url: `${base}/ok`, regex: '^hello\\s+\\w+$' })).status).toBe('up');
    expect((await check({ url: `${base}/ok`, regex: '^bye' })).status).toBe('down');
  });

  it('compares a JSON path', async () => {
    expect((await check({ url: `${base}/json`, json: { path: 'db.replicas', equals: 2 } })).status).toBe(
      'up',
    );
    expect((await check({ url: `${base}/json`, json: { path: 'items.0.state', equals: 'up' } })).status).toBe(
      'up',
    );
    const wrong = await check({ url: `${base}/json`, json: { path: 'status', equals: 'degraded' } });
    expect(wrong.message).toContain('JSON status is "ok", expected "degraded"');
    const missing = await check({ url: `${base}/json`, json: { path: 'db.primary', equals: 1 } });
    expect(missing.message).toContain('JSON path db.primary not found');
  });

  it('is degraded when slower than degradedAfter, down past the timeout', async () => {
    const slow = await check({ url: `${base}/slow/300`, degradedAfter: '100ms' });
    expect(slow.status).toBe('degraded');
    expect(slow.message).toContain('slower than 100 ms');
    const started = Date.now();
    const hung = await check({ url: `${base}/hang`, timeout: '400ms' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(hung).toMatchObject({ status: 'down', message: `No answer from ${base}/hang within 400 ms` });
    expect(await eventually(() => target.openConnections() === 0)).toBe(true);
  });

  it('follows redirects up to the limit', async () => {
    const followed = await check({ url: `${base}/redirect/3` });
    expect(followed.status).toBe('up');
    expect(followed.details?.redirects).toHaveLength(3);
    const limited = await check({ url: `${base}/redirect/3`, followRedirects: 1 });
    expect(limited).toMatchObject({ status: 'down' });
    expect(limited.message).toContain('HTTP 302');
  });

  it('checks every redirect hop against the allowlist', async () => {
    const result = await check({
      url: `${base}/redirect-to?url=${encodeURIComponent('http://169.254.169.254/latest/')}`,
    });
    expect(result.status).toBe('down');
    expect(result.message).toContain('169.254.169.254 is outside the outbound allowlist');
  });

  it('refuses a URL outside the allowlist before any connection', async () => {
    const result = await check({ url: 'http://10.0.0.1/' });
    expect(result).toMatchObject({ status: 'down', details: { error: 'OUTBOUND_REFUSED' } });
    expect(result.latencyMs).toBeLessThan(50);
  });

  it('sends headers and basic auth', async () => {
    expect((await check({ url: `${base}/auth` })).message).toContain('HTTP 401');
    const authed = await check({ url: `${base}/auth`, basicAuth: { username: 'vigie', password: 's3cret' } });
    expect(authed.status).toBe('up');
    const headers = await check({
      url: `${base}/headers`,
      headers: { 'x-vigie': 'yes' },
      keyword: '"x-vigie":"yes"',
    });
    expect(headers.status).toBe('up');
  });

  it('caps the body it reads', async () => {
    const capped = await check({ url: `${base}/big`, keyword: 'needle', maxBodyBytes: 1024 });
    expect(capped.status).toBe('down');
    expect(capped.message).toContain('exceeded the size cap');
    expect((await check({ url: `${base}/big`, keyword: 'needle', maxBodyBytes: 4_000_000 })).status).toBe(
      'up',
    );
  });

  it('verifies TLS unless told not to', async () => {
    const url = `https://localhost:${secure.port}/ok`;
    const verified = await check({ url });
    expect(verified.status).toBe('down');
    expect(verified.message).toMatch(/self[- ]signed/i);
    expect((await check({ url, tlsVerify: false })).status).toBe('up');
  });

  it('is down on a refused port', async () => {
    const port = await unusedPort();
    const result = await check({ url: `http://127.0.0.1:${port}/` });
    expect(result.status).toBe('down');
    expect(result.message).toContain('connection refused');
  });

  it('rejects bad options with located problems', () => {
    expect(() => prepareCheck('http', { url: 'not a url' })).toThrow(/url: /);
    expect(() => prepareCheck('http', { url: 'ftp://x/' })).toThrow(/url: /);
    expect(() => prepareCheck('http', { url: 'http://x/', regex: '(' })).toThrow(
      /regex: Not a valid regular expression/,
    );
    expect(() => prepareCheck('http', { url: 'http://x/', timeout: 'soon' })).toThrow(
      /timeout: "soon" is not a duration/,
    );
  });
});
