/** Reads the intervention journal for people: newest first, filtered by host, time and category. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/database.js';
import type { JournalEntriesTable } from './tables.js';

export interface JournalFilter {
  /** Only entries about this host. */
  readonly host?: string | undefined;
  /** Only entries started at or after this instant (ISO 8601). */
  readonly since?: string | undefined;
  readonly category?: string | undefined;
  readonly result?: 'ok' | 'failed' | undefined;
  /** Only entries older than this `seq` (the previous page's last one). */
  readonly beforeSeq?: number | undefined;
  /** At most this many (default 50, at most 500). */
  readonly limit?: number | undefined;
}

export interface JournalEntryView {
  readonly seq: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly actor: string;
  readonly category: string;
  readonly hosts: string[];
  readonly summary: string;
  readonly detail: string | null;
  readonly result: 'ok' | 'failed';
  readonly error: string | null;
}

export const MAX_JOURNAL_PAGE = 500;

/** The entries matching `filter`, newest first. */
export async function listJournalEntries(
  db: Kysely<Database>,
  filter: JournalFilter = {},
): Promise<JournalEntryView[]> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_JOURNAL_PAGE);
  let query = db.selectFrom('journal_entries').selectAll().orderBy('seq', 'desc').limit(limit);
  if (filter.host !== undefined) {
    // Hosts are a JSON array in text: match the quoted name, escaped for LIKE, on both dialects.
    const needle = `%${JSON.stringify(filter.host).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`hosts LIKE ${needle} ESCAPE '\\'`);
  }
  if (filter.since !== undefined) query = query.where('started_at', '>=', filter.since);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  if (filter.result !== undefined) query = query.where('result', '=', filter.result);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  const rows = await query.execute();
  return rows.map(toView);
}

function toView(row: JournalEntriesTable): JournalEntryView {
  return {
    seq: Number(row.seq),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: Number(row.duration_ms),
    actor: row.actor,
    category: row.category,
    hosts: JSON.parse(row.hosts) as string[],
    summary: row.summary,
    detail: row.detail,
    result: row.result,
    error: row.error,
  };
}
