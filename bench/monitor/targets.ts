/**
 * The bench's targets: N HTTP targets as paths on a few local ports (`/t/<i>`), each recording when its
 * requests arrive, so lateness is measured here, outside every peer. A target set down answers 503.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Targets {
  readonly urls: readonly string[];
  /** Arrival times (ms since the epoch) of each target's requests. */
  readonly arrivals: readonly number[][];
  setDown(ids: readonly number[], down: boolean): void;
  close(): Promise<void>;
}

/** Starts `ports` servers on 127.0.0.1 serving targets 0..count-1 round-robin over the ports. */
export async function startTargets(count: number, ports = 8): Promise<Targets> {
  const arrivals: number[][] = Array.from({ length: count }, () => []);
  const down = new Uint8Array(count);
  const handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const now = Date.now();
    const match = /^\/t\/(\d+)/.exec(request.url ?? '');
    const id = match === null ? -1 : Number(match[1]);
    const list = arrivals[id];
    if (list === undefined) {
      response.writeHead(404).end('no such target');
      return;
    }
    list.push(now);
    if (down[id] === 1) response.writeHead(503).end('down on purpose');
    else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
  const servers: http.Server[] = [];
  const portNumbers: number[] = [];
  for (let i = 0; i < ports; i += 1) {
    const server = http.createServer(handle);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
    servers.push(server);
    portNumbers.push((server.address() as AddressInfo).port);
  }
  const urls = arrivals.map((_, id) => `http://127.0.0.1:${portNumbers[id % ports]}/t/${id}`);
  return {
    urls,
    arrivals,
    setDown: (ids, value) => {
      for (const id of ids) down[id] = value ? 1 : 0;
    },
    close: async () => {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
