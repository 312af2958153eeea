import dns from 'node:dns';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOUND_ALLOW } from '../config/config.js';
import { connectGuarded } from './guarded-connect.js';
import { createGuardedLookup, guardedSocketOptions } from './guarded-lookup.js';
import { createOutboundPolicy } from './outbound-policy.js';

/** A loopback TCP server that counts the connections it receives. */
interface CountingServer {
  readonly port: number;
  connections: number;
  close(): Promise<void>;
}

async function startCountingServer(): Promise<CountingServer> {
  const server = net.createServer((socket) => {
    state.connections += 1;
    // A client that hangs up early resets the connection; that is not what these tests look at.
    socket.on('error', (error) => expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET'));
    socket.end('hello\n');
  });
  const state: CountingServer = {
    port: 0,
    connections: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { port: (server.address() as net.AddressInfo).port });
}

function connectAndRead(options: net.NetConnectOpts): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options);
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('guarded lookup', () => {
  let server: CountingServer;
  beforeEach(async () => {
    server = await startCountingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('lets net.connect reach an allowed local server by name', async () => {
    const lookup = createGuardedLookup(createOutboundPolicy(['127.0.0.0/8']), 'tcp check');
    // family 4: the server listens on 127.0.0.1 only, and localhost may also resolve to ::1.
    const reply = await connectAndRead({ host: 'localhost', port: server.port, family: 4, lookup });
    expect(reply).toBe('hello\n');
    expect(server.connections).toBe(1);
  });

  it('refuses a name resolving outside the list before any connection is made', async () => {
    const lookup = createGuardedLookup(createOutboundPolicy(['10.0.0.0/8']), 'tcp check db03');
    const error = await connectAndRead({ host: 'localhost', port: server.port, lookup }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(String((error as Error).message)).toContain('tcp check db03');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connections).toBe(0);
  });

  it('answers like dns.lookup: one address, all addresses, a family, a callback as second argument', async () => {
    const lookup = createGuardedLookup(createOutboundPolicy(DEFAULT_OUTBOUND_ALLOW));
    const one = await new Promise<[string, number | undefined]>((resolve, reject) =>
      lookup('localhost', { family: 4 }, (error, address, family) =>
        error ? reject(error) : resolve([address as string, family]),
      ),
    );
    expect(one).toEqual(['127.0.0.1', 4]);
    const all = await new Promise<dns.LookupAddress[]>((resolve, reject) =>
      lookup('localhost', { all: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses as dns.LookupAddress[]),
      ),
    );
    const system = await dns.promises.lookup('localhost', { all: true, verbatim: true });
    expect(all).toEqual(system.map(({ address, family }) => ({ address, family })));
    const twoArguments = await new Promise<string>((resolve, reject) =>
      lookup('127.0.0.1', (error, address) => (error ? reject(error) : resolve(address as string))),
    );
    expect(twoArguments).toBe('127.0.0.1');
  });

  it('checks IP literals, which Node connects to without calling lookup', async () => {
    const policy = createOutboundPolicy(['10.0.0.0/8']);
    expect(() => guardedSocketOptions(policy, '127.0.0.1', 'tcp check')).toThrow(/127\.0\.0\.1.*refused/);
    expect(() => guardedSocketOptions(policy, '[::1]', 'tcp check')).toThrow(/::1.*refused/);
    expect(guardedSocketOptions(policy, '10.0.0.1', 'tcp check').lookup).toBeTypeOf('function');
  });
});

describe('connectGuarded', () => {
  let server: CountingServer;
  beforeEach(async () => {
    server = await startCountingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('connects to an allowed address', async () => {
    const socket = await connectGuarded(createOutboundPolicy(DEFAULT_OUTBOUND_ALLOW), {
      host: '127.0.0.1',
      port: server.port,
      purpose: 'ssh host03',
    });
    const greeting = await new Promise<string>((resolve) =>
      socket.once('data', (chunk) => resolve(chunk.toString())),
    );
    socket.destroy();
    expect(greeting).toBe('hello\n');
    expect(server.connections).toBe(1);
  });

  it('refuses refused literals and names with no packet sent', async () => {
    const policy = createOutboundPolicy(['192.0.2.0/24']);
    for (const host of [
      '127.0.0.1',
      '::ffff:127.0.0.1',
      'localhost',
      '10.0.0.1',
      '169.254.169.254',
      '[::1]',
    ]) {
      const error = await connectGuarded(policy, { host, port: server.port, purpose: 'ssh db03' }).catch(
        (e: unknown) => e,
      );
      expect(error, host).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connections).toBe(0);
  });

  it('reports a closed port as the socket error', async () => {
    const closed = await startCountingServer();
    await closed.close();
    const error = await connectGuarded(createOutboundPolicy(DEFAULT_OUTBOUND_ALLOW), {
      host: '127.0.0.1',
      port: closed.port,
      purpose: 'tcp check',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
