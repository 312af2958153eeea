/** TanStack Query hooks for each API read the pages need; the query key is the request path. */
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.js';
import type {
  ApiToken,
  AuditEvent,
  AuditVerification,
  InventoryObject,
  InventorySummary,
  ObjectDetail,
  RackElevation,
  Revision,
  RevisionDetail,
  UserAccount,
} from './types.js';

/** GETs `path` (relative to `/api/v1`) through the query cache. */
export function useApiQuery<T>(path: string, enabled = true): UseQueryResult<T> {
  return useQuery<T>({ queryKey: [path], queryFn: () => apiRequest<T>('GET', path), enabled });
}

export function useInventorySummary(): UseQueryResult<InventorySummary> {
  return useApiQuery<InventorySummary>('/inventory/summary');
}

/** Every object of one kind the user may see, ordered by key. */
export function useObjects(kind: string, enabled = true): UseQueryResult<readonly InventoryObject[]> {
  const path = `/inventory/objects?kind=${encodeURIComponent(kind)}`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ objects: readonly InventoryObject[] }>('GET', path),
    select: (body) => body.objects,
    enabled,
  });
}

export function useObjectDetail(kind: string, key: string): UseQueryResult<ObjectDetail> {
  return useApiQuery<ObjectDetail>(
    `/inventory/objects/${encodeURIComponent(kind)}/${encodeURIComponent(key)}`,
  );
}

export function useRackElevation(key: string | undefined): UseQueryResult<RackElevation> {
  return useApiQuery<RackElevation>(
    `/inventory/racks/${encodeURIComponent(key ?? '')}/elevation`,
    key !== undefined,
  );
}

/** Applied revisions, newest first. */
export function useRevisions(limit = 20): UseQueryResult<readonly Revision[]> {
  const path = `/inventory/revisions?limit=${limit}`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ revisions: readonly Revision[] }>('GET', path),
    select: (body) => body.revisions,
  });
}

/** One applied revision with every change it made. */
export function useRevisionDetail(id: number): UseQueryResult<RevisionDetail> {
  return useApiQuery<RevisionDetail>(`/inventory/revisions/${id}`, Number.isInteger(id) && id > 0);
}

/** The newest audit events, newest first. */
export function useAuditEvents(limit: number): UseQueryResult<readonly AuditEvent[]> {
  const path = `/audit/events?limit=${limit}`;
  return useQuery({
    queryKey: [path],
    queryFn: () => apiRequest<{ items?: readonly AuditEvent[]; events?: readonly AuditEvent[] }>('GET', path),
    select: (body) => body.items ?? body.events ?? [],
  });
}

/** Verifies the chain again each time a page asks (a cached "intact" would prove nothing). */
export function useAuditVerification(): UseQueryResult<AuditVerification> {
  return useQuery({
    queryKey: ['/audit/verify'],
    queryFn: () => apiRequest<AuditVerification>('GET', '/audit/verify'),
    staleTime: 0,
  });
}

/** Every account (admins and managers only). */
export function useUsers(): UseQueryResult<readonly UserAccount[]> {
  return useQuery({
    queryKey: ['/users'],
    queryFn: () =>
      apiRequest<{ items?: readonly UserAccount[]; users?: readonly UserAccount[] }>('GET', '/users'),
    select: (body) => body.items ?? body.users ?? [],
  });
}

/** The caller's API tokens, newest first, revoked ones included. */
export function useApiTokens(): UseQueryResult<readonly ApiToken[]> {
  return useQuery({
    queryKey: ['/me/tokens'],
    queryFn: () => apiRequest<{ items: readonly ApiToken[] }>('GET', '/me/tokens'),
    select: (body) => body.items,
  });
}
