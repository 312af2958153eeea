/**
 * A tiny rack on loopback for monitoring tests: a firewall (127.0.0.1) in front of a VM (127.0.0.2)
 * serving one website whose HTTP check points at a local test server. The `checks:` sections are
 * stored as the inventory will store them once its schema carries them.
 */
import type { DesiredObject } from '../../src/inventory/model.js';
import { desired } from '../support/inventory-fixtures.js';

export function localRack(
  httpPort: number,
  options: { intervalMs?: number; retries?: number } = {},
): DesiredObject[] {
  const interval = `${options.intervalMs ?? 300}ms`;
  return [
    desired('network', 'lan', { prefix: '127.0.0.0/8', gateway: '127.0.0.1' }),
    desired('device', 'fw', {
      name: 'FW',
      type: 'firewall',
      interfaces: [{ name: 'lan0', network: 'lan', address: '127.0.0.1/8' }],
      checks: { ping: { interval, count: 1, timeout: '2s' } },
    }),
    desired('vm', 'web1', {
      name: 'Web1',
      hypervisor: 'hv',
      interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.2/8' }],
      tags: ['web'],
      // Nothing listens for SSH on 127.0.0.2, and no metrics are collected from it.
      checks: {
        ping: { interval, count: 1, timeout: '2s' },
        ssh: { disabled: true },
        host_metrics: { disabled: true },
      },
    }),
    desired('website', 'site', {
      name: 'Site',
      host: 'web1',
      host_kind: 'vm',
      domains: ['site.test'],
      tls: { mode: 'none' },
      checks: {
        http: {
          url: `http://127.0.0.1:${httpPort}/ok`,
          interval,
          timeout: '1s',
          retries: options.retries ?? 0,
        },
      },
    }),
  ];
}

/** An HTTP server that answers 200 or 503 as told, and can stop and start again on the same port. */
export interface SwitchableServer {
  readonly port: number;
  fail(failing: boolean): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSwitchableServer(): Promise<SwitchableServer> {
  const http = await import('node:http');
  let failing = false;
  let port = 0;
  let server = http.createServer();
  const listen = async (): Promise<void> => {
    server = http.createServer((_request, response) => {
      if (failing) response.writeHead(503).end('maintenance');
      else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    fail: (value) => {
      failing = value;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    start: listen,
  };
}
