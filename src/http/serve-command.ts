/** `vigie serve`: runs the web app on the configured address until SIGINT or SIGTERM, then shuts down in order. */
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.js';
import type { CliIo } from '../cli/io.js';
import type { MetricsCollection } from '../metrics/schedule.js';
import type { Monitoring } from '../monitoring/start-monitoring.js';
import type { CoreDeps } from '../runtime/deps.js';
import { tuneHeapGrowth } from '../runtime/heap-growth.js';
import type { VigieFastify } from './types.js';

/** How long in-flight requests get to finish before the process exits anyway. */
const FORCE_EXIT_AFTER_MS = 10_000;
const EXIT_FORCED = 1;

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('Serve the web interface and the API (default 127.0.0.1:8080)')
    .option(
      '--host <host>',
      'address to listen on (env VIGIE_HOST, default 127.0.0.1; 0.0.0.0 for every interface)',
    )
    .option('--port <port>', 'port to listen on (env VIGIE_PORT, default 8080)')
    .action(async (options: { host?: string; port?: string }, command: Command) => {
      await context.withDeps(
        command,
        async (deps) => {
          // Loaded here so that every other command starts without the web stack.
          const { createWebApp } = await import('./app.js');
          const { listenWebApp } = await import('./listen.js');
          let monitoring: Monitoring | undefined;
          const app = await createWebApp(deps, { monitorStats: () => monitoring?.monitor.stats() });
          const url = await listenWebApp(app, { host: deps.config.host, port: deps.config.port });
          context.io.out(`Vigie is serving on ${url} (store: ${deps.store.location}). Stop with Ctrl-C.`);
          deps.logger.info({ url }, 'serving');
          // Listening for the stop signal first: a SIGTERM while monitoring starts still stops cleanly.
          const stopSignal = untilStopSignal();
          const metrics = await startMetrics(deps);
          monitoring = await startMonitoringUnlessOff(deps, context.io);
          const { startBackupSchedule } = await import('../backup/schedule.js');
          const backups = await startBackupSchedule(deps);
          await stopSignal;
          await shutDown(app, context.io, [monitoring, metrics, backups]);
          // `withDeps` closes the store once this returns: after the last request has finished.
        },
        { host: options.host, port: options.port },
      );
    });
}

/** Host metrics readings every VIGIE_METRICS_INTERVAL seconds, unless it is 0. */
async function startMetrics(deps: CoreDeps): Promise<MetricsCollection | undefined> {
  const seconds = deps.config.metricsIntervalSeconds;
  if (seconds === 0) return undefined;
  const { startMetricsCollection } = await import('../metrics/schedule.js');
  return startMetricsCollection(deps, { intervalMs: seconds * 1000 });
}

/** Checks, incidents and alert delivery (the monitor, follow-ups, the outbox worker), unless VIGIE_MONITOR=0. */
async function startMonitoringUnlessOff(deps: CoreDeps, io: CliIo): Promise<Monitoring | undefined> {
  if (!deps.config.monitor) return undefined;
  tuneHeapGrowth();
  const { startMonitoring } = await import('../monitoring/start-monitoring.js');
  const monitoring = await startMonitoring(deps);
  io.out(`Monitoring ${monitoring.monitor.stats().checks} checks (VIGIE_MONITOR=0 turns it off).`);
  return monitoring;
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(EXIT_FORCED));
      process.once('SIGTERM', () => process.exit(EXIT_FORCED));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Stops scheduled work (monitoring first: its last results and alerts are written and the outbox
 * worker finishes its sends; then metrics), then accepting connections, and lets what runs finish,
 * within a bounded time.
 */
async function shutDown(
  app: VigieFastify,
  io: CliIo,
  scheduled: readonly ({ stop(): Promise<void> } | undefined)[],
): Promise<void> {
  io.err('Stopping: finishing the requests in progress…');
  const force = setTimeout(() => {
    io.err(`Requests still running after ${FORCE_EXIT_AFTER_MS / 1000} s: exiting anyway.`);
    process.exit(EXIT_FORCED);
  }, FORCE_EXIT_AFTER_MS);
  // The timer must not itself keep the process alive once everything is closed.
  force.unref();
  try {
    for (const work of scheduled) await work?.stop();
    await app.close();
  } finally {
    clearTimeout(force);
  }
  io.err('Stopped.');
}
