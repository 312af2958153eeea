/** `vigie facts [HOST...]`, `vigie facts show HOST` and `vigie facts history HOST`. */
import { type Command, InvalidArgumentError } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import { formatInstant } from '../time/format.js';
import { formatFacts, formatGatherResult, formatHistoryEntry } from './format-facts.js';
import { gatherFacts } from './gather.js';
import { factsHistory, lastAttempt, latestFacts } from './store.js';

interface GatherCommandOptions {
  json?: boolean;
  timeout?: number;
  concurrency?: number;
}

/** Mounts `vigie facts ...` on the program. */
export function registerFactsCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const facts = program
    .command('facts')
    .description(
      'gather host facts over SSH (OS, kernel, CPU, memory, disks, addresses, ports, services, packages, reboot); all hosts when none is named; exit 1 if any host failed',
    )
    .argument(
      '[hosts...]',
      'VM or device ids from the inventory (default: every VM, firewall, hypervisor and server)',
    )
    .option('--json', 'print the report as JSON')
    .option('--timeout <seconds>', 'time limit on each host (default 60)', parseWhole(1, 3600))
    .option('--concurrency <n>', 'hosts read at once (default 16)', parseWhole(1, 256))
    .action(async (hosts: string[], options: GatherCommandOptions, command: Command) => {
      const report = await context.withDeps(command, async (deps) => {
        const runner = createRunnerFromConfig(deps);
        try {
          return await gatherFacts({ ...deps, runner }, hosts.length === 0 ? 'all' : hosts, {
            actor: cliActor(context.env),
            timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
            concurrency: options.concurrency,
          });
        } finally {
          await runner.close();
        }
      });
      const failed = report.hosts.filter((result) => !result.ok).length;
      if (options.json) io.out(JSON.stringify(report, null, 2));
      else {
        if (report.hosts.length === 0) io.out('No host to gather from: the inventory has no VM nor server.');
        for (const result of report.hosts) {
          const text = formatGatherResult(result);
          if (result.ok) io.out(text);
          else io.err(text);
        }
        const total = report.hosts.length;
        io.out(
          `${total - failed} of ${total} host${total === 1 ? '' : 's'} gathered in ${(report.durationMs / 1000).toFixed(1)} s`,
        );
      }
      // Scripts can tell: 0 when every host answered, 1 when one or more failed (each named above).
      if (failed > 0) process.exitCode = 1;
    });

  facts
    .command('show')
    .description("a host's latest facts in full")
    .argument('<host>', 'VM or device id')
    .option('--json', 'print the snapshot as JSON')
    .action(async (host: string, _options: unknown, command: Command) => {
      const options = jsonOption(command);
      const { snapshot, attempt } = await context.withDeps(command, async (deps) => ({
        snapshot: await latestFacts(deps.store.db, host),
        attempt: await lastAttempt(deps.store.db, host),
      }));
      if (snapshot === undefined) throw neverGathered(host, attempt?.error?.message);
      if (options.json) {
        io.out(JSON.stringify(snapshot, null, 2));
        return;
      }
      const timeZone = context.config(command).timeZone;
      for (const line of formatFacts(snapshot, timeZone)) io.out(line);
      if (attempt !== undefined && !attempt.ok) {
        io.err(
          `last gathering FAILED at ${formatInstant(attempt.attemptedAt, timeZone)}: ${attempt.error?.message ?? ''}`,
        );
      }
    });

  facts
    .command('history')
    .description("a host's gatherings, newest first")
    .argument('<host>', 'VM or device id')
    .option('--limit <n>', 'how many (1 to 200)', parseWhole(1, 200), 20)
    .option('--json', 'print as JSON')
    .action(async (host: string, limitOption: { limit: number }, command: Command) => {
      const options = { ...limitOption, ...jsonOption(command) };
      const entries = await context.withDeps(command, (deps) =>
        factsHistory(deps.store.db, host, { limit: options.limit }),
      );
      if (options.json) {
        io.out(JSON.stringify(entries, null, 2));
        return;
      }
      if (entries.length === 0) throw neverGathered(host, undefined);
      const timeZone = context.config(command).timeZone;
      for (const entry of entries) io.out(formatHistoryEntry(entry, timeZone));
    });
}

/** `--json` after a subcommand: `facts` has the option too, and commander gives it to the first that declares it. */
function jsonOption(command: Command): { json?: boolean } {
  return { json: command.optsWithGlobals<{ json?: boolean }>().json === true };
}

function neverGathered(host: string, lastError: string | undefined): AppError {
  return new AppError(
    'NOT_FOUND',
    `No facts of ${host} were ever gathered${lastError === undefined ? '' : ` (the last attempt failed: ${lastError})`}`,
    { hint: `Gather them with: vigie facts ${host}`, details: { host } },
  );
}

function parseWhole(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };
}
