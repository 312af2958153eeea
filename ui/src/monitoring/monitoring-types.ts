/** The monitoring API's answers, as the pages read them (see docs/api.md). */

export type CheckState = 'up' | 'down' | 'degraded' | 'unknown';
export type HistoryRange = '24h' | '7d' | '30d';

export interface CheckView {
  readonly id: string;
  readonly object: string;
  readonly objectName: string;
  readonly name: string;
  readonly kind: string;
  readonly host: string | null;
  readonly tags: readonly string[];
  readonly parents: readonly string[];
  readonly intervalMs: number;
  readonly state: CheckState;
  readonly since: string | null;
  readonly lastMessage: string | null;
  readonly lastLatencyMs: number | null;
  readonly lastAt: string | null;
  readonly flapping: boolean;
  readonly incidentId: string | null;
  readonly maintenance: { readonly id: string; readonly title: string; readonly until: string } | null;
  readonly unreachableBecauseOf: string | null;
}

/** A page of `GET /checks`: the filtered total, and every kind and host for the filters. */
export interface CheckPage {
  readonly items: readonly CheckView[];
  readonly total: number;
  readonly kinds: readonly string[];
  readonly hosts: readonly string[];
}

export interface StateChange {
  readonly at: string;
  readonly from: CheckState;
  readonly to: CheckState;
  readonly message: string;
}

export interface CheckDetail extends CheckView {
  readonly changes: readonly StateChange[];
  readonly monthAvailability: number | null;
}

export interface HistoryPoint {
  readonly start: string;
  readonly count: number;
  readonly up: number;
  readonly degraded: number;
  readonly down: number;
  readonly avgLatencyMs: number | null;
  readonly p50LatencyMs: number | null;
  readonly maxLatencyMs: number | null;
}

export interface CheckHistory {
  readonly range: HistoryRange;
  readonly from: string;
  readonly to: string;
  readonly bucketMs: number;
  readonly points: readonly HistoryPoint[];
}

export interface Incident {
  readonly id: string;
  readonly checkId: string;
  readonly object: string;
  readonly objectName: string;
  readonly host: string | null;
  readonly severity: 'critical' | 'warning';
  readonly status: 'open' | 'acknowledged' | 'resolved';
  readonly openedAt: string;
  readonly resolvedAt?: string | null;
  readonly durationMs: number;
  readonly lastMessage: string;
  readonly acknowledgedBy: string | null;
  readonly ackComment: string | null;
  readonly unreachableBecauseOf: string | null;
  readonly heldByMaintenance: string | null;
  readonly flapping: boolean;
}

export interface MaintenanceWindow {
  readonly id: string;
  readonly title: string;
  readonly scope: { readonly kind: string; readonly value: string };
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly cron: string | null;
  readonly durationMs?: number | null;
  readonly createdBy?: string;
  readonly endedAt?: string | null;
  readonly activeUntil: string | null;
}

export interface MonitoringOverview {
  readonly at: string;
  readonly counts: Record<CheckState, number> & { readonly total: number; readonly flapping: number };
  readonly openIncidents: readonly Incident[];
  readonly recentChanges: readonly (StateChange & { readonly checkId: string })[];
  readonly maintenance: readonly MaintenanceWindow[];
}

export interface SlaService {
  readonly object: string;
  readonly kind: string;
  readonly name: string;
  readonly checkId: string;
  readonly availability: number | null;
  readonly target: number | null;
  readonly downMs: number;
  readonly excludedMs: number;
  readonly incidents: readonly {
    readonly id: string;
    readonly severity: 'critical' | 'warning';
    readonly openedAt: string;
    readonly resolvedAt: string | null;
    readonly durationMs: number;
    readonly message: string;
  }[];
}

export interface SlaReport {
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly services: readonly SlaService[];
}

export interface MaintenanceInput {
  readonly title: string;
  readonly scope: { readonly kind: string; readonly value: string };
  readonly start?: string;
  readonly end?: string;
  readonly cron?: string;
  readonly duration?: string;
}
