/** `vigie journal list` and `vigie journal verify`: the intervention journal for people, or as JSON. */
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { formatInstant } from '../time/format.js';
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
    .option('--json', 'print the full report as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await context.withDeps(command, (deps) => verifyJournalChain(deps.store.db));
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
