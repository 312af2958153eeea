/**
 * `vigie updates [HOST...]` (check now and print), `vigie updates show HOST`, `vigie updates exposure`
 * and `vigie updates import-feed [FILE]`.
 */
import type { Command } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import { checkUpdates } from './check.js';
import { rackExposure } from './exposure.js';
import { formatExposure, formatFailure, formatOutcome, formatSnapshot } from './format.js';
import { importSecurityFeed, readSecurityFeedSource } from './security-feed.js';
import { readHostUpdates } from './store.js';

/** Mounts `vigie updates ...` on the program. */
export function registerUpdatesCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const updates = program
    .command('updates')
    .description('pending and security updates: check hosts now over SSH and print them')
    .argument('[hosts...]', 'VM or device ids (default: every Linux VM and every device with ssh access)')
    .option('--no-refresh', 'do not run apt-get update first: read the package lists the host has')
    .option('--json', 'print the outcomes as JSON')
    .action(async (hosts: string[], options: { refresh: boolean; json?: boolean }, command: Command) => {
      const outcomes = await context.withDeps(command, async (deps) => {
        const runner = createRunnerFromConfig(deps);
        try {
          return await checkUpdates(
            { ...deps, runner },
            { hosts, refresh: options.refresh, actor: cliActor(context.env) },
          );
        } finally {
          await runner.close();
        }
      });
      if (options.json) io.out(JSON.stringify(outcomes, null, 2));
      else {
        const timeZone = context.config(command).timeZone;
        for (const outcome of outcomes) for (const line of formatOutcome(outcome, timeZone)) io.out(line);
      }
      const failed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.host);
      if (failed.length > 0) {
        throw new AppError(
          'REMOTE_FAILED',
          `${failed.length} of ${outcomes.length} host(s) could not be checked: ${failed.join(', ')}.`,
          { hint: 'Each failure above says where and why; the other hosts were checked and stored.' },
        );
      }
    });

  updates
    .command('show')
    .description("a host's pending updates from its latest check (no SSH)")
    .argument('<host>', 'VM or device id')
    .option('--json', 'print as JSON')
    .action(async (host: string, _options: unknown, command: Command) => {
      const { snapshot, lastFailure } = await context.withDeps(command, (deps) =>
        readHostUpdates(deps, host),
      );
      if (wantsJson(command)) {
        io.out(JSON.stringify({ host, snapshot, lastFailure }, null, 2));
        return;
      }
      if (snapshot === null && lastFailure === null) {
        throw new AppError('NOT_FOUND', `${host} has never been checked for updates.`, {
          hint: `Run \`vigie updates ${host}\` first.`,
        });
      }
      const timeZone = context.config(command).timeZone;
      if (snapshot !== null) for (const line of formatSnapshot(snapshot, timeZone)) io.out(line);
      if (lastFailure !== null) for (const line of formatFailure(lastFailure)) io.out(`last check: ${line}`);
    });

  updates
    .command('exposure')
    .description('every checked host ranked by exposure (see docs/updates.md for the score)')
    .option('--json', 'print as JSON')
    .action(async (_options: unknown, command: Command) => {
      const ranking = await context.withDeps(command, (deps) => rackExposure(deps));
      if (wantsJson(command)) io.out(JSON.stringify(ranking, null, 2));
      else for (const line of formatExposure(ranking)) io.out(line);
    });

  updates
    .command('import-feed')
    .description('import the Debian security tracker JSON (CVE ids and fixed versions) into the store')
    .argument('[file]', 'the JSON file or an http(s) URL (default: VIGIE_SECURITY_FEED)')
    .action(async (file: string | undefined, _options: unknown, command: Command) => {
      const feedImport = await context.withDeps(command, async (deps) => {
        const source = file ?? deps.config.securityFeed;
        if (source === undefined) {
          throw new AppError(
            'BAD_INPUT',
            'No security feed to import: give a FILE or set VIGIE_SECURITY_FEED.',
            {
              hint: 'Download https://security-tracker.debian.org/tracker/data/json and run `vigie updates import-feed FILE`.',
            },
          );
        }
        const text = await readSecurityFeedSource(deps, source);
        return importSecurityFeed(deps, { text, source, actor: cliActor(context.env) });
      });
      io.out(
        `imported ${feedImport.entryCount} fixed CVE entries for ${feedImport.releases.join(', ') || 'no release'} from ${feedImport.source} (sha256 ${feedImport.sha256.slice(0, 12)}…)`,
      );
    });
}

/** `--json` given before or after the subcommand (`vigie updates --json show db03` or `... show db03 --json`). */
function wantsJson(command: Command): boolean {
  return command.optsWithGlobals<{ json?: boolean }>().json === true;
}
