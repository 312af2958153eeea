/** The facts API as a host's page reads it: latest facts with the last attempt, the history, and "gather now". */
import {
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest, isApiError } from '../api/client.js';
import { useApiQuery } from '../api/queries.js';

export interface HostFacts {
  readonly host: string;
  readonly gatheredAt: string;
  readonly os: { readonly id: string; readonly version: string; readonly name: string };
  readonly kernel: string;
  readonly uptimeSeconds: number;
  readonly cpu: { readonly model: string; readonly cores: number; readonly architecture: string };
  readonly memory: {
    readonly totalBytes: number;
    readonly availableBytes: number;
    readonly swapTotalBytes: number;
    readonly swapFreeBytes: number;
  };
  readonly filesystems: readonly FilesystemFacts[];
  readonly addresses: readonly {
    readonly interface: string;
    readonly address: string;
    readonly family: string;
  }[];
  readonly listening: readonly ListeningSocket[];
  readonly services: readonly { readonly name: string; readonly source: 'systemd' | 'process' }[];
  readonly packages: readonly InstalledPackage[];
  readonly reboot: { readonly required: boolean; readonly packages: readonly string[] };
  readonly problems: readonly { readonly section: string; readonly message: string }[];
}

export interface FilesystemFacts {
  readonly mountpoint: string;
  readonly device: string;
  readonly type: string;
  readonly sizeBytes: number;
  readonly usedBytes: number;
  readonly availableBytes: number;
}

export interface ListeningSocket {
  readonly protocol: 'tcp' | 'udp';
  readonly address: string;
  readonly port: number;
  readonly process?: string;
  readonly pid?: number;
}

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
}

export interface GatherError {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

export interface LastAttempt {
  readonly attemptedAt: string;
  readonly actor: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly error: GatherError | null;
}

/** `null` when the host's facts were never gathered nor tried (the API answers 404). */
export interface HostFactsView {
  readonly facts: HostFacts | null;
  readonly lastAttempt: LastAttempt | null;
}

export interface FactsSummary {
  readonly os: string;
  readonly kernel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly fullest?: { readonly mountpoint: string; readonly usedRatio: number };
  readonly listeningPorts: number;
  readonly services: number;
  readonly packages: number;
  readonly rebootRequired: boolean;
  readonly problems: number;
}

export interface FactsHistoryEntry {
  readonly gatheredAt: string;
  readonly summary: FactsSummary;
}

const factsPath = (host: string) => `/hosts/${encodeURIComponent(host)}/facts`;

/** The latest facts and attempt; a 404 (never gathered) is an answer here, not an error. */
export function useHostFacts(host: string, enabled: boolean): UseQueryResult<HostFactsView | null> {
  const path = factsPath(host);
  return useQuery({
    queryKey: [path],
    queryFn: async () => {
      try {
        return await apiRequest<HostFactsView>('GET', path);
      } catch (error) {
        if (isApiError(error) && error.status === 404 && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
    enabled,
  });
}

export function useFactsHistory(
  host: string,
  enabled: boolean,
): UseQueryResult<{ readonly items: readonly FactsHistoryEntry[] }> {
  return useApiQuery(`${factsPath(host)}/history?limit=10`, enabled);
}

/** Gathers now; whatever the outcome, every read about this host (facts, history, drift) is refreshed. */
export function useGatherFacts(host: string): UseMutationResult<unknown, Error, void> {
  const queryClient = useQueryClient();
  const prefix = `/hosts/${encodeURIComponent(host)}/`;
  return useMutation({
    mutationFn: () => apiRequest<unknown>('POST', factsPath(host)),
    onSettled: () =>
      queryClient.invalidateQueries({
        predicate: (query) => {
          const key = query.queryKey[0];
          return typeof key === 'string' && key.startsWith(prefix);
        },
      }),
  });
}
