/** `vigie incidents list` and `vigie incidents ack ID --comment TEXT`. */
import type { Command } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { formatInstant } from '../time/format.js';
import { outboxAlertSink } from './alert-sink.js';
import { formatDuration } from './format.js';
import { acknowledgeIncident, type IncidentView, listIncidents } from './incidents.js';

export function registerIncidentCommands(program: Command, context: CliContext): void {
  const incidents = program.command('incidents').description('incidents opened by the monitor');
  incidents
    .command('list')
    .description('open incidents, newest first')
    .option('--all', 'resolved ones too')
    .option('--json', 'print as JSON')
    .action(async (options: { all?: boolean; json?: boolean }, command: Command) => {
      const views = await context.withDeps(command, (deps) =>
        listIncidents(deps, { filter: options.all ? 'all' : 'open' }),
      );
      if (options.json) {
        context.io.out(JSON.stringify(views, null, 2));
        return;
      }
      if (views.length === 0) context.io.out(options.all ? 'No incidents.' : 'No open incidents.');
      const timeZone = context.config(command).timeZone;
      for (const view of views) context.io.out(formatIncident(view, timeZone));
    });
  incidents
    .command('ack')
    .description('acknowledge an open incident: you are on it (stops escalation)')
    .argument('<id>', 'incident id, or its first 6 characters or more')
    .requiredOption('--comment <text>', 'what is being done about it')
    .action(async (id: string, options: { comment: string }, command: Command) => {
      const view = await context.withDeps(command, (deps) =>
        acknowledgeIncident(
          { ...deps, alerts: outboxAlertSink(deps) },
          { id, actor: cliActor(context.env), comment: options.comment },
        ),
      );
      context.io.out(`Acknowledged ${view.id} (${view.checkId}) as ${view.acknowledgedBy}.`);
    });
}

function formatIncident(view: IncidentView, timeZone: string): string {
  const state = view.severity === 'critical' ? 'DOWN' : 'DEGRADED';
  const status = view.status.toUpperCase().padEnd(12);
  const lines = [
    `${view.id.slice(0, 8)} ${status} ${state} ${view.checkId} since ${formatInstant(view.openedAt, timeZone)} (${formatDuration(view.durationMs)}): ${view.lastMessage}`,
  ];
  if (view.unreachableBecauseOf !== null)
    lines.push(`    unreachable because of ${view.unreachableBecauseOf}: no alert`);
  if (view.heldByMaintenance !== null) lines.push('    in a maintenance window: alert held');
  if (view.acknowledgedBy !== null)
    lines.push(`    acknowledged by ${view.acknowledgedBy}: ${view.ackComment ?? ''}`);
  return lines.join('\n');
}
