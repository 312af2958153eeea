/** SSH host keys and security alerts over the API: read them, approve or reject a key (both refresh the lists). */
import {
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { HostKey, SecurityAlert } from '../api/types.js';

const HOSTKEYS_PATH = '/hostkeys';
const ALERTS_PATH = '/security-alerts?limit=20';

/** Keys and alerts arrive with remote operations, not with the page: read afresh, and every half minute. */
const LIVE = { staleTime: 0, refetchInterval: 30_000 } as const;

/** Every key Vigie has seen, grouped by host, newest first within each host. */
export function useHostKeys(): UseQueryResult<readonly HostKey[]> {
  return useQuery({
    queryKey: [HOSTKEYS_PATH],
    queryFn: () => apiRequest<{ items: readonly HostKey[] }>('GET', HOSTKEYS_PATH),
    select: (body) => body.items,
    ...LIVE,
  });
}

/** The latest security alerts, newest first. */
export function useSecurityAlerts(): UseQueryResult<readonly SecurityAlert[]> {
  return useQuery({
    queryKey: [ALERTS_PATH],
    queryFn: () => apiRequest<{ items: readonly SecurityAlert[] }>('GET', ALERTS_PATH),
    select: (body) => body.items,
    ...LIVE,
  });
}

export interface KeyDecision {
  readonly host: string;
  /** Always sent: the decision is about the key the engineer looked at, not whatever arrived since. */
  readonly fingerprint: string;
}

function useDecision<T>(verb: 'approve' | 'reject'): UseMutationResult<T, Error, KeyDecision> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ host, fingerprint }: KeyDecision) =>
      apiRequest<T>('POST', `/hostkeys/${encodeURIComponent(host)}/${verb}`, { fingerprint }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [HOSTKEYS_PATH] });
      void queryClient.invalidateQueries({ queryKey: [ALERTS_PATH] });
    },
  });
}

export function useApproveHostKey(): UseMutationResult<
  { approved: HostKey; replaced: HostKey | null },
  Error,
  KeyDecision
> {
  return useDecision('approve');
}

export function useRejectHostKey(): UseMutationResult<HostKey, Error, KeyDecision> {
  return useDecision('reject');
}
