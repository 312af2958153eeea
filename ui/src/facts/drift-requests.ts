/** The drift API as the pages read it: every host's findings, or one host's, computed afresh on each read. */
import type { UseQueryResult } from '@tanstack/react-query';
import { useApiQuery } from '../api/queries.js';

export type DriftSeverity = 'critical' | 'warning' | 'info';

export interface DriftFinding {
  readonly host: string;
  readonly kind: string;
  readonly severity: DriftSeverity;
  readonly object?: { readonly kind: string; readonly key: string };
  readonly message: string;
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface DriftSkip {
  readonly check: string;
  readonly object?: { readonly kind: string; readonly key: string };
  readonly partial: boolean;
  readonly reason: string;
}

export interface SeverityCounts {
  readonly critical: number;
  readonly warning: number;
  readonly info: number;
  readonly total: number;
}

export interface HostDrift {
  readonly host: string;
  readonly hostKind: 'vm' | 'device';
  readonly name: string;
  readonly gatheredAt: string | null;
  readonly factsAgeSeconds: number | null;
  readonly lastAttempt: {
    readonly attemptedAt: string;
    readonly ok: boolean;
    readonly error: { readonly code: string; readonly message: string; readonly hint: string | null } | null;
  } | null;
  readonly findings: readonly DriftFinding[];
  readonly skipped: readonly DriftSkip[];
  readonly counts: SeverityCounts;
}

export interface DriftReport {
  readonly generatedAt: string;
  readonly counts: SeverityCounts;
  readonly hostsWithoutFacts: number;
  readonly hosts: readonly HostDrift[];
}

export function useDriftReport(): UseQueryResult<DriftReport> {
  return useApiQuery<DriftReport>('/drift');
}

export function useHostDrift(host: string, enabled = true): UseQueryResult<HostDrift> {
  return useApiQuery<HostDrift>(`/hosts/${encodeURIComponent(host)}/drift`, enabled);
}
