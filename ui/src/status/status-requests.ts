/** The public status data: no login, refreshed every minute. */
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';

export type PublicState = 'up' | 'degraded' | 'down' | 'maintenance' | 'unknown';

export interface PublicStatus {
  readonly customer: string | null;
  readonly at: string;
  readonly overall: PublicState;
  readonly services: readonly {
    readonly id: string;
    readonly kind: 'website' | 'database';
    readonly name: string;
    readonly state: PublicState;
    readonly since: string | null;
  }[];
  readonly maintenance: readonly {
    readonly title: string;
    readonly startsAt: string;
    readonly endsAt: string | null;
    readonly active: boolean;
    readonly services: readonly string[];
  }[];
  readonly incidents: readonly {
    readonly service: string;
    readonly severity: 'critical' | 'warning';
    readonly openedAt: string;
    readonly resolvedAt: string | null;
    readonly durationMs: number;
  }[];
}

export function usePublicStatus(): UseQueryResult<PublicStatus> {
  return useQuery({
    queryKey: ['/public/status'],
    queryFn: () => apiRequest<PublicStatus>('GET', '/public/status'),
    refetchInterval: 60_000,
  });
}
