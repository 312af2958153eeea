/**
 * The restore plan's "how to restore" blocks for one source: the `vigie restore` commands, the
 * manual fallback with restic and the engine's own tools (for the day Vigie is gone), and what to
 * check afterwards. Inventory values reach the commands shell-quoted: the reader pastes them.
 */

import { quoteShellArg } from '../remote/shell-quote.js';
import type { Block, ListItem } from '../reports/document.js';
import type { BackupRunView } from './catalog.js';
import type { SourcePolicy } from './policies.js';
import type { DestinationSettings } from './policy-schema.js';
import type { RestorePlanStrings } from './restore-plan-strings.js';

/** Where restores of files land when not put back in place: a directory of Vigie's own naming. */
const FILES_RESTORE_DIR = '/var/tmp/vigie-restore';
const TEMP_DIR = '/var/tmp';

export interface RestoreStepsInput {
  readonly policy: SourcePolicy;
  readonly destination: DestinationSettings | undefined;
  /** The newest verified run, whose snapshot ids the manual steps name. */
  readonly verified: BackupRunView | null;
  /** The address the manual commands reach the source's host at (ssh for files). */
  readonly hostAddress: string | undefined;
  readonly strings: RestorePlanStrings;
  readonly formatInstant: (iso: string) => string;
}

/** A placeholder the reader replaces (`<run-id>`): shown as it is, never quoted. */
const PLACEHOLDER = /^<[a-z-]+>$/;

/** A command line from arguments, each quoted for POSIX sh when it needs to be. */
function command(...argv: readonly string[]): string {
  return argv.map((arg) => (PLACEHOLDER.test(arg) ? arg : quoteShellArg(arg))).join(' ');
}

const code = (...lines: string[]): Block => ({ kind: 'code', lines });
const step = (text: string, ...details: Block[]): ListItem => ({ text, details });

export function restoreSteps(input: RestoreStepsInput): Block[] {
  const { policy, strings, verified } = input;
  const run = verified?.id ?? '<run-id>';
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: strings.howTo }];
  if (verified === null) blocks.push({ kind: 'note', tone: 'bad', text: strings.noVerified });

  blocks.push({ kind: 'heading', level: 3, text: strings.withVigie });
  const choose = step(
    strings.stepChoose(policy.source),
    code(command('vigie', 'backup', 'runs', '--source', policy.source)),
    ...(verified === null
      ? []
      : [
          {
            kind: 'paragraph' as const,
            text: strings.latestVerified(
              verified.id,
              input.formatInstant(verified.takenAt ?? verified.startedAt),
            ),
          },
        ]),
  );
  const dryRun = step(strings.stepDryRun, code(command('vigie', 'restore', run, '--dry-run')));
  const vigieSteps: ListItem[] =
    policy.kind === 'files'
      ? [
          choose,
          dryRun,
          step(
            strings.stepFilesAside,
            code(command('vigie', 'restore', run, '--to-host', policy.host, '--to-path', FILES_RESTORE_DIR)),
          ),
          step(strings.stepFilesOrigin, code(command('vigie', 'restore', run, '--yes'))),
        ]
      : [
          choose,
          dryRun,
          step(
            strings.stepRestoreAside,
            code(command('vigie', 'restore', run, '--to-database', `${databaseName(policy)}_restore`)),
          ),
          step(strings.stepRestoreOrigin, code(command('vigie', 'restore', run, '--yes'))),
          step(
            strings.stepRestoreElsewhere,
            code(
              command(
                'vigie',
                'restore',
                run,
                '--to-server',
                '<server-id>',
                '--to-database',
                databaseName(policy),
              ),
            ),
          ),
        ];
  blocks.push({ kind: 'list', ordered: true, items: vigieSteps });

  blocks.push({ kind: 'heading', level: 3, text: strings.withoutVigie });
  blocks.push({ kind: 'paragraph', text: strings.manualIntro });
  blocks.push({ kind: 'list', ordered: true, items: manualSteps(input) });

  blocks.push({ kind: 'heading', level: 3, text: strings.afterTitle });
  blocks.push({ kind: 'list', ordered: false, items: afterChecks(input) });
  return blocks;
}

function databaseName(policy: SourcePolicy): string {
  return policy.endpoint?.database ?? policy.object.id;
}

/** `restic dump` of one artifact: the verified run's snapshot, else the newest of the source. */
function dumpCommand(input: RestoreStepsInput, filename: string): string {
  const artifact = input.verified?.artifacts.find((a) => a.filename === filename);
  return artifact === undefined
    ? command('restic', 'dump', '--tag', `vigie-source=${input.policy.source}`, 'latest', filename)
    : command('restic', 'dump', artifact.snapshotId, filename);
}

function repositoryLine(destination: DestinationSettings | undefined): string {
  if (destination === undefined) return 'export RESTIC_REPOSITORY=<repository>';
  const location =
    destination.type === 'local' ? destination.path : `sftp:${destination.host}:${destination.path}`;
  return `export RESTIC_REPOSITORY=${quoteShellArg(location)}`;
}

function manualSteps(input: RestoreStepsInput): ListItem[] {
  const { policy, strings, verified, destination } = input;
  const destinationId = destination?.id ?? policy.destinations[0] ?? '<destination>';
  const keyFile = `/root/vigie-key-${destinationId}.txt`;
  const steps: ListItem[] = [
    step(
      strings.stepKey(destinationId),
      code(repositoryLine(destination), `export RESTIC_PASSWORD_FILE=${quoteShellArg(keyFile)}`),
    ),
    step(
      strings.stepSnapshots,
      code(command('restic', 'snapshots', '--tag', `vigie-source=${policy.source}`)),
      ...(verified === null || verified.artifacts.length === 0
        ? []
        : [
            {
              kind: 'keyValues' as const,
              items: verified.artifacts.map((a) => ({
                key: a.filename,
                value: { text: a.snapshotId, code: true },
              })),
            },
          ]),
    ),
  ];
  const endpoint = policy.endpoint;
  const address = endpoint?.address ?? '<server>';
  if (policy.kind === 'postgresql') {
    const database = databaseName(policy);
    const archive = `${TEMP_DIR}/${database}.pgdump`;
    const port = String(endpoint?.port ?? 5432);
    const connection = ['-h', address, '-p', port, '-U', 'postgres'];
    if (policy.globals)
      steps.push(
        step(
          strings.stepGlobals,
          code(`${dumpCommand(input, 'globals.sql')} | ${command('psql', ...connection, '-d', 'postgres')}`),
        ),
      );
    steps.push(
      step(
        strings.stepDumpPostgres,
        code(
          `${dumpCommand(input, `${database}.pgdump`)} > ${quoteShellArg(archive)}`,
          command('createdb', ...connection, database),
          command('pg_restore', ...connection, '-d', database, '-j', '2', archive),
          command('rm', archive),
        ),
      ),
    );
  } else if (policy.kind === 'mariadb') {
    const database = databaseName(policy);
    const connection = ['-h', address, '-P', String(endpoint?.port ?? 3306), '-u', 'root'];
    if (policy.globals)
      steps.push(
        step(
          strings.stepUsers,
          code(`${dumpCommand(input, 'users.sql')} | ${command('mariadb', ...connection)}`),
        ),
      );
    steps.push(
      step(
        strings.stepDumpMariadb,
        code(
          command('mariadb', ...connection, '-e', `CREATE DATABASE \`${database.replace(/`/g, '``')}\``),
          `${dumpCommand(input, `${database}.sql`)} | ${command('mariadb', ...connection, database)}`,
        ),
      ),
    );
  } else {
    const archive = `${policy.source.replace(/^files:/, '')}.tar`;
    const host = input.hostAddress ?? policy.host;
    // The remote shell reads ssh's arguments again: only Vigie's own constants go past it.
    const untar = `tar -x --numeric-owner --acls --xattrs -C ${FILES_RESTORE_DIR}`;
    steps.push(
      step(
        strings.stepDumpFiles,
        code(
          `${command('ssh', `root@${host}`)} mkdir -p ${FILES_RESTORE_DIR}`,
          `${dumpCommand(input, archive)} | ${command('ssh', `root@${host}`)} ${untar}`,
          ...(policy.paths ?? []).map(
            (path) =>
              `${command('ssh', `root@${host}`)} ${quoteShellArg(command('cp', '-a', `${FILES_RESTORE_DIR}${path}/.`, `${path}/`))}`,
          ),
        ),
      ),
    );
  }
  steps.push({ text: strings.stepCleanup });
  return steps;
}

function afterChecks(input: RestoreStepsInput): ListItem[] {
  const { policy, strings, verified } = input;
  const items: ListItem[] = [];
  if (policy.kind === 'files') {
    items.push({ text: strings.afterFiles });
  } else {
    const counts = verified?.rowCounts ?? [];
    if (counts.length > 0) {
      const shown = counts.slice(0, 20);
      items.push(
        step(strings.afterTables(counts.length), {
          kind: 'table',
          columns: [
            { title: strings.afterRowsColumns[0] },
            { title: strings.afterRowsColumns[1], align: 'right', width: 'auto' },
          ],
          rows: [
            ...shown.map((c) => [{ text: c.table, code: true }, String(c.rows)]),
            ...(counts.length > shown.length ? [[strings.moreTables(counts.length - shown.length), '']] : []),
          ],
        }),
      );
    }
    if (policy.drill?.query !== undefined) items.push(step(strings.afterQuery, code(policy.drill.query)));
    items.push({ text: strings.afterApplication });
  }
  items.push({ text: strings.afterJournal });
  return items;
}
