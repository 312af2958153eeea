/**
 * `bench/monitor/probe-cpu.ts`: the CPU one HTTP check costs the prober, for each way of making it:
 * the undici client, the lean client (both through the whole `http` probe), and a raw socket floor.
 * The servers run in a child process, so `process.cpuUsage()` here is the prober's alone.
 *
 *   npx tsx bench/monitor/probe-cpu.ts [--checks 5000] [--concurrency 20] [--rounds 2] [--only lean]
 */
import { fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { type HttpClientChoice, httpSpecSchema, runHttpCheck } from '../../src/probes/http.js';
import { runAttempt } from '../../src/probes/probe-run.js';
import { generateTestCertificates, loopbackProbeDeps } from '../../test/support/probe-targets.js';

interface Ports {
  readonly http: number;
  readonly https: number;
}

if (process.argv.includes('--serve')) serve();
else await main();

/** The child: an HTTP and an HTTPS server answering 200 "ok" to everything. */
function serve(): void {
  process.once('message', async (message: { cert: string; key: string }) => {
    const answer = (_: http.IncomingMessage, response: http.ServerResponse): void => {
      response.end('ok');
    };
    const plain = http.createServer(answer);
    const secure = https.createServer({ cert: message.cert, key: message.key }, answer);
    const listen = (server: net.Server): Promise<number> =>
      new Promise((resolve) =>
        server.listen(0, '127.0.0.1', 1024, () => resolve((server.address() as AddressInfo).port)),
      );
    const ports: Ports = { http: await listen(plain), https: await listen(secure) };
    process.send?.(ports);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      checks: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '2' },
      /** Only the modes whose name contains this (e.g. `lean`), for a profile. */
      only: { type: 'string', default: '' },
    },
  });
  const checks = Number(values.checks);
  const concurrency = Number(values.concurrency);
  const rounds = Number(values.rounds);
  const certs = await generateTestCertificates();
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { stdio: 'inherit' });
  try {
    const ports = await new Promise<Ports>((resolve) => {
      child.once('message', (message) => resolve(message as Ports));
      child.send(certs.selfSigned);
    });
    const deps = loopbackProbeDeps();
    const scheduler = new AbortController();
    // One signal shared by every check, as the scheduler passes it (with no listener limit either).
    setMaxListeners(0, scheduler.signal);
    const never = scheduler.signal;
    const probe = (scheme: 'http' | 'https', client: HttpClientChoice) => {
      const spec = httpSpecSchema.parse({
        url: `${scheme}://127.0.0.1:${scheme === 'http' ? ports.http : ports.https}/t/1`,
        tlsVerify: false,
      });
      return async (): Promise<void> => {
        const result = await runHttpCheck(deps, spec, never, client);
        if (result.status !== 'up') throw new Error(`${client} ${scheme}: ${result.message}`);
      };
    };
    const modes: Record<string, () => Promise<void>> = {
      'http  undici (probe)': probe('http', 'undici'),
      'http  lean (probe)': probe('http', 'auto'),
      'http  raw socket floor': () => rawGet(() => net.connect({ host: '127.0.0.1', port: ports.http })),
      'https undici (probe)': probe('https', 'undici'),
      'https lean (probe)': probe('https', 'auto'),
      'https raw socket floor': rawTls(ports.https),
      'runAttempt alone': async () => {
        await runAttempt(never, 10_000, 'x', async (attempt) => attempt.result('up', 'ok'));
      },
    };
    const figures = new Map<string, number[]>();
    for (let round = 0; round < rounds; round += 1) {
      for (const [name, run] of Object.entries(modes)) {
        if (!name.includes(values.only)) continue;
        await measure(run, Math.min(500, checks), concurrency); // warm-up: JIT, TLS sessions
        const ms = await measure(run, checks, concurrency);
        figures.set(name, [...(figures.get(name) ?? []), ms]);
        process.stderr.write(`round ${round + 1} ${name}: ${ms.toFixed(3)} ms CPU/check\n`);
      }
    }
    console.log(
      `\n${checks} checks, ${concurrency} at a time, Node ${process.version}; CPU of the prober per check:`,
    );
    for (const [name, values] of figures) {
      console.log(
        `${name.padEnd(24)} ${values.map((v) => v.toFixed(3)).join(' / ')} ms (best ${Math.min(...values).toFixed(3)})`,
      );
    }
  } finally {
    child.kill();
    certs.cleanup();
  }
}

/** Runs `run` `count` times, `concurrency` at a time; user + system CPU per run, in milliseconds. */
async function measure(run: () => Promise<void>, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await run();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

/** The floor: write a GET, read to the end, no parsing. */
function rawGet(open: () => net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = open();
    socket.on('error', reject);
    socket.on('data', () => {});
    socket.on('end', () => {
      socket.destroy();
      resolve();
    });
    socket.write('GET /t/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  });
}

/** The TLS floor, with the context built once and the session resumed, as both clients do. */
function rawTls(port: number): () => Promise<void> {
  const secureContext = tls.createSecureContext({});
  let session: Buffer | undefined;
  return () =>
    rawGet(() => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        rejectUnauthorized: false,
        secureContext,
        ...(session === undefined ? {} : { session }),
      });
      socket.on('session', (ticket: Buffer) => {
        session = ticket;
      });
      return socket;
    });
}
