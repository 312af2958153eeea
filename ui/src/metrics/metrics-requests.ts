/** Host metrics over the API: series, latest readings, capacity, and a reading on demand (which refreshes them). */
import {
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type {
  CapacityItem,
  CollectionResult,
  HostSeries,
  LatestMetrics,
  MetricRange,
} from './metrics-types.js';

/** Readings arrive every minute or so: read afresh, and keep an open page current. */
const LIVE = { staleTime: 0, refetchInterval: 60_000 } as const;

const hostPath = (host: string) => `/hosts/${encodeURIComponent(host)}/metrics`;

export function useHostSeries(host: string, range: MetricRange, enabled = true): UseQueryResult<HostSeries> {
  const path = `${hostPath(host)}?range=${range}`;
  return useQuery({ queryKey: [path], queryFn: () => apiRequest<HostSeries>('GET', path), enabled, ...LIVE });
}

export function useLatestMetrics(host: string, enabled = true): UseQueryResult<LatestMetrics> {
  const path = `${hostPath(host)}/latest`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<LatestMetrics>('GET', path),
    enabled,
    ...LIVE,
  });
}

export function useCapacity(): UseQueryResult<readonly CapacityItem[]> {
  return useQuery({
    queryKey: ['/capacity'],
    queryFn: () => apiRequest<{ items: readonly CapacityItem[] }>('GET', '/capacity'),
    select: (body) => body.items,
    ...LIVE,
  });
}

/** Reads the host now; whatever the outcome, its metrics are read again. */
export function useCollectNow(host: string): UseMutationResult<CollectionResult, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<CollectionResult>('POST', `${hostPath(host)}/collect`),
    onSettled: async () => {
      await queryClient.invalidateQueries({
        predicate: (query) =>
          String(query.queryKey[0]).startsWith(hostPath(host)) || query.queryKey[0] === '/capacity',
      });
    },
  });
}
