/** `vigie maintenance add|list|end`: windows during which checks run but alerts are held. */
import { type Command, InvalidArgumentError } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { formatInstant } from '../time/format.js';
import { formatDuration } from './format.js';
import {
  addMaintenanceWindow,
  endMaintenanceWindow,
  listMaintenanceWindows,
  type MaintenanceView,
} from './maintenance.js';
import type { MaintenanceScope } from './tables.js';

interface AddOptions {
  title: string;
  host?: string;
  object?: string;
  tag?: string;
  check?: string;
  start?: string;
  end?: string;
  cron?: string;
  duration?: string;
  timeZone?: string;
}

export function registerMaintenanceCommands(program: Command, context: CliContext): void {
  const maintenance = program
    .command('maintenance')
    .description('maintenance windows: checks run, alerts are held');
  maintenance
    .command('add')
    .description('add a one-off window (--end) or a recurring one (--cron and --duration)')
    .requiredOption('--title <text>', 'what is being done')
    .option('--host <host>', 'every check of this host (VM or device id)')
    .option('--object <kind/id>', 'the checks of one object, e.g. website/intranet')
    .option('--tag <tag>', 'every check of objects with this tag')
    .option('--check <id>', 'one check, e.g. website/intranet/http')
    .option('--start <instant>', 'ISO instant, now unless given', parseInstant)
    .option('--end <instant>', 'ISO instant: the end (one-off) or the last start (recurring)', parseInstant)
    .option('--cron <expression>', 'recurring: 5-field cron in the time zone, e.g. "0 2 * * 0"')
    .option('--duration <duration>', 'recurring: length of each occurrence, e.g. 2h')
    .option('--time-zone <zone>', 'the cron’s time zone (VIGIE_TIME_ZONE unless given)')
    .action(async (options: AddOptions, command: Command) => {
      const scopes = (['host', 'object', 'tag', 'check'] as const).filter(
        (kind) => options[kind] !== undefined,
      );
      const [kind] = scopes;
      if (kind === undefined || scopes.length > 1) {
        throw new AppError('BAD_INPUT', 'Give exactly one of --host, --object, --tag or --check', {
          hint: 'e.g. vigie maintenance add --title "Kernel update" --host host03 --end 2026-12-01T07:00:00+01:00',
        });
      }
      const scope: { kind: MaintenanceScope; value: string } = { kind, value: options[kind] ?? '' };
      const view = await context.withDeps(command, (deps) =>
        addMaintenanceWindow(
          deps,
          {
            title: options.title,
            scope,
            ...(options.start === undefined ? {} : { start: options.start }),
            ...(options.end === undefined ? {} : { end: options.end }),
            ...(options.cron === undefined ? {} : { cron: options.cron }),
            ...(options.duration === undefined ? {} : { duration: options.duration }),
            ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
          },
          cliActor(context.env),
        ),
      );
      context.io.out(`Added maintenance window ${view.id}.`);
      context.io.out(formatWindow(view, context.config(command).timeZone));
    });
  maintenance
    .command('list')
    .description('windows active now or to come')
    .option('--all', 'past and ended windows too')
    .option('--json', 'print as JSON')
    .action(async (options: { all?: boolean; json?: boolean }, command: Command) => {
      const views = await context.withDeps(command, (deps) =>
        listMaintenanceWindows(deps, { current: !options.all }),
      );
      if (options.json) {
        context.io.out(JSON.stringify(views, null, 2));
        return;
      }
      if (views.length === 0) context.io.out('No maintenance windows.');
      const timeZone = context.config(command).timeZone;
      for (const view of views) context.io.out(formatWindow(view, timeZone));
    });
  maintenance
    .command('end')
    .description('end a window now')
    .argument('<id>', 'window id, or its first 6 characters or more')
    .action(async (id: string, _options: unknown, command: Command) => {
      const view = await context.withDeps(command, (deps) =>
        endMaintenanceWindow(deps, id, cliActor(context.env)),
      );
      context.io.out(`Ended maintenance window ${view.id}.`);
    });
}

function formatWindow(view: MaintenanceView, timeZone: string): string {
  const when =
    view.cron === null
      ? `${formatInstant(view.startsAt, timeZone)} → ${view.endsAt === null ? '…' : formatInstant(view.endsAt, timeZone)}`
      : `every "${view.cron}" (${view.timeZone}) for ${formatDuration(view.durationMs ?? 0)}`;
  const state = view.endedAt !== null ? 'ENDED' : view.activeUntil !== null ? 'ACTIVE' : 'planned';
  return `${view.id.slice(0, 8)} ${state.padEnd(7)} ${view.scope.kind} ${view.scope.value}: ${view.title} — ${when}`;
}

function parseInstant(value: string): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new InvalidArgumentError('expected an ISO instant such as 2026-12-01T07:00:00+01:00.');
  }
  return instant.toISOString();
}
