/** The updates API as the pages read it: the rack's exposure ranking, a host's pending updates, "check now", "import feed". */
import {
  type UseMutationResult,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';

export type Urgency = 'unknown' | 'unimportant' | 'low' | 'medium' | 'high' | 'critical';

export interface CheckFailure {
  readonly host: string;
  readonly checkedAt: string;
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

export interface PendingUpdate {
  readonly package: string;
  readonly architecture: string;
  readonly currentVersion: string | null;
  readonly candidateVersion: string;
  readonly sourcePackage: string;
  readonly origins: readonly string[];
  readonly security: boolean;
  readonly cves: readonly { readonly id: string; readonly from: readonly string[] }[];
  readonly urgency: Urgency;
  readonly needsReboot: boolean;
  readonly rebootReason: string | null;
  readonly firstSeenAt: string | null;
}

export interface UpdatesSnapshot {
  readonly host: string;
  readonly checkedAt: string;
  readonly manager: 'apt' | 'dnf';
  readonly os: { readonly id: string; readonly version: string; readonly codename: string };
  readonly refreshed: boolean;
  readonly rebootRequired: boolean;
  readonly rebootPackages: readonly string[];
  readonly notes: readonly string[];
  readonly updates: readonly PendingUpdate[];
}

export interface HostUpdates {
  readonly host: string;
  readonly snapshot: UpdatesSnapshot | null;
  readonly lastFailure: CheckFailure | null;
}

export interface HostExposure {
  readonly host: string;
  readonly score: number;
  readonly checkedAt: string | null;
  readonly pendingCount: number;
  readonly securityCount: number;
  readonly cveCount: number;
  readonly maxUrgency: Urgency;
  readonly oldestSecurityFirstSeenAt: string | null;
  readonly oldestSecurityAgeDays: number | null;
  readonly rebootRequired: boolean;
  readonly rebootNeededByUpdates: boolean;
  readonly lastFailure: CheckFailure | null;
}

export interface FeedImport {
  readonly importedAt: string;
  readonly source: string;
  readonly entryCount: number;
  readonly releases: readonly string[];
}

const RACK_PATH = '/updates';
const hostPath = (host: string) => `/hosts/${encodeURIComponent(host)}/updates`;

/** Every checked host, most exposed first, and the security feed in use. */
export function useRackExposure(): UseQueryResult<{
  items: readonly HostExposure[];
  feed: FeedImport | null;
}> {
  return useQuery({
    queryKey: [RACK_PATH],
    queryFn: () => apiRequest<{ items: readonly HostExposure[]; feed: FeedImport | null }>('GET', RACK_PATH),
  });
}

export function useHostUpdates(host: string, enabled: boolean): UseQueryResult<HostUpdates> {
  return useQuery({
    queryKey: [hostPath(host)],
    queryFn: () => apiRequest<HostUpdates>('GET', hostPath(host)),
    enabled,
  });
}

/** Checks the host now over SSH (refreshing its package lists); refreshes the host and the rack views. */
export function useCheckUpdates(host: string): UseMutationResult<{ ok: boolean }, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ ok: boolean }>('POST', `${hostPath(host)}/check`, { refresh: true }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [hostPath(host)] });
      void queryClient.invalidateQueries({ queryKey: [RACK_PATH] });
    },
  });
}

/** Imports the security feed from the server's configured source. */
export function useImportFeed(): UseMutationResult<FeedImport, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<FeedImport>('POST', '/updates/feed'),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [RACK_PATH] }),
  });
}

/** The Debian security tracker's page of a CVE. */
export function trackerUrl(cve: string): string {
  return `https://security-tracker.debian.org/tracker/${encodeURIComponent(cve)}`;
}
