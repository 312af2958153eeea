/** Store tables of the monitoring domain: latest state per check, state changes, rollups, incidents, windows. */
import type { Generated } from 'kysely';

export type CheckStateName = 'up' | 'down' | 'degraded' | 'unknown';

/** The latest state of one check: one row per check, rewritten in batches (never one write per result). */
export interface CheckStatesTable {
  check_id: string;
  /** The inventory object watched: `website/intranet`. */
  object: string;
  kind: string;
  host: string | null;
  state: CheckStateName;
  /** When the current state began (null while UNKNOWN). */
  since: string | null;
  /** Consecutive results that were not UP, and that were UP. */
  fail_streak: number;
  ok_streak: number;
  last_status: 'up' | 'down' | 'degraded' | 'unknown' | null;
  last_message: string | null;
  last_latency_ms: number | null;
  last_at: string | null;
  /** JSON object of the probe's numbers (`days_to_expiry`...). */
  last_metrics: string | null;
  flapping: number;
  /** JSON array of the instants (ms) of recent state changes, for flap detection. */
  recent_changes: string;
  incident_id: string | null;
  updated_at: string;
}

/** Every confirmed change of state: the history SLA figures are computed from. */
export interface CheckStateChangesTable {
  id: Generated<number>;
  check_id: string;
  at: string;
  from_state: CheckStateName;
  to_state: CheckStateName;
  message: string;
}

export type RollupResolution = 'minute' | 'hour';

/** Results counted per check and minute or hour: history charts without one row per result. */
export interface CheckRollupsTable {
  check_id: string;
  resolution: RollupResolution;
  bucket_start: string;
  count: number;
  up_count: number;
  degraded_count: number;
  down_count: number;
  latency_sum_ms: number;
  latency_min_ms: number;
  latency_max_ms: number;
}

export type IncidentSeverity = 'critical' | 'warning';

/** One incident: opened when a check goes DOWN or DEGRADED, resolved when it is UP again. */
export interface IncidentsTable {
  id: string;
  check_id: string;
  object: string;
  object_name: string;
  host: string | null;
  /** JSON array of the check's tags, for alert routing. */
  tags: string;
  severity: IncidentSeverity;
  opened_at: string;
  /** The check's message when it opened, and its latest one. */
  message: string;
  last_message: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  resolved_at: string | null;
  /** The check that makes this one unreachable (a parent by topology), while it does. */
  suppressed_by: string | null;
  /** That parent's name for people: `ECWAN`. */
  suppressed_label: string | null;
  /** The maintenance window holding its alert, while it does. */
  held_by: string | null;
  /** 1 once the alert `incident_opened` was enqueued. */
  alerted: number;
  /** 1 when the check flapped during the incident: one incident summarises the flapping. */
  flapping: number;
  updated_at: string;
}

export type MaintenanceScope = 'host' | 'object' | 'tag' | 'check';

/** A maintenance window: one-off (`starts_at`..`ends_at`) or recurring (`cron` + `duration_ms`). Never deleted. */
export interface MaintenanceWindowsTable {
  id: string;
  title: string;
  scope_kind: MaintenanceScope;
  scope_value: string;
  starts_at: string;
  /** End of a one-off window; for a recurring one, the last instant an occurrence may start (optional). */
  ends_at: string | null;
  cron: string | null;
  duration_ms: number | null;
  /** The zone the cron expression is read in. */
  time_zone: string | null;
  created_by: string;
  created_at: string;
  /** Set when someone ends the window early: nothing of it counts after this instant. */
  ended_at: string | null;
  ended_by: string | null;
}

/** Which worker runs which check, for several workers sharing one store. */
export interface CheckLeasesTable {
  check_id: string;
  worker_id: string;
  expires_at: string;
}

export interface MonitoringTables {
  check_states: CheckStatesTable;
  check_state_changes: CheckStateChangesTable;
  check_rollups: CheckRollupsTable;
  incidents: IncidentsTable;
  maintenance_windows: MaintenanceWindowsTable;
  check_leases: CheckLeasesTable;
}
