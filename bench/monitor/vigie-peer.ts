/**
 * The Vigie peer: a fresh store (SQLite, or PostgreSQL) holding a generated inventory with one website per
 * target, each with its `http` check at the bench's interval, then `vigie monitor` as a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import { applyInventory } from '../../src/inventory/apply.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { createLogger } from '../../src/log/logger.js';
import type { Dialect } from '../../src/store/database.js';
import { openStore } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';
import { desired } from '../../test/support/inventory-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../../test/support/test-store.js';
import type { Peer, PeerContext } from './peer.js';

/** Hosts the websites are spread over (the monitor limits checks per host). */
const HOSTS = 10;

export interface VigiePeerOptions {
  readonly dialect: Dialect;
  /** How to run the CLI: `[node, ...args]`, `monitor` and its options are appended. */
  readonly command: readonly string[];
}

/** One website per target on HOSTS VMs; pings and ssh disabled, so only the HTTP checks run. */
export function benchInventory(urls: readonly string[], intervalMs: number): DesiredObject[] {
  const quiet = { ping: { disabled: true }, ssh: { disabled: true } };
  const objects: DesiredObject[] = [
    desired('network', 'lan', { prefix: '127.0.0.0/8', gateway: '127.0.0.1' }),
  ];
  for (let h = 0; h < HOSTS; h += 1) {
    objects.push(
      desired('vm', `web${h}`, {
        name: `Web${h}`,
        hypervisor: 'hv',
        interfaces: [{ name: 'ens18', network: 'lan', address: `127.0.1.${h + 1}/8` }],
        checks: quiet,
      }),
    );
  }
  urls.forEach((url, id) => {
    objects.push(
      desired('website', `site-${id}`, {
        name: `Site ${id}`,
        host: `web${id % HOSTS}`,
        host_kind: 'vm',
        domains: [`site-${id}.test`],
        tls: { mode: 'none' },
        checks: { http: { url, interval: `${intervalMs}ms`, timeout: '5s', retries: 0 } },
      }),
    );
  });
  return objects;
}

export async function startVigiePeer(context: PeerContext, options: VigiePeerOptions): Promise<Peer> {
  const environment: TestEnvironment = await createTestEnvironment(options.dialect);
  const store = await openStore(environment.config);
  try {
    await applyInventory(
      {
        config: environment.config,
        store,
        clock: systemClock,
        logger: createLogger({ logLevel: 'silent' }),
      },
      { objects: benchInventory(context.urls, context.intervalMs), actor: 'bench:monitor' },
    );
  } finally {
    await store.close();
  }
  let child: ChildProcess | undefined;
  const launch = (): ChildProcess => {
    const [program = 'node', ...args] = options.command;
    const started = spawn(
      program,
      [...args, 'monitor', '--max-per-host', '1000', '--max-concurrent', '1000', '--stats-every', '3600'],
      { env: { ...environment.env, VIGIE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const lines = readline.createInterface({ input: started.stderr as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const alert = /^alert: DOWN: Site (\d+) http/.exec(line);
      if (alert) context.onAlert(Number(alert[1]), Date.now());
      else if (!line.startsWith('alert: ')) context.log(`vigie: ${line}`);
    });
    return started;
  };
  child = launch();
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  return {
    name: 'vigie',
    pids: () => (child?.pid === undefined ? [] : [child.pid]),
    restart: async () => {
      await kill('SIGKILL');
      const at = Date.now();
      child = launch();
      return at;
    },
    stop: async () => {
      await kill('SIGTERM');
      await environment.cleanup();
    },
  };
}
