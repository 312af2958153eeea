/**
 * `vigie restore RUN`: restores a backup run to its origin or elsewhere, after printing the plan; a
 * destructive target needs its name typed on a terminal, or `--yes` without one.
 */
import type { Command } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import type { CliIo } from '../cli/io.js';
import { AppError } from '../errors/app-error.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import { formatInstant } from '../time/format.js';
import { planRestore, type RestorePlan, type RestoreRequest, restoreRun } from './restore.js';
import type { RestoreProgress } from './restore-database.js';
import { formatBytes } from './run-backup.js';

interface RestoreOptions {
  toDatabase?: string;
  toServer?: string;
  toHost?: string;
  toPath?: string;
  dryRun?: boolean;
  yes?: boolean;
  allowUnverified?: boolean;
  json?: boolean;
}

export function registerRestoreCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('restore')
    .description(
      'restore a backup run (vigie backup runs) to its origin, or to another database or directory; --dry-run prints the plan only',
    )
    .argument('<run>', 'run id (vigie backup runs)')
    .option('--to-database <name>', 'database to restore into (default: the original one)')
    .option('--to-server <server>', 'database server (service id) to restore on (default: the original one)')
    .option('--to-host <host>', 'host (VM or device id) to extract files on (with --to-path)')
    .option(
      '--to-path <dir>',
      'directory to extract files under, keeping their full paths (default: over the originals)',
    )
    .option('--dry-run', 'print the plan (target, destructive or not, steps, tools) and change nothing')
    .option('--yes', 'confirm a destructive target without typing its name (scripts, no terminal)')
    .option('--allow-unverified', 'restore a run that is not verified (when no verified run exists)')
    .option('--json', 'print the plan (and the outcome) as JSON')
    .action(async (runId: string, options: RestoreOptions, command: Command) => {
      const actor = cliActor(context.env);
      const request: RestoreRequest = {
        runId,
        target: {
          database: options.toDatabase,
          server: options.toServer,
          host: options.toHost,
          path: options.toPath,
        },
        allowUnverified: options.allowUnverified,
      };
      const timeZone = context.config(command).timeZone;
      await context.withDeps(command, async (deps) => {
        const runner = createRunnerFromConfig(deps);
        try {
          const plan = await planRestore({ ...deps, runner }, request, actor);
          if (options.json && options.dryRun) io.out(JSON.stringify({ plan }, null, 2));
          else if (!options.json) for (const line of formatPlan(plan, timeZone)) io.out(line);
          if (options.dryRun) return;
          const confirm = await confirmation(io, plan, options.yes === true);
          const progress = progressPrinter(io);
          const outcome = await restoreRun(
            { ...deps, runner },
            { ...request, confirm },
            { actor, onProgress: progress },
          );
          const took = `${(outcome.durationMs / 1000).toFixed(1)} s`;
          if (options.json)
            io.out(JSON.stringify({ plan: outcome.plan, durationMs: outcome.durationMs }, null, 2));
          else io.out(`RESTORED ${plan.source} (run ${plan.runId}) to ${plan.target.description} in ${took}`);
        } finally {
          await runner.close();
        }
      });
    });
}

/** The text `confirm` gets: typed by the operator on a terminal, or the target's name with --yes. */
async function confirmation(io: CliIo, plan: RestorePlan, yes: boolean): Promise<string | undefined> {
  if (!plan.destructive || plan.confirmWith === null) return undefined;
  if (yes) return plan.confirmWith;
  if (!io.interactive) {
    throw new AppError(
      'CONFLICT',
      `${plan.target.description} is not empty and the restore replaces it: pass --yes to confirm (no terminal to ask on)`,
      { hint: 'run it with --dry-run first to read the plan' },
    );
  }
  const typed = (
    await io.readLine(`This replaces ${plan.target.description}. Type ${plan.confirmWith} to go ahead: `)
  ).trim();
  if (typed !== plan.confirmWith) {
    throw new AppError('CONFLICT', `restore cancelled: "${typed}" is not ${plan.confirmWith}`, {
      hint: 'nothing was changed; run it again and type the name exactly',
    });
  }
  return typed;
}

export function formatPlan(plan: RestorePlan, timeZone: string): string[] {
  const taken = plan.takenAt === null ? 'unknown time' : formatInstant(plan.takenAt, timeZone);
  const size = plan.sizeBytes === null ? '?' : formatBytes(plan.sizeBytes);
  return [
    `Restore of ${plan.source} (${plan.sourceKind}), run ${plan.runId}`,
    `  taken at ${taken}, ${size}, ${plan.verified ? 'verified (read back in full)' : 'NOT VERIFIED'}`,
    `  target: ${plan.target.description}`,
    plan.destructive
      ? `  DESTRUCTIVE: ${plan.target.name} holds data now; confirm by typing ${plan.confirmWith} (or --yes)`
      : '  not destructive: the target is new or empty',
    '  steps:',
    ...plan.steps.map((step, index) => `    ${index + 1}. ${step}`),
    `  tools: ${plan.tools.join('; ')}`,
  ];
}

/** A line updated in place on a terminal; elsewhere a line every few seconds (logs stay readable). */
function progressPrinter(io: CliIo): (progress: RestoreProgress & { stage: string }) => void {
  const live = io.interactive && process.stderr.isTTY === true;
  let last = 0;
  return (progress) => {
    const percent =
      progress.total > 0 ? Math.min(100, Math.round((progress.bytes * 100) / progress.total)) : 0;
    const line = `  ${progress.stage}: ${formatBytes(progress.bytes)} of ${formatBytes(progress.total)} read (${percent}%)`;
    const done = progress.bytes >= progress.total;
    if (live) {
      process.stderr.write(`\r${line}${done ? '\n' : ''}`);
      return;
    }
    if (done || Date.now() - last >= 5000) {
      last = Date.now();
      io.err(line);
    }
  };
}
