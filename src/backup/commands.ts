/**
 * `vigie backup ...`: the plan the inventory gives, repository setup, runs now, the catalog,
 * verification, restore drills, account passwords and the repository key for escrow.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import { formatInstant } from '../time/format.js';
import { type BackupRunView, listRuns } from './catalog.js';
import type { DrillView } from './drill-catalog.js';
import { renderRestorePlan } from './restore-plan.js';
import { restorePlanOptionsSchema } from './restore-plan-options.js';
import { formatBytes } from './run-backup.js';
import {
  backupSource,
  drillSource,
  exportRepositoryKey,
  initDestination,
  readBackupPlan,
  setDatabasePassword,
  verifyRun,
} from './service.js';
import { backupStatus } from './status.js';

export function registerBackupCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const backup = program
    .command('backup')
    .description('backups: plan, repositories, runs, verification and restore drills');

  backup
    .command('plan')
    .description(
      'every source the inventory backs up, with its schedule, destinations, RPO target and drills',
    )
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const plan = await context.withDeps(command, (deps) => readBackupPlan(deps));
      if (options.json) {
        io.out(JSON.stringify({ ...plan, problems: Object.fromEntries(plan.problems) }, null, 2));
        return;
      }
      for (const source of plan.sources) {
        const problem = plan.problems.get(source.source);
        const drill =
          source.drill === null
            ? 'no drill'
            : `drill ${source.drill.schedule} on ${source.drill.server ?? '(no server)'}`;
        io.out(
          `${source.source.padEnd(36)} ${source.schedule.padEnd(14)} → ${source.destinations.join(', ') || '(none)'}; RPO target ${Math.round(source.rpoTargetSeconds / 3600)} h; ${drill}${problem === undefined ? '' : `  CANNOT RUN: ${problem}`}`,
        );
      }
      for (const off of plan.disabled) io.out(`${off.source.padEnd(36)} off: ${off.reason}`);
      if (plan.sources.length === 0)
        io.out('nothing is backed up: add a backup: section to the inventory (docs/backups.md)');
    });

  backup
    .command('status')
    .description('RPO (age of the last verified backup) and RTO (last drill) of every source')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const statuses = await context.withDeps(command, async (deps) =>
        backupStatus(deps, await readBackupPlan(deps)),
      );
      if (options.json) {
        io.out(JSON.stringify(statuses, null, 2));
        return;
      }
      for (const status of statuses) {
        const rpo = status.rpoSeconds === null ? 'no verified backup' : `RPO ${formatAge(status.rpoSeconds)}`;
        const target = `target ${formatAge(status.rpoTargetSeconds)}`;
        const rto = status.rtoMs === null ? 'no drill passed' : `RTO ${(status.rtoMs / 1000).toFixed(1)} s`;
        const mark = status.rpoState === 'ok' ? 'ok  ' : status.rpoState === 'late' ? 'LATE' : 'NONE';
        io.out(
          `${mark} ${status.source.padEnd(36)} ${rpo} (${target}); ${rto}${status.problem === null ? '' : `; cannot run: ${status.problem}`}`,
        );
      }
    });

  backup
    .command('init')
    .description("create the destinations' restic repositories and keys (running it again changes nothing)")
    .argument('[destinations...]', 'destination ids (default: every declared destination)')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      await context.withDeps(command, async (deps) => {
        const plan = await readBackupPlan(deps);
        const chosen =
          ids.length === 0
            ? plan.destinations
            : ids.map((id) => {
                const found = plan.destinations.find((d) => d.id === id);
                if (found === undefined) {
                  throw new AppError('NOT_FOUND', `no backup destination ${id}`, {
                    hint: `declared: ${plan.destinations.map((d) => d.id).join(', ') || 'none (add backup.destinations to the inventory)'}`,
                  });
                }
                return found;
              });
        if (chosen.length === 0)
          throw new AppError('INVENTORY_INVALID', 'no backup destination is declared', {
            hint: 'add backup.destinations to the inventory',
          });
        for (const settings of chosen) {
          const outcome = await initDestination(deps, settings, cliActor(context.env));
          io.out(
            `${outcome.destination}: ${outcome.created ? 'repository created' : 'repository already there'} at ${outcome.location}`,
          );
        }
      });
    });

  backup
    .command('run')
    .description('back up sources now (default: every source), verify each, and copy to further destinations')
    .argument('[sources...]', 'sources: database:ID, files:website-ID, files:vm-ID, or an object id')
    .option('--json', 'print the runs as JSON')
    .action(async (sources: string[], options: { json?: boolean }, command: Command) => {
      const runs = await context.withDeps(command, async (deps) => {
        const plan = await readBackupPlan(deps);
        const chosen = sources.length === 0 ? plan.sources.map((s) => s.source) : sources;
        const runner = createRunnerFromConfig(deps);
        const done: BackupRunView[] = [];
        try {
          for (const source of chosen) {
            if (!options.json) io.err(`${source}: backing up...`);
            const run = await backupSource({ ...deps, runner }, source, {
              trigger: 'manual',
              actor: cliActor(context.env),
              onProgress: options.json
                ? undefined
                : (bytes, stage) => io.err(`  ${stage}: ${formatBytes(bytes)} read`),
            });
            done.push(run);
            if (!options.json) io.out(formatRun(run, context.config(command).timeZone));
          }
        } finally {
          await runner.close();
        }
        return done;
      });
      if (options.json) io.out(JSON.stringify(runs, null, 2));
      const failed = runs.filter((run) => run.status !== 'verified');
      if (failed.length > 0) {
        throw new AppError(
          'BACKUP_FAILED',
          `${failed.length} of ${runs.length} backup(s) failed: ${failed.map((r) => r.source).join(', ')}`,
          {
            hint: 'each failure above says why; the earlier good backups are untouched',
          },
        );
      }
    });

  backup
    .command('runs')
    .description('the catalog: backup runs, newest first')
    .option('--source <source>', 'only this source')
    .option('--limit <n>', 'at most this many', '30')
    .option('--json', 'print as JSON')
    .action(async (options: { source?: string; limit: string; json?: boolean }, command: Command) => {
      const runs = await context.withDeps(command, (deps) =>
        listRuns(deps.store.db, { source: options.source, limit: Number(options.limit) || 30 }),
      );
      if (options.json) io.out(JSON.stringify(runs, null, 2));
      else for (const run of runs) io.out(formatRun(run, context.config(command).timeZone));
    });

  backup
    .command('verify')
    .description('read a stored run back in full again (checksum, size, the engine’s own reader)')
    .argument('<run>', 'run id (vigie backup runs)')
    .action(async (runId: string, _options: unknown, command: Command) => {
      const run = await context.withDeps(command, (deps) => verifyRun(deps, runId, cliActor(context.env)));
      io.out(formatRun(run, context.config(command).timeZone));
      if (run.status !== 'verified')
        throw new AppError('BACKUP_FAILED', `run ${runId} failed verification: ${run.error ?? ''}`);
    });

  backup
    .command('drill')
    .description(
      'restore a source’s latest verified backup into a scratch database, check it, time it, drop it',
    )
    .argument('<source>', 'database:ID or a database id')
    .option('--run <run>', 'drill this run instead of the latest verified one')
    .action(async (source: string, options: { run?: string }, command: Command) => {
      const drill = await context.withDeps(command, (deps) =>
        drillSource(deps, source, { runId: options.run, trigger: 'manual', actor: cliActor(context.env) }),
      );
      for (const line of formatDrill(drill)) io.out(line);
      if (drill.status !== 'passed')
        throw new AppError('BACKUP_FAILED', `the drill of ${drill.source} failed: ${drill.error ?? ''}`);
    });

  backup
    .command('restore-plan')
    .description(
      'write the restore plan: per source what is backed up, where, how often, how to restore, measured RPO/RTO',
    )
    .requiredOption('--out <file>', 'the file to write (.html or .pdf)')
    .option('--source <source>', 'only this source (database:ID, files:website-ID, or an object id)')
    .option('--lang <language>', 'fr (default) or en', 'fr')
    .option('--format <format>', 'html or pdf (default: from the --out extension, else html)')
    .action(
      async (options: { out: string; source?: string; lang: string; format?: string }, command: Command) => {
        const parsed = parseRestorePlanOptions(options);
        const rendered = await context.withDeps(command, (deps) =>
          renderRestorePlan(deps, {
            source: options.source,
            language: parsed.lang,
            format: parsed.format,
          }),
        );
        try {
          fs.writeFileSync(options.out, rendered.body);
        } catch (error) {
          throw new AppError(
            'BAD_INPUT',
            `cannot write the restore plan to ${options.out}: ${(error as Error).message}`,
            {
              hint: 'give --out a file in a directory that exists and that you may write to',
              cause: error,
            },
          );
        }
        io.out(
          `restore plan written to ${options.out} (${parsed.format.toUpperCase()}, ${formatBytes(rendered.body.length)})`,
        );
      },
    );

  backup
    .command('set-password')
    .description('store the password of a backup account, read from standard input')
    .argument('<name>', 'the password_secret the inventory names, e.g. db03-postgresql-backup')
    .action(async (name: string, _options: unknown, command: Command) => {
      const value = (await io.readLine('')).replace(/\r?\n$/, '');
      await context.withDeps(command, (deps) =>
        setDatabasePassword(deps, name, value, cliActor(context.env)),
      );
      io.out(`stored the password ${name}`);
    });

  backup
    .command('key-export')
    .description("print a destination's repository key, for the customer's escrow (audited)")
    .argument('<destination>', 'destination id')
    .action(async (destination: string, _options: unknown, command: Command) => {
      const key = await context.withDeps(command, (deps) =>
        exportRepositoryKey(deps, destination, cliActor(context.env)),
      );
      io.err('Keep this key apart from the backups: without it they cannot be read, with it anyone can.');
      io.out(key);
    });
}

/** `--lang` and `--format` checked by the schema the API uses too; the format defaults from `--out`. */
function parseRestorePlanOptions(options: { out: string; lang: string; format?: string }) {
  const format = options.format ?? (options.out.toLowerCase().endsWith('.pdf') ? 'pdf' : 'html');
  const parsed = restorePlanOptionsSchema.safeParse({ lang: options.lang, format });
  if (!parsed.success) {
    throw new AppError(
      'BAD_INPUT',
      `vigie backup restore-plan: ${parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; ')}`,
      { hint: 'write --lang fr or --lang en, and --format html or --format pdf' },
    );
  }
  return parsed.data;
}

function formatAge(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function formatRun(run: BackupRunView, timeZone: string): string {
  const when = formatInstant(run.startedAt, timeZone);
  const size = run.sizeBytes === null ? '' : ` ${formatBytes(run.sizeBytes)}`;
  const stored = run.addedBytes === null ? '' : ` (${formatBytes(run.addedBytes)} new)`;
  const took = run.durationMs === null ? '' : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  const why = run.error === null ? '' : `: ${run.error}`;
  return `${run.status.toUpperCase().padEnd(8)} ${run.source} → ${run.destination} ${when}${size}${stored}${took} [${run.id}]${why}`;
}

export function formatDrill(drill: DrillView): string[] {
  const took = drill.restoreMs === null ? '' : `, restored in ${(drill.restoreMs / 1000).toFixed(1)} s`;
  return [
    `${drill.status.toUpperCase()} drill of ${drill.source} (run ${drill.runId}) on ${drill.target}${took}`,
    ...drill.checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.check}: ${check.detail}`),
    ...(drill.error === null || drill.checks.some((c) => !c.ok) ? [] : [`  ${drill.error}`]),
  ];
}
