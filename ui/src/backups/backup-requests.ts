/**
 * The backup API as the pages read it. Jobs are polled every 1.5 s while one runs (every 15 s
 * otherwise, to notice work started elsewhere), and every backup read is refreshed when a job ends.
 */
import {
  type QueryClient,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { API_BASE, apiRequest } from '../api/client.js';
import type {
  BackupJob,
  BackupOverview,
  BackupRun,
  RestoreDrill,
  RestorePlan,
  RestoreRequest,
} from './backup-types.js';

export const JOBS_POLL_RUNNING_MS = 1_500;
export const JOBS_POLL_IDLE_MS = 15_000;
const OVERVIEW_PATH = '/backups';
const JOBS_PATH = '/backups/jobs';

export function useBackupOverview(): UseQueryResult<BackupOverview> {
  return useQuery({
    queryKey: [OVERVIEW_PATH],
    queryFn: () => apiRequest<BackupOverview>('GET', OVERVIEW_PATH),
  });
}

function listPath(what: 'runs' | 'drills', source: string | undefined, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (source !== undefined) query.set('source', source);
  return `/backups/${what}?${query.toString()}`;
}

/** Runs newest first, of one source or of all. */
export function useRuns(source: string | undefined, limit = 50): UseQueryResult<readonly BackupRun[]> {
  const path = listPath('runs', source, limit);
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ items: readonly BackupRun[] }>('GET', path),
    select: (body) => body.items,
  });
}

export function useDrills(source: string | undefined, limit = 50): UseQueryResult<readonly RestoreDrill[]> {
  const path = listPath('drills', source, limit);
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ items: readonly RestoreDrill[] }>('GET', path),
    select: (body) => body.items,
  });
}

/** Running and recent jobs, polled fast while any runs; backup reads are refreshed when one ends. */
export function useBackupJobs(): UseQueryResult<readonly BackupJob[]> {
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: [JOBS_PATH],
    queryFn: () => apiRequest<{ items: readonly BackupJob[] }>('GET', JOBS_PATH),
    select: (body) => body.items,
    refetchInterval: (query) =>
      (query.state.data?.items ?? []).some((job) => job.finishedAt === null)
        ? JOBS_POLL_RUNNING_MS
        : JOBS_POLL_IDLE_MS,
    refetchIntervalInBackground: false,
  });
  const running = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (jobs.data === undefined) return;
    const now = new Set(jobs.data.filter((job) => job.finishedAt === null).map((job) => job.id));
    const ended = [...running.current].some((id) => !now.has(id));
    running.current = now;
    if (ended) invalidateBackupReads(queryClient);
  }, [jobs.data, queryClient]);
  return jobs;
}

function invalidateBackupReads(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({
    predicate: (query) => {
      const key = String(query.queryKey[0] ?? '');
      return key.startsWith('/backups') && key !== JOBS_PATH;
    },
  });
}

/** A started job shows up in the job list at once, which starts the fast polling. */
function useStartJob<Input>(request: (input: Input) => Promise<BackupJob>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [JOBS_PATH] }),
  });
}

export function useStartBackup() {
  return useStartJob((source: string) => apiRequest<BackupJob>('POST', '/backups/run', { source }));
}

export function useStartDrill() {
  return useStartJob((source: string) => apiRequest<BackupJob>('POST', '/backups/drill', { source }));
}

export function useVerifyRun() {
  return useStartJob((runId: string) =>
    apiRequest<BackupJob>('POST', `/backups/runs/${encodeURIComponent(runId)}/verify`),
  );
}

/** A dry run: what the restore would do, nothing done. */
export function useRestoreDryRun() {
  return useMutation({
    mutationFn: (input: Omit<RestoreRequest, 'dryRun' | 'confirm'>) =>
      apiRequest<{ plan: RestorePlan }>('POST', '/backups/restore', { ...input, dryRun: true }),
  });
}

export function useStartRestore() {
  return useStartJob((input: Omit<RestoreRequest, 'dryRun'>) =>
    apiRequest<BackupJob>('POST', '/backups/restore', input),
  );
}

/** The generated restore plan document of one source (or every source), for a link. */
export function restorePlanUrl(format: 'html' | 'pdf', lang: string, source?: string): string {
  const query = new URLSearchParams({ format, lang });
  if (source !== undefined) query.set('source', source);
  return `${API_BASE}/backups/restore-plan?${query.toString()}`;
}
