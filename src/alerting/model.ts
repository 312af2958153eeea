/**
 * The contract between monitoring (which decides that something happened) and alerting (which decides
 * who hears about it, and makes sure they do). Monitoring calls `enqueueAlert(deps, trx, event)` in the
 * same transaction that changes an incident, so an alert exists exactly when its cause does.
 */

export type AlertSeverity = 'critical' | 'warning' | 'info';

export type AlertEventKind =
  /** An incident opened (a check went DOWN or DEGRADED past its retries). */
  | 'incident_opened'
  /** Someone acknowledged it: escalation stops. */
  | 'incident_acknowledged'
  /** It is over; `durationMs` says how long it lasted. */
  | 'incident_resolved'
  /** Still open and unacknowledged after the route's repeat interval. */
  | 'incident_reminder'
  /** Still unacknowledged after the route's escalation delay: the next level hears about it. */
  | 'incident_escalated'
  /** A test notification asked for by `vigie alerts test` or `POST /alerts/test`; never from monitoring. */
  | 'test';

export interface AlertEvent {
  /** Unique per event; the outbox keys deliveries on (eventId, channel) so none is sent twice. */
  readonly eventId: string;
  readonly kind: AlertEventKind;
  readonly incidentId: string;
  readonly severity: AlertSeverity;
  readonly at: string;
  /** Short, for a subject line or a push title: `DOWN: Host03 nginx (HTTP 502)`. */
  readonly title: string;
  /** For people, several lines allowed: what, since when, the check's message, what is suppressed. */
  readonly message: string;
  /** What it concerns, for routing and grouping. */
  readonly subject: {
    readonly checkId: string;
    /** Inventory object the check watches: `website/intranet`, `vm/host03`. */
    readonly object: string;
    readonly host: string | undefined;
    readonly tags: readonly string[];
    readonly customer: string | undefined;
  };
  /** Link to the incident in Vigie's web interface, when the public URL is known. */
  readonly url: string | undefined;
  readonly durationMs?: number | undefined;
  readonly acknowledgedBy?: string | undefined;
  readonly comment?: string | undefined;
  /** 0 for the first level; escalations count up. */
  readonly escalationLevel?: number | undefined;
}
