/** Reads the intervention journal one page at a time, filtered by host and category. */
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { JournalPage } from '../api/types.js';

export interface JournalFilter {
  readonly host: string;
  readonly category: string;
  /** The previous page's `nextBeforeSeq`; null for the newest page. */
  readonly beforeSeq: number | null;
}

export const JOURNAL_PAGE_SIZE = 50;

/** How often an open journal page asks for new entries. */
const LIVE_REFRESH_MS = 30_000;

/** The query string of `filter`, leaving out what is not set. */
export function journalPath(filter: JournalFilter, limit = JOURNAL_PAGE_SIZE): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter.host !== '') params.set('host', filter.host);
  if (filter.category !== '') params.set('category', filter.category);
  if (filter.beforeSeq !== null) params.set('beforeSeq', String(filter.beforeSeq));
  return `/journal?${params.toString()}`;
}

/** One page of entries, newest first. */
export function useJournal(filter: JournalFilter): UseQueryResult<JournalPage> {
  const path = journalPath(filter);
  // Remote operations write to the journal behind the page's back: always read it afresh, and keep it current.
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<JournalPage>('GET', path),
    staleTime: 0,
    refetchInterval: LIVE_REFRESH_MS,
  });
}

/** A journal checkpoint as recorded in the audit trail (`GET /journal/checkpoints`). */
export interface RecordedJournalCheckpoint {
  readonly auditSeq: number;
  readonly actor: string;
  readonly length: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly keyId: string;
}

/** How many of the latest journal checkpoints the journal page lists. */
const RECENT_CHECKPOINTS = 5;

/** The latest journal checkpoints, newest first. */
export function useJournalCheckpoints(): UseQueryResult<readonly RecordedJournalCheckpoint[]> {
  const path = `/journal/checkpoints?limit=${RECENT_CHECKPOINTS}`;
  return useQuery({
    queryKey: [path],
    queryFn: async () =>
      (await apiRequest<{ items: readonly RecordedJournalCheckpoint[] }>('GET', path)).items,
  });
}
