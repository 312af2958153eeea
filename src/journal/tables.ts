/** Store table of the intervention journal: append-only and hash-chained, like the audit trail. */

export const JOURNAL_CATEGORIES = [
  'incident',
  'maintenance',
  'update',
  'backup',
  'security',
  'support',
  'documentation',
  'meeting',
  'operation',
] as const;
export type JournalCategory = (typeof JOURNAL_CATEGORIES)[number];

export interface JournalEntriesTable {
  /** Position in the chain, 1-based, no gaps. */
  seq: number;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  /** Who or what: `user:alice`, `cli:root`, `job:facts`. */
  actor: string;
  category: string;
  /** JSON array of host names. */
  hosts: string;
  summary: string;
  detail: string | null;
  result: 'ok' | 'failed';
  error: string | null;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface JournalTables {
  journal_entries: JournalEntriesTable;
}
