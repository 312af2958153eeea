/**
 * Uptime Kuma, already running at `url` (built by hand outside this repository: docs/benchmarks.md),
 * driven through its socket.io API: a webhook notification to a local sink and one HTTP monitor per
 * target are created, then deleted at the end. Its process is found by the port it listens on.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { Peer, PeerContext } from './peer.js';

export interface KumaPeerOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

interface KumaAnswer {
  readonly ok: boolean;
  readonly msg?: string;
  readonly id?: number;
  readonly monitorID?: number;
}

/** Emits `event` and waits for Kuma's callback; a refusal becomes an error naming the event. */
async function call(socket: Socket, event: string, ...args: unknown[]): Promise<KumaAnswer> {
  const answer = (await socket.timeout(60_000).emitWithAck(event, ...args)) as KumaAnswer;
  if (answer?.ok === false)
    throw new Error(`Uptime Kuma refused ${event}: ${answer.msg ?? 'no reason given'}`);
  return answer;
}

/** The PID listening on `port` on this machine, read from `ss`. */
function listeningPid(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(out);
  if (match === null) {
    throw new Error(`No process listens on port ${port}: start Uptime Kuma there (see docs/benchmarks.md)`);
  }
  return Number(match[1]);
}

export async function startKumaPeer(context: PeerContext, options: KumaPeerOptions): Promise<Peer> {
  const base = new URL(options.url);
  const pid = listeningPid(Number(base.port || 80));
  const sink = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      response.end('ok');
      try {
        const payload = JSON.parse(body) as { monitor?: { name?: string }; heartbeat?: { status?: number } };
        const match = /^Site (\d+)$/.exec(payload.monitor?.name ?? '');
        if (match && payload.heartbeat?.status === 0) context.onAlert(Number(match[1]), Date.now());
      } catch (error) {
        context.log(`kuma webhook: not JSON (${String(error)})`);
      }
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/kuma`;
  const socket = io(options.url, { transports: ['websocket'], reconnection: false });
  // Kuma registers its event handlers only after it has sent "info": an event emitted earlier is dropped.
  const info = new Promise<void>((resolve, reject) => {
    socket.once('info', () => resolve());
    setTimeout(
      () => reject(new Error(`Uptime Kuma at ${options.url} sent no "info" within 30 s`)),
      30_000,
    ).unref();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await info;
    const needSetup = (await socket.timeout(10_000).emitWithAck('needSetup')) as boolean;
    if (needSetup) await call(socket, 'setup', options.username, options.password);
    await call(socket, 'login', { username: options.username, password: options.password, token: '' });
  } catch (error) {
    // Leave nothing open behind a failed setup, or the bench never exits.
    socket.disconnect();
    sink.close();
    throw error;
  }
  const notification = await call(
    socket,
    'addNotification',
    {
      name: 'vigie-bench',
      type: 'webhook',
      webhookURL: sinkUrl,
      webhookContentType: 'json',
      isDefault: false,
      applyExisting: false,
    },
    null,
  );
  const monitorIds: number[] = [];
  const seconds = Math.round(context.intervalMs / 1000);
  for (const [id, url] of context.urls.entries()) {
    const added = await call(socket, 'add', {
      type: 'http',
      name: `Site ${id}`,
      url,
      method: 'GET',
      interval: seconds,
      retryInterval: seconds,
      resendInterval: 0,
      maxretries: 0,
      timeout: 5,
      maxredirects: 10,
      accepted_statuscodes: ['200-299'],
      notificationIDList: { [String(notification.id)]: true },
      ignoreTls: false,
      upsideDown: false,
      expiryNotification: false,
      active: true,
      conditions: [],
      kafkaProducerBrokers: [],
      kafkaProducerSaslOptions: {},
      rabbitmqNodes: [],
    });
    if (added.monitorID !== undefined) monitorIds.push(added.monitorID);
  }
  context.log(`kuma: ${monitorIds.length} monitors added`);
  return {
    name: 'kuma',
    pids: () => [pid],
    stop: async () => {
      for (const monitorId of monitorIds) await call(socket, 'deleteMonitor', monitorId, false);
      await call(socket, 'deleteNotification', notification.id);
      socket.disconnect();
      await new Promise((resolve) => sink.close(resolve));
    },
  };
}
