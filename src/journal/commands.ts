/**
 * `vigie journal list`, `vigie journal verify [--checkpoint FILE]` and `vigie journal checkpoint`:
 * the intervention journal for people, or as JSON, and its signed checkpoints.
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  checkCheckpointFileWritable,
  readCheckpointFile,
  writeCheckpointFile,
} from '../audit/checkpoint-file.js';
import { loadSigningPublicKey } from '../audit/signing-key.js';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { formatInstant } from '../time/format.js';
import {
  createJournalCheckpoint,
  parseJournalCheckpoint,
  verifyJournalAgainstCheckpoint,
} from './checkpoint.js';
import { type JournalEntryView, listJournalEntries, MAX_JOURNAL_PAGE } from './list-entries.js';
import { JOURNAL_CATEGORIES } from './tables.js';
import { formatJournalVerification, verifyJournalChain } from './verify.js';

interface ListOptions {
  host?: string;
  since?: string;
  category?: string;
  limit: number;
  json?: boolean;
}

/** Mounts `vigie journal ...` on the program. */
export function registerJournalCommands(program: Command, context: CliContext): void {
  const journal = program
    .command('journal')
    .description('the intervention journal: what was done, when, by whom');
  journal
    .command('list')
    .description('show journal entries, newest first')
    .option('--host <host>', 'only entries about this host')
    .option(
      '--since <date>',
      'only entries started at or after this date (2026-11-01 or an ISO instant)',
      parseSince,
    )
    .option('--category <category>', `only this category (${JOURNAL_CATEGORIES.join(', ')})`, parseCategory)
    .option('--limit <n>', `how many entries (1 to ${MAX_JOURNAL_PAGE})`, parseLimit, 50)
    .option('--json', 'print the entries as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const entries = await context.withDeps(command, (deps) => listJournalEntries(deps.store.db, options));
      if (options.json) {
        context.io.out(JSON.stringify(entries, null, 2));
        return;
      }
      const timeZone = context.config(command).timeZone;
      if (entries.length === 0) context.io.out('No journal entries match.');
      for (const entry of entries) context.io.out(formatEntry(entry, timeZone));
    });
  journal
    .command('verify')
    .description('check that no journal entry was altered, inserted or deleted (exit 4 if one was)')
    .option('--checkpoint <file>', 'also prove the journal still extends this signed journal checkpoint')
    .option('--json', 'print the full report as JSON')
    .action(async (options: { checkpoint?: string; json?: boolean }, command: Command) => {
      // Read the checkpoint first: a wrong file is reported before anything is opened.
      const statement =
        options.checkpoint === undefined
          ? undefined
          : parseJournalCheckpoint(
              readCheckpointFile(options.checkpoint, 'vigie journal checkpoint'),
              options.checkpoint,
            );
      const result = await context.withDeps(command, async (deps) => {
        if (statement === undefined) return await verifyJournalChain(deps.store.db);
        const publicKey = loadSigningPublicKey(deps.config.auditKeyFile)?.publicKey ?? null;
        return await verifyJournalAgainstCheckpoint(deps.store.db, statement, { publicKey });
      });
      if (options.json) context.io.out(JSON.stringify(result, null, 2));
      else
        for (const line of formatJournalVerification(result, context.config(command).timeZone))
          context.io.out(line);
      if (!result.ok) {
        const n = result.findingCount;
        // AUDIT_BROKEN is the integrity failure code: it maps to exit 4 like `vigie audit verify`.
        throw new AppError(
          'AUDIT_BROKEN',
          `The intervention journal is broken: ${n} finding${n === 1 ? '' : 's'}.`,
          {
            hint: 'Each finding names the entries concerned. Keep the database as it is for the investigation, and see docs/journal.md.',
          },
        );
      }
    });
  journal
    .command('checkpoint')
    .description("sign the journal's current length and head hash, for the customer to keep outside Vigie")
    .option('--out <file>', 'write the checkpoint to this new file instead of standard output')
    .action(async (options: { out?: string }, command: Command) => {
      if (options.out !== undefined) checkCheckpointFileWritable(options.out);
      const statement = await context.withDeps(command, (deps) =>
        createJournalCheckpoint(deps, { actor: cliActor(context.env) }),
      );
      const json = `${JSON.stringify(statement, null, 2)}\n`;
      if (options.out === undefined) {
        context.io.out(json);
        return;
      }
      writeCheckpointFile(options.out, json);
      context.io.out(
        `journal checkpoint written to ${options.out}: ${statement.length} entries, head ${statement.headHash.slice(0, 12)}, key ${statement.keyId}`,
      );
    });
}

function formatEntry(entry: JournalEntryView, timeZone: string): string {
  const head = `#${entry.seq} ${formatInstant(entry.startedAt, timeZone)} ${entry.result === 'ok' ? 'ok    ' : 'FAILED'} ${entry.category} [${entry.hosts.join(', ')}] ${entry.summary} (${entry.durationMs} ms, ${entry.actor})`;
  const lines = [head];
  if (entry.detail) lines.push(`    ${entry.detail}`);
  if (entry.error) lines.push(`    error: ${entry.error}`);
  return lines.join('\n');
}

function parseSince(value: string): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(instant.getTime())) throw new InvalidArgumentError('expected a date such as 2026-11-01.');
  return instant.toISOString();
}

function parseCategory(value: string): string {
  if (!(JOURNAL_CATEGORIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${JOURNAL_CATEGORIES.join(', ')}.`);
  return value;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_JOURNAL_PAGE)
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_JOURNAL_PAGE}.`);
  return n;
}
