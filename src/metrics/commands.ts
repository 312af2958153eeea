/** `vigie metrics collect|show|forecast`: read hosts now, one host's state, every filesystem's forecast. */
import type { Command } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { EXIT_UNAVAILABLE } from '../cli/exit-codes.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import { capacityReport } from './capacity.js';
import { collectHosts } from './collect.js';
import { formatCapacity, formatCollection, formatLatest } from './format-metrics.js';
import { hostThresholds, metricHosts, requireMetricHost } from './hosts.js';
import { latestMetrics } from './latest.js';

/** Mounts `vigie metrics ...` on the program. */
export function registerMetricsCommands(program: Command, context: CliContext): void {
  const metrics = program
    .command('metrics')
    .description('host metrics read over SSH: CPU, load, memory, swap, filesystems and when they fill');

  metrics
    .command('collect')
    .description(
      'read the hosts now (default: every VM, firewall, hypervisor and server) and store the readings',
    )
    .argument('[hosts...]', 'inventory ids of the hosts to read')
    .option('--json', 'print the outcomes as JSON')
    .action(async (hosts: string[], options: { json?: boolean }, command: Command) => {
      const outcomes = await context.withDeps(command, async (deps) => {
        for (const host of hosts) await requireMetricHost(deps, host);
        const targets = hosts.length > 0 ? hosts : await metricHosts(deps);
        const runner = createRunnerFromConfig(deps);
        try {
          return await collectHosts({ ...deps, runner }, targets, { actor: cliActor(context.env) });
        } finally {
          await runner.close();
        }
      });
      if (options.json) context.io.out(JSON.stringify(outcomes, null, 2));
      else if (outcomes.length === 0)
        context.io.out('No host to read: the inventory has no VM, firewall, hypervisor or server.');
      else for (const line of formatCollection(outcomes)) context.io.out(line);
      const failed = outcomes.filter((outcome) => !outcome.ok).length;
      if (failed > 0) {
        context.io.err(
          `${failed} of ${outcomes.length} host${outcomes.length === 1 ? '' : 's'} could not be read.`,
        );
        process.exitCode = EXIT_UNAVAILABLE;
      }
    });

  metrics
    .command('show')
    .description("a host's latest readings, thresholds reached and filesystem forecasts")
    .argument('<host>', 'inventory id of the host')
    .option('--json', 'print it as JSON')
    .action(async (host: string, options: { json?: boolean }, command: Command) => {
      const latest = await context.withDeps(command, async (deps) =>
        latestMetrics(deps.store, {
          host,
          thresholds: await hostThresholds(deps, host),
          now: deps.clock.now(),
        }),
      );
      if (options.json) context.io.out(JSON.stringify(latest, null, 2));
      else for (const line of formatLatest(latest, context.config(command).timeZone)) context.io.out(line);
    });

  metrics
    .command('forecast')
    .description('every filesystem of every host, soonest full first')
    .option('--json', 'print it as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const items = await context.withDeps(command, (deps) => capacityReport(deps));
      if (options.json) context.io.out(JSON.stringify(items, null, 2));
      else for (const line of formatCapacity(items, context.config(command).timeZone)) context.io.out(line);
    });
}
