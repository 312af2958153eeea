import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  generateTestCertificates,
  loopbackProbeDeps,
  startHttpsTarget,
  startHttpTarget,
  startTcpTarget,
  type Target,
  type TestCertificates,
  unusedPort,
} from '../../test/support/probe-targets.js';
import { type HttpClientChoice, httpSpecSchema, leanApplies, runHttpCheck } from './http.js';
import type { ProbeResult } from './probe.js';
import { prepareCheck } from './registry.js';

const deps = loopbackProbeDeps();
const run = (options: Record<string, unknown>, client: HttpClientChoice): Promise<ProbeResult> =>
  runHttpCheck(deps, httpSpecSchema.parse(options), new AbortController().signal, client);
/** The same check through the lean client and through undici. */
const both = async (options: Record<string, unknown>): Promise<[ProbeResult, ProbeResult]> => [
  await run(options, 'auto'),
  await run(options, 'undici'),
];

const BIG_HEADER = `X-Big: ${'a'.repeat(100_000)}\r\n`;

interface RawServer extends Target {
  /** The request heads received, in order, as sent on the wire. */
  readonly requests: string[];
}

/** A server written on bare sockets, for answers no HTTP server library would give: `/raw/<how>`. */
async function startRawServer(): Promise<RawServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      if (text.includes('\r\n\r\n')) return;
      text += chunk.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      requests.push(text);
      answer(socket, text.split(' ')[1] ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    requests,
    openConnections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(socket: net.Socket, path: string): void {
  const how = path.split('/')[2]?.split('?')[0];
  if (how === 'ok') {
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  } else if (how === 'reset') {
    socket.write('HTTP/1.1 200 OK\r\nX-Half: ');
    setTimeout(() => socket.resetAndDestroy(), 20);
  } else if (how === 'fin') {
    socket.end('HTTP/1.1 200 OK\r\nX-Half: ');
  } else if (how === 'garbage') {
    socket.write('SSH-2.0-OpenSSH_9.2\r\n');
  } else if (how === 'big') {
    socket.end(`HTTP/1.1 200 OK\r\n${BIG_HEADER}Content-Length: 0\r\n\r\n`);
  } else if (how === 'early') {
    socket.end('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
  } else if (how === 'split') {
    socket.write('HTTP/1.1 20');
    setTimeout(() => socket.write('4 No Content\r\nX-A: b\r'), 10);
    setTimeout(() => socket.end('\n\r\n'), 20);
  } else {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  }
}

describe('http probe, lean client', () => {
  let target: Target;
  let raw: RawServer;
  let secure: Target;
  let signed: Target;
  let otherHost: Target;
  let certs: TestCertificates;
  let base: string;
  let rawBase: string;
  beforeAll(async () => {
    target = await startHttpTarget();
    raw = await startRawServer();
    certs = await generateTestCertificates();
    secure = await startHttpsTarget(certs.selfSigned);
    signed = await startHttpsTarget(certs.valid);
    otherHost = await startHttpsTarget(certs.otherHost);
    base = `http://127.0.0.1:${target.port}`;
    rawBase = `http://127.0.0.1:${raw.port}`;
  });
  afterAll(async () => {
    for (const server of [target, raw, secure, signed, otherHost]) await server.close();
    certs.cleanup();
  });

  it('is chosen for GET or HEAD with nothing in the body judged, on a new connection', () => {
    const spec = (options: Record<string, unknown>) => httpSpecSchema.parse({ url: base, ...options });
    expect(leanApplies(spec({}))).toBe(true);
    expect(leanApplies(spec({ method: 'HEAD', status: 204 }))).toBe(true);
    expect(leanApplies(spec({ keyword: 'vigie' }))).toBe(false);
    expect(leanApplies(spec({ json: { path: 'a', equals: 1 } }))).toBe(false);
    expect(leanApplies(spec({ keepAlive: true }))).toBe(false);
    expect(leanApplies(spec({ method: 'POST', body: '{}' }))).toBe(false);
    expect(leanApplies(spec({ method: 'OPTIONS' }))).toBe(false);
  });

  it('sends a plain HTTP/1.1 request with Host, Connection: close, the headers and basic auth', async () => {
    const before = raw.requests.length;
    const result = await run(
      {
        url: `${rawBase}/raw/ok?from=vigie`,
        headers: { 'X-Vigie': 'yes' },
        basicAuth: { username: 'vigie', password: 's3cret' },
      },
      'auto',
    );
    expect(result.status).toBe('up');
    const token = Buffer.from('vigie:s3cret').toString('base64');
    expect(raw.requests[before]).toBe(
      `GET /raw/ok?from=vigie HTTP/1.1\r\nHost: 127.0.0.1:${raw.port}\r\nConnection: close\r\n` +
        `user-agent: Vigie-check/1\r\nX-Vigie: yes\r\nauthorization: Basic ${token}\r\n\r\n`,
    );
    expect(await eventually(() => raw.openConnections() === 0)).toBe(true);
  });

  it('gives the verdicts undici gives: up, down on a status, basic auth, HEAD', async () => {
    const [up, upUndici] = await both({ url: `${base}/ok` });
    expect(up.status).toBe('up');
    expect(up.message).toMatch(/^HTTP 200 from http:\/\/127\.0\.0\.1:\d+\/ok in \d+ ms$/);
    expect(upUndici.message).toMatch(/^HTTP 200 from http:\/\/127\.0\.0\.1:\d+\/ok in \d+ ms$/);
    expect(up.metrics).toMatchObject({ status: 200 });
    for (const result of await both({ url: `${base}/status/500` })) {
      expect(result).toMatchObject({
        status: 'down',
        message: `HTTP 500 from ${base}/status/500 (expected 2xx)`,
      });
    }
    for (const result of await both({ url: `${base}/auth` })) expect(result.message).toContain('HTTP 401');
    for (const result of await both({
      url: `${base}/auth`,
      basicAuth: { username: 'vigie', password: 's3cret' },
    })) {
      expect(result.status).toBe('up');
    }
    for (const result of await both({ url: `${base}/ok`, method: 'HEAD' })) expect(result.status).toBe('up');
    const before = raw.requests.length;
    expect((await run({ url: `${rawBase}/raw/ok`, method: 'HEAD' }, 'auto')).status).toBe('up');
    expect(raw.requests[before]).toMatch(/^HEAD \/raw\/ok HTTP\/1\.1\r\n/);
    expect(await eventually(() => target.openConnections() === 0)).toBe(true);
  });

  it('follows redirects, each hop checked against the allowlist, credentials to the first origin only', async () => {
    for (const result of await both({ url: `${base}/redirect/3` })) {
      expect(result.status).toBe('up');
      expect(result.details?.redirects).toHaveLength(3);
    }
    for (const result of await both({ url: `${base}/redirect/3`, followRedirects: 1 })) {
      expect(result.status).toBe('down');
      expect(result.message).toContain('HTTP 302');
    }
    const outside = encodeURIComponent('http://169.254.169.254/latest/');
    for (const result of await both({ url: `${base}/redirect-to?url=${outside}` })) {
      expect(result.status).toBe('down');
      expect(result.message).toContain('169.254.169.254 is outside the outbound allowlist');
      expect(result.details).toMatchObject({ error: 'OUTBOUND_REFUSED' });
    }
    const before = raw.requests.length;
    const elsewhere = encodeURIComponent(`${rawBase}/raw/ok`);
    const result = await run(
      { url: `${base}/redirect-to?url=${elsewhere}`, basicAuth: { username: 'vigie', password: 's3cret' } },
      'auto',
    );
    expect(result).toMatchObject({ status: 'up', details: { redirects: [`${rawBase}/raw/ok`] } });
    expect(raw.requests[before]).not.toMatch(/authorization/i);
  });

  it('is down with a clear reason on a refused port, a reset or a close before the headers end', async () => {
    const port = await unusedPort();
    for (const result of await both({ url: `http://127.0.0.1:${port}/` })) {
      expect(result).toMatchObject({ status: 'down', details: { error: 'ECONNREFUSED' } });
      expect(result.message).toBe(`http://127.0.0.1:${port}/: connection refused`);
    }
    for (const result of await both({ url: `${rawBase}/raw/reset` })) {
      expect(result).toMatchObject({ status: 'down', message: `${rawBase}/raw/reset: connection reset` });
    }
    for (const result of await both({ url: `${rawBase}/raw/fin` })) {
      expect(result).toMatchObject({
        status: 'down',
        message: `${rawBase}/raw/fin: connection closed by the server before the end of the response headers`,
        details: { error: 'CLOSED_EARLY' },
      });
    }
  });

  it('says what it got when the answer is not HTTP, at once rather than at the timeout', async () => {
    for (const result of await both({ url: `${rawBase}/raw/garbage`, timeout: '5s' })) {
      expect(result).toMatchObject({
        status: 'down',
        message: `${rawBase}/raw/garbage: not an HTTP response: first bytes "SSH-2.0-OpenSSH_9.2\\r\\n"`,
        details: { error: 'NOT_HTTP' },
      });
      expect(result.latencyMs).toBeLessThan(2000);
    }
    // A server that speaks first (SSH on the port): the lean client does not wait for a blank line.
    const banner = await startTcpTarget('SSH-2.0-OpenSSH_9.2\r\n');
    try {
      const result = await run({ url: `http://127.0.0.1:${banner.port}/`, timeout: '5s' }, 'auto');
      expect(result.message).toContain('not an HTTP response: first bytes "SSH-2.0-OpenSSH_9.2\\r\\n"');
      expect(result.latencyMs).toBeLessThan(2000);
      expect(await eventually(() => banner.openConnections() === 0)).toBe(true);
    } finally {
      await banner.close();
    }
  });

  it('refuses response headers past 64 KiB', async () => {
    for (const result of await both({ url: `${rawBase}/raw/big` })) {
      expect(result).toMatchObject({ status: 'down', details: { error: 'HEADERS_TOO_LARGE' } });
      expect(result.message).toContain(`${rawBase}/raw/big: response headers larger than 64 KiB`);
    }
  });

  it('reads a head split across packets and skips informational answers', async () => {
    for (const result of await both({ url: `${rawBase}/raw/split`, status: 204 })) {
      expect(result.status).toBe('up');
    }
    for (const result of await both({ url: `${rawBase}/raw/early`, status: 204 })) {
      expect(result).toMatchObject({ status: 'up', metrics: { status: 204 } });
    }
  });

  it('ends at the timeout and closes its connection', async () => {
    const started = Date.now();
    const result = await run({ url: `${base}/hang`, timeout: '300ms' }, 'auto');
    expect(Date.now() - started).toBeLessThan(800);
    expect(result).toMatchObject({ status: 'down', message: `No answer from ${base}/hang within 300 ms` });
    expect(await eventually(() => target.openConnections() === 0)).toBe(true);
  });

  it('verifies TLS: a self-signed certificate is refused unless tlsVerify is off', async () => {
    const url = `https://localhost:${secure.port}/ok`;
    for (const result of await both({ url })) {
      expect(result).toMatchObject({ status: 'down', details: { error: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
      expect(result.message).toBe(
        `${url}: TLS certificate refused: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)`,
      );
    }
    for (const result of await both({ url, tlsVerify: false })) expect(result.status).toBe('up');
    // Twice more: the second resumes the first one's session.
    expect((await run({ url, tlsVerify: false }, 'auto')).status).toBe('up');
    expect(await eventually(() => secure.openConnections() === 0)).toBe(true);
  });

  it('checks the certificate against the URL host (SNI) with a private CA', async () => {
    for (const result of await both({ url: `https://localhost:${signed.port}/ok`, ca: certs.caCert })) {
      expect(result.status).toBe('up');
    }
    for (const result of await both({ url: `https://localhost:${otherHost.port}/ok`, ca: certs.caCert })) {
      expect(result).toMatchObject({ status: 'down', details: { error: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
      expect(result.message).toContain(
        "TLS certificate refused: Hostname/IP does not match certificate's altnames",
      );
    }
  });

  it('checks the certificate against the Host header when the URL holds an address (connect_to)', async () => {
    const byAddress = {
      url: `https://127.0.0.1:${signed.port}/ok`,
      ca: certs.caCert,
      headers: { host: 'localhost' },
    };
    for (const result of await both(byAddress)) expect(result.status).toBe('up');
    const wrongName = {
      url: `https://127.0.0.1:${otherHost.port}/ok`,
      ca: certs.caCert,
      headers: { host: 'localhost' },
    };
    for (const result of await both(wrongName)) {
      expect(result).toMatchObject({ status: 'down', details: { error: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    }
  });

  it('refuses header names and values that would break the request', () => {
    expect(() => prepareCheck('http', { url: base, headers: { 'x-a': 'b\r\nHost: evil' } })).toThrow(
      /headers\.x-a: A header value cannot hold a line break or NUL/,
    );
    expect(() => prepareCheck('http', { url: base, headers: { 'x a': 'b' } })).toThrow(
      /headers\.x a: "x a" is not a valid HTTP header name/,
    );
  });
});
