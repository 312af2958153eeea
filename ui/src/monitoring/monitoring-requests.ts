/**
 * The monitoring API as the pages read it. Only the small overview is polled (every 10 s, only while
 * the tab is visible; an unchanged one is a 304 through the browser's cache): no result is pushed to
 * browsers, and the checks come a page at a time, filtered on the server.
 */
import {
  keepPreviousData,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type {
  CheckDetail,
  CheckHistory,
  CheckPage,
  HistoryRange,
  Incident,
  MaintenanceInput,
  MaintenanceWindow,
  MonitoringOverview,
  SlaReport,
} from './monitoring-types.js';

export const OVERVIEW_POLL_MS = 10_000;
const OVERVIEW_PATH = '/monitoring/overview';

export function useMonitoringOverview(): UseQueryResult<MonitoringOverview> {
  return useQuery({
    queryKey: [OVERVIEW_PATH],
    queryFn: () => apiRequest<MonitoringOverview>('GET', OVERVIEW_PATH),
    refetchInterval: OVERVIEW_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}

export interface CheckFilter {
  readonly state: string;
  readonly kind: string;
  readonly host: string;
}

/** One page of checks matching `filter`; the previous page stays shown while the next one loads. */
export function useChecks(filter: CheckFilter, page: number, pageSize: number): UseQueryResult<CheckPage> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value !== '') query.set(name, value);
  query.set('limit', String(pageSize));
  query.set('offset', String(page * pageSize));
  const path = `/checks?${query.toString()}`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<CheckPage>('GET', path),
    placeholderData: keepPreviousData,
  });
}

export function checkPath(id: string): string {
  return `/checks/${id.split('/').map(encodeURIComponent).join('/')}`;
}

export function useCheck(id: string): UseQueryResult<CheckDetail> {
  return useQuery({
    queryKey: [checkPath(id)],
    queryFn: () => apiRequest<CheckDetail>('GET', checkPath(id)),
  });
}

export function useCheckHistory(id: string, range: HistoryRange): UseQueryResult<CheckHistory> {
  const path = `${checkPath(id)}/history?range=${range}`;
  return useQuery({ queryKey: [path], queryFn: () => apiRequest<CheckHistory>('GET', path) });
}

export function useIncidents(state: 'open' | 'resolved' | 'all'): UseQueryResult<readonly Incident[]> {
  const path = `/incidents?state=${state}&limit=200`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ items: readonly Incident[] }>('GET', path),
    select: (body) => body.items,
  });
}

/** Refreshes every monitoring read after a change. */
function useInvalidateMonitoring(): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({
      predicate: (query) => {
        const key = String(query.queryKey[0] ?? '');
        return (
          key.startsWith('/monitoring') ||
          key.startsWith('/incidents') ||
          key.startsWith('/maintenance') ||
          key.startsWith('/checks')
        );
      },
    });
  };
}

export function useAcknowledge() {
  const invalidate = useInvalidateMonitoring();
  return useMutation({
    mutationFn: (input: { id: string; comment: string }) =>
      apiRequest<Incident>('POST', `/incidents/${encodeURIComponent(input.id)}/ack`, {
        comment: input.comment,
      }),
    onSuccess: invalidate,
  });
}

export function useMaintenanceWindows(all: boolean): UseQueryResult<readonly MaintenanceWindow[]> {
  const path = `/maintenance?all=${all}`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ items: readonly MaintenanceWindow[] }>('GET', path),
    select: (body) => body.items,
  });
}

export function useAddMaintenance() {
  const invalidate = useInvalidateMonitoring();
  return useMutation({
    mutationFn: (input: MaintenanceInput) => apiRequest<MaintenanceWindow>('POST', '/maintenance', input),
    onSuccess: invalidate,
  });
}

export function useEndMaintenance() {
  const invalidate = useInvalidateMonitoring();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<MaintenanceWindow>('POST', `/maintenance/${encodeURIComponent(id)}/end`),
    onSuccess: invalidate,
  });
}

export function useSla(month: string): UseQueryResult<SlaReport> {
  const path = `/sla?month=${month}`;
  return useQuery({ queryKey: [path], queryFn: () => apiRequest<SlaReport>('GET', path) });
}
