/**
 * The Vigie peer: a fresh store (SQLite, or PostgreSQL) holding a generated inventory with one website per
 * target, each with its `http` check at the bench's interval, and an alerting section whose webhook
 * channel posts to the bench's sink; then `vigie monitor` as a child process, or `vigie serve` (the web
 * app and the monitoring in one process) with N dashboards open on the Supervision overview.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import { addUser } from '../../src/auth/users.js';
import { applyInventory } from '../../src/inventory/apply.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { createLogger } from '../../src/log/logger.js';
import { probeKinds } from '../../src/probes/registry.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import type { Dialect } from '../../src/store/database.js';
import { openStore } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';
import { desired } from '../../test/support/inventory-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../../test/support/test-store.js';
import { type DashboardAccount, type Dashboards, openDashboards } from './dashboards.js';
import type { Peer, PeerContext } from './peer.js';
import { startWebhookSink, type WebhookSink } from './webhook-sink.js';

/** Hosts the websites are spread over (the monitor limits checks per host). */
const HOSTS = 10;
/** Passwords of the bench's throwaway dashboard accounts (a fresh store each run). */
const DASHBOARD_PASSWORD = 'bench-dashboard-password-2026';

export interface VigiePeerOptions {
  readonly dialect: Dialect;
  /** How to run the CLI: `[node, ...args]`, `monitor` or `serve` and its options are appended. */
  readonly command: readonly string[];
  /** `monitor` (default) or `serve`: the web app and the monitoring in one process. */
  readonly mode?: 'monitor' | 'serve';
  /** Dashboards open on the overview during the run (`serve` only). */
  readonly dashboards?: number;
  /** Alerts delivered to the bench's webhook sink (default); without, detection is read on the CLI's output. */
  readonly webhook?: boolean;
}

/** One website per target on HOSTS VMs, and the alerting section when `alertUrl` is given. */
export function benchInventory(
  urls: readonly string[],
  intervalMs: number,
  alertUrl?: string,
): DesiredObject[] {
  // Only the websites' HTTP checks run: the hosts' own checks (over SSH, which loopback hosts lack) are off.
  const quiet: Record<string, { disabled: true }> = { ping: { disabled: true }, ssh: { disabled: true } };
  if (probeKinds().includes('host_metrics')) quiet.host_metrics = { disabled: true };
  const objects: DesiredObject[] = [
    desired('network', 'lan', { prefix: '127.0.0.0/8', gateway: '127.0.0.1' }),
  ];
  if (alertUrl !== undefined) {
    objects.push(
      desired('alerting', 'alerting', {
        channels: [{ id: 'bench-sink', kind: 'webhook', url: alertUrl }],
        default_channels: ['bench-sink'],
      }),
    );
  }
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

/** The peer's row name: `vigie`, `vigie serve`, `vigie + 5 dashboards`. */
export function vigiePeerName(options: Pick<VigiePeerOptions, 'mode' | 'dashboards'>): string {
  if (options.mode !== 'serve') return 'vigie';
  const count = options.dashboards ?? 0;
  return count === 0 ? 'vigie serve' : `vigie + ${count} dashboard${count === 1 ? '' : 's'}`;
}

export async function startVigiePeer(context: PeerContext, options: VigiePeerOptions): Promise<Peer> {
  const mode = options.mode ?? 'monitor';
  const dashboardCount = mode === 'serve' ? (options.dashboards ?? 0) : 0;
  const sink: WebhookSink | undefined =
    options.webhook === false
      ? undefined
      : await startWebhookSink((id, at) => context.onAlert(id, at, 'delivered'));
  const environment: TestEnvironment = await createTestEnvironment(options.dialect);
  const accounts = Array.from(
    { length: dashboardCount },
    (_, i): DashboardAccount => ({ username: `dashboard${i + 1}`, password: DASHBOARD_PASSWORD }),
  );
  const store = await openStore(environment.config);
  try {
    const deps: CoreDeps = {
      config: environment.config,
      store,
      clock: systemClock,
      logger: createLogger({ logLevel: 'silent' }),
    };
    await applyInventory(deps, {
      objects: benchInventory(context.urls, context.intervalMs, sink?.url),
      actor: 'bench:monitor',
    });
    for (const account of accounts) {
      await addUser(deps, {
        ...account,
        role: 'viewer',
        displayName: account.username,
        actor: 'bench:monitor',
      });
    }
  } finally {
    await store.close();
  }
  const port = mode === 'serve' ? await freePort() : 0;
  // VIGIE_BENCH_CPU_PROF=DIR: Vigie runs with --cpu-prof into DIR, and is stopped with SIGTERM
  // rather than killed before the restart, so that its profile of the measured window is written.
  const profileDir = process.env.VIGIE_BENCH_CPU_PROF;
  const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  let child: ChildProcess | undefined;
  const launch = (): { process: ChildProcess; ready: Promise<void> } => {
    const [program = 'node', ...args] = options.command;
    const roleArgs =
      mode === 'serve'
        ? ['serve', '--host', '127.0.0.1', '--port', String(port)]
        : ['monitor', '--max-per-host', '1000', '--max-concurrent', '1000', '--stats-every', '3600'];
    const started = spawn(program, [...profileArgs, ...args, ...roleArgs], {
      // No host metrics over SSH in `serve`: the bench's hosts are loopback addresses with no sshd.
      env: { ...environment.env, VIGIE_LOG_LEVEL: 'warn', VIGIE_METRICS_INTERVAL: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const onLine = (line: string): void => {
      if (/^Monitoring \d+ checks|^monitoring \d+ checks/.test(line)) markReady();
      const alert = /^alert: DOWN: Site (\d+) http/.exec(line);
      if (alert) context.onAlert(Number(alert[1]), Date.now(), 'printed');
      else if (!line.startsWith('alert: ') && !line.startsWith('Vigie is serving')) {
        context.log(`vigie: ${line}`);
      }
    };
    readline.createInterface({ input: started.stdout as NodeJS.ReadableStream }).on('line', onLine);
    readline.createInterface({ input: started.stderr as NodeJS.ReadableStream }).on('line', onLine);
    started.once('exit', () => markReady());
    return { process: started, ready };
  };
  const first = launch();
  child = first.process;
  let dashboards: Dashboards | undefined;
  try {
    if (dashboardCount > 0) {
      await first.ready;
      if (child.exitCode !== null) {
        throw new Error(`vigie serve exited (code ${child.exitCode}) before it served: see the lines above`);
      }
      dashboards = await openDashboards(`http://127.0.0.1:${port}`, accounts);
      context.log(`${dashboardCount} dashboards open on the Supervision overview`);
    }
  } catch (error) {
    child.kill('SIGKILL');
    await sink?.close();
    await environment.cleanup();
    throw error;
  }
  let pollsAtOpen = { total: 0, notModified: 0 };
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  return {
    name: vigiePeerName({ mode, dashboards: dashboardCount }),
    pids: () => (child?.pid === undefined ? [] : [child.pid]),
    windowOpened: () => {
      pollsAtOpen = dashboards?.polls() ?? pollsAtOpen;
    },
    extra: () => {
      if (dashboards === undefined) return {};
      const now = dashboards.polls();
      return {
        dashboards: dashboardCount,
        overviewPolls: now.total - pollsAtOpen.total,
        overviewNotModified: now.notModified - pollsAtOpen.notModified,
      };
    },
    restart: async () => {
      await kill(profileDir ? 'SIGTERM' : 'SIGKILL');
      const at = Date.now();
      child = launch().process;
      return at;
    },
    stop: async () => {
      await dashboards?.close();
      await kill('SIGTERM');
      await sink?.close();
      await environment.cleanup();
    },
  };
}

/** A port free on loopback now, so that `serve` keeps its address across the kill -9 and restart. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
