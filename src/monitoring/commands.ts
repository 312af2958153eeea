/**
 * `vigie checks list|show|run` and `vigie monitor`; incidents and maintenance windows have their own
 * command files, mounted from here.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { tuneHeapGrowth } from '../runtime/heap-growth.js';
import { formatInstant } from '../time/format.js';
import type { CheckView } from './check-views.js';
import { getCheck, listChecks } from './check-views.js';
import { formatCheckProblem } from './derive-checks.js';
import { registerIncidentCommands } from './incident-commands.js';
import { inventoryChecks } from './inventory-checks.js';
import { registerMaintenanceCommands } from './maintenance-commands.js';
import { runSafely } from './monitor.js';
import { monitorDepsFrom } from './monitor-deps.js';
import type { CheckStateName } from './tables.js';

const STATES: readonly CheckStateName[] = ['up', 'down', 'degraded', 'unknown'];

/** Mounts `vigie checks`, `vigie monitor`, `vigie incidents` and `vigie maintenance`. */
export function registerMonitoringCommands(program: Command, context: CliContext): void {
  const checks = program
    .command('checks')
    .description('the checks derived from the inventory, and their state');
  checks
    .command('list')
    .description('list every check with its state (invalid checks: entries are listed after)')
    .option('--state <state>', `only checks in this state (${STATES.join(', ')})`, parseState)
    .option('--host <host>', 'only checks of this host')
    .option('--json', 'print as JSON')
    .action(async (options: { state?: CheckStateName; host?: string; json?: boolean }, command: Command) => {
      const { checks: views, problems } = await context.withDeps(command, (deps) =>
        listChecks(deps, options),
      );
      if (options.json) {
        context.io.out(JSON.stringify({ checks: views, problems }, null, 2));
        return;
      }
      const timeZone = context.config(command).timeZone;
      if (views.length === 0)
        context.io.out('No checks: apply an inventory with hosts, websites or databases.');
      for (const view of views) context.io.out(formatCheckLine(view, timeZone));
      for (const problem of problems) context.io.err(`invalid: ${formatCheckProblem(problem)}`);
    });
  checks
    .command('show')
    .description('one check: its state, recent state changes, this month’s availability')
    .argument('<check>', 'check id, e.g. website/intranet/http')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const detail = await context.withDeps(command, (deps) => getCheck(deps, id));
      if (options.json) {
        context.io.out(JSON.stringify(detail, null, 2));
        return;
      }
      const timeZone = context.config(command).timeZone;
      context.io.out(formatCheckLine(detail, timeZone));
      const ratio = detail.monthAvailability;
      context.io.out(
        `  availability this month: ${ratio === null ? 'not measured yet' : `${(ratio * 100).toFixed(3)} %`}`,
      );
      for (const change of detail.changes) {
        context.io.out(
          `  ${formatInstant(change.at, timeZone)} ${change.from} → ${change.to}: ${change.message}`,
        );
      }
    });
  checks
    .command('run')
    .description('run checks once now and print what they saw (nothing is recorded)')
    .argument('[checks...]', 'check ids; every check when none is given')
    .option('--json', 'print as JSON')
    .action(async (ids: string[], options: { json?: boolean }, command: Command) => {
      const results = await context.withDeps(command, async (deps) => {
        const derived = await inventoryChecks(deps);
        const unknown = ids.filter((id) => !derived.checks.some((check) => check.id === id));
        if (unknown.length > 0) {
          throw new AppError('NOT_FOUND', `No such check: ${unknown.join(', ')}`, {
            hint: 'Check ids read kind/object/check, e.g. website/intranet/http; vigie checks list shows them.',
          });
        }
        const chosen =
          ids.length === 0 ? derived.checks : derived.checks.filter((check) => ids.includes(check.id));
        const probe = monitorDepsFrom(deps).probe;
        return Promise.all(
          chosen.map(async (check) => ({
            id: check.id,
            ...(await runSafely(probe, check, new AbortController().signal)),
          })),
        );
      });
      if (options.json) context.io.out(JSON.stringify(results, null, 2));
      else
        for (const result of results)
          context.io.out(`${result.status.toUpperCase().padEnd(8)} ${result.id}: ${result.message}`);
      if (results.some((result) => result.status === 'down')) process.exitCode = 1;
    });

  program
    .command('monitor')
    .description(
      'run the checks on schedule and send their alerts, in the foreground, until interrupted (Ctrl-C)',
    )
    .option('--max-concurrent <n>', 'checks running at once, at most', parsePositive, 256)
    .option('--max-per-host <n>', 'checks of one host running at once, at most', parsePositive, 4)
    .option('--stats-every <seconds>', 'log the scheduler’s figures this often', parsePositive, 60)
    .action(
      async (
        options: { maxConcurrent: number; maxPerHost: number; statsEvery: number },
        command: Command,
      ) => {
        await context.withDeps(command, async (deps) => {
          tuneHeapGrowth();
          // Loaded here: the other commands start without the alert delivery and its notifiers.
          const { startMonitoring } = await import('./start-monitoring.js');
          const monitoring = await startMonitoring(deps, {
            ...options,
            print: (line) => context.io.err(line),
          });
          const monitor = monitoring.monitor;
          for (const problem of monitor.problems()) context.io.err(`invalid: ${formatCheckProblem(problem)}`);
          context.io.err(`monitoring ${monitor.stats().checks} checks; Ctrl-C stops.`);
          const statsTimer = setInterval(
            () => deps.logger.info({ monitor: monitor.stats() }, 'monitor figures'),
            options.statsEvery * 1000,
          );
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          clearInterval(statsTimer);
          await monitoring.stop();
          context.io.err('monitor stopped.');
        });
      },
    );

  registerIncidentCommands(program, context);
  registerMaintenanceCommands(program, context);
}

function formatCheckLine(view: CheckView, timeZone: string): string {
  const since = view.since === null ? '' : ` since ${formatInstant(view.since, timeZone)}`;
  const flags = [
    view.flapping ? 'FLAPPING' : '',
    view.unreachableBecauseOf === null ? '' : `unreachable because of ${view.unreachableBecauseOf}`,
    view.maintenance === null ? '' : `in maintenance: ${view.maintenance.title}`,
  ].filter(Boolean);
  const message = view.lastMessage === null ? '' : `: ${view.lastMessage}`;
  return `${view.state.toUpperCase().padEnd(8)} ${view.id}${since}${flags.length > 0 ? ` [${flags.join('; ')}]` : ''}${message}`;
}

function parseState(value: string): CheckStateName {
  if (!(STATES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${STATES.join(', ')}.`);
  return value as CheckStateName;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number, 1 or more.');
  return n;
}
