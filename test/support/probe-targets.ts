/**
 * Real local servers for the probe tests, all on 127.0.0.1 and free ports: HTTP with its test routes,
 * HTTPS/TLS with certificates made by openssl in a temporary directory, TCP (banner or silent), and a
 * tiny DNS responder. Each counts its open connections, so tests can see that a probe closed its socket.
 */
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import type { ProbeDeps } from '../../src/probes/probe.js';
import { systemClock } from '../../src/time/clock.js';

const run = promisify(execFile);

/** Probe dependencies with the default, loopback-only allowlist. */
export function loopbackProbeDeps(): ProbeDeps {
  return { outbound: createOutboundPolicy(['127.0.0.0/8', '::1/128', 'localhost']), clock: systemClock };
}

export interface Target {
  readonly port: number;
  /** Connections currently open on the server side. */
  openConnections(): number;
  close(): Promise<void>;
}

function track(server: net.Server): () => number {
  let open = 0;
  server.on('connection', (socket: net.Socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
  });
  return () => open;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: net.Server & { closeAllConnections?: () => void }): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Routes: `/ok` (200, "hello vigie"), `/status/:code`, `/redirect/:n` (n hops to /ok), `/redirect-to?url=`,
 * `/slow/:ms`, `/json`, `/auth` (basic vigie:s3cret), `/hang` (never answers), `/big` (2 MiB).
 */
function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const [, first, second] = url.pathname.split('/');
  if (first === 'ok') {
    response.end('hello vigie');
  } else if (first === 'status') {
    response.writeHead(Number(second)).end(`status ${second}`);
  } else if (first === 'redirect') {
    const left = Number(second);
    response.writeHead(302, { location: left > 1 ? `/redirect/${left - 1}` : '/ok' }).end();
  } else if (first === 'redirect-to') {
    response.writeHead(302, { location: url.searchParams.get('url') ?? '/ok' }).end();
  } else if (first === 'slow') {
    setTimeout(() => response.end('slow but fine'), Number(second));
  } else if (first === 'json') {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: 'ok', db: { replicas: 2 }, items: [{ state: 'up' }] }));
  } else if (first === 'auth') {
    const expected = `Basic ${Buffer.from('vigie:s3cret').toString('base64')}`;
    if (request.headers.authorization === expected) response.end('welcome');
    else response.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end();
  } else if (first === 'headers') {
    response.end(JSON.stringify(request.headers));
  } else if (first === 'hang') {
    // Never answers: the probe's timeout has to end it.
  } else if (first === 'big') {
    response.end(`${'x'.repeat(2 * 1024 * 1024)}needle`);
  } else {
    response.writeHead(404).end('not found');
  }
}

/** The HTTP target. */
export async function startHttpTarget(): Promise<Target> {
  const server = http.createServer(handle);
  const openConnections = track(server);
  const port = await listen(server);
  return { port, openConnections, close: () => closeServer(server) };
}

/** An HTTPS server with the same routes, serving `cert`. */
export async function startHttpsTarget(cert: CertificatePair): Promise<Target> {
  const server = https.createServer({ cert: cert.cert, key: cert.key }, handle);
  const openConnections = track(server);
  const port = await listen(server);
  return { port, openConnections, close: () => closeServer(server) };
}

/** A TCP server that writes `banner` on connect, or nothing at all when it is undefined. */
export async function startTcpTarget(banner?: string): Promise<Target> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // Reads and drops what the client sends, so that its close is seen even after it spoke.
    socket.resume();
    if (banner !== undefined) socket.write(banner);
  });
  const openConnections = track(server);
  const port = await listen(server);
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  };
  return { port, openConnections, close };
}

/** A port where nothing listens (bound then released). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

export interface CertificatePair {
  readonly cert: string;
  readonly key: string;
}

export interface TestCertificates {
  readonly dir: string;
  /** The test CA that signed every certificate but `selfSigned`. */
  readonly caCert: string;
  /** For localhost, 60 days. */
  readonly valid: CertificatePair;
  /** For localhost, 5 days left. */
  readonly expiringSoon: CertificatePair;
  /** For localhost, ended in 2020. */
  readonly expired: CertificatePair;
  /** For other.example, 60 days. */
  readonly otherHost: CertificatePair;
  /** For localhost, signed by itself. */
  readonly selfSigned: CertificatePair;
  cleanup(): void;
}

const CA_CONFIG = (dir: string): string => `[ca]
default_ca = test_ca
[test_ca]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
default_md = sha256
policy = any_name
copy_extensions = copy
unique_subject = no
[any_name]
commonName = supplied
`;

/** Makes a test CA and the leaf certificates with openssl (EC keys: fast). */
export async function generateTestCertificates(): Promise<TestCertificates> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-certs-'));
  const file = (name: string): string => path.join(dir, name);
  fs.writeFileSync(file('index.txt'), '');
  fs.writeFileSync(file('serial'), '01\n');
  fs.writeFileSync(file('ca.cnf'), CA_CONFIG(dir));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '3650',
    '-subj',
    '/CN=Vigie Test CA',
  ]);

  const leaf = async (name: string, host: string, dates: readonly string[]): Promise<CertificatePair> => {
    const subject = ['-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`];
    await run('openssl', [
      'req',
      '-new',
      ...ec,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
      ...subject,
    ]);
    await run('openssl', [
      'ca',
      '-batch',
      '-notext',
      '-config',
      file('ca.cnf'),
      '-cert',
      file('ca.crt'),
      '-keyfile',
      file('ca.key'),
      '-in',
      file(`${name}.csr`),
      '-out',
      file(`${name}.crt`),
      ...dates,
    ]);
    return {
      cert: fs.readFileSync(file(`${name}.crt`), 'utf8'),
      key: fs.readFileSync(file(`${name}.key`), 'utf8'),
    };
  };
  const valid = await leaf('valid', 'localhost', ['-days', '60']);
  const expiringSoon = await leaf('soon', 'localhost', ['-days', '5']);
  const expired = await leaf('expired', 'localhost', [
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
  ]);
  const otherHost = await leaf('other', 'other.example', ['-days', '60']);
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('self.key'),
    '-out',
    file('self.crt'),
    '-days',
    '60',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
  ]);
  const selfSigned = {
    cert: fs.readFileSync(file('self.crt'), 'utf8'),
    key: fs.readFileSync(file('self.key'), 'utf8'),
  };
  return {
    dir,
    caCert: fs.readFileSync(file('ca.crt'), 'utf8'),
    valid,
    expiringSoon,
    expired,
    otherHost,
    selfSigned,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface DnsTarget {
  /** `127.0.0.1:port`, as a check's `server`. */
  readonly server: string;
  /** Questions received so far. */
  queries(): number;
  close(): Promise<void>;
}

/** Records served: name (lowercase, no trailing dot) → type → values. */
export type DnsZone = Readonly<
  Record<string, { readonly A?: readonly string[]; readonly TXT?: readonly string[] }>
>;

const TYPE_A = 1;
const TYPE_TXT = 16;

/** A UDP DNS responder for `zone` (A and TXT); with `silent`, it reads questions and never answers. */
export async function startDnsTarget(zone: DnsZone, options: { silent?: boolean } = {}): Promise<DnsTarget> {
  const socket = dgram.createSocket('udp4');
  let received = 0;
  socket.on('message', (query, peer) => {
    received += 1;
    if (options.silent) return;
    const answer = dnsAnswer(zone, query);
    if (answer !== undefined) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    server: `127.0.0.1:${port}`,
    queries: () => received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Answers one question: NXDOMAIN for unknown names, no records for unknown types. */
function dnsAnswer(zone: DnsZone, query: Buffer): Buffer | undefined {
  if (query.length < 17) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset] ?? 0;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += length + 1;
  }
  const questionEnd = offset + 5;
  const type = query.readUInt16BE(offset + 1);
  const records = zone[labels.join('.').toLowerCase()];
  const values =
    records === undefined
      ? []
      : type === TYPE_A
        ? (records.A ?? [])
        : type === TYPE_TXT
          ? (records.TXT ?? [])
          : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8180 | (records === undefined ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(values.length, 6);
  const answers = values.map((value) => {
    const data =
      type === TYPE_A
        ? Buffer.from(value.split('.').map(Number))
        : Buffer.concat([Buffer.from([Buffer.byteLength(value)]), Buffer.from(value)]);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0);
    fixed.writeUInt16BE(type, 2);
    fixed.writeUInt16BE(1, 4);
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

/** Waits until `condition` holds, up to `ms`; false if it never did. */
export async function eventually(condition: () => boolean, ms = 1000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}
