/**
 * Store tables of the alerting domain: the outbox (notifications, and the events each one carries)
 * and the follow-up schedule of open incidents (reminders, escalations).
 */

/** `open` still gathers its group; `sending` is leased by a worker; `retry` waits for its backoff. */
export type NotificationStatus = 'open' | 'sending' | 'retry' | 'sent' | 'failed';

/** One message to one channel: one event, or a group of events sent together. */
export interface AlertNotificationsTable {
  /** Stable across retries: the idempotency key, the e-mail Message-ID, the Matrix transaction id. */
  id: string;
  channel: string;
  route: string;
  /** Events with the same key on the same channel within the route's group_wait share one message. */
  group_key: string;
  status: NotificationStatus;
  /** When the group closes and the first attempt may start. */
  due_at: string;
  /** When the next attempt may start (equals due_at until the first failure). */
  next_attempt_at: string;
  attempts: number;
  /** Why the last attempt failed; never holds a secret (URLs are shown by origin only). */
  last_error: string | null;
  /** Worker holding the lease while it sends; another takes over once lease_until has passed. */
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  sent_at: string | null;
  failed_at: string | null;
}

/** One event for one channel; the primary key (event_id, channel) makes enqueueing idempotent. */
export interface AlertDeliveriesTable {
  event_id: string;
  channel: string;
  notification_id: string;
  incident_id: string;
  kind: string;
  severity: string;
  title: string;
  /** The AlertEvent, JSON. */
  event: string;
  created_at: string;
}

export type FollowUpState = 'active' | 'acknowledged' | 'resolved';

/** Reminders and escalations of one incident under one route, until someone acknowledges it. */
export interface AlertFollowUpsTable {
  incident_id: string;
  route: string;
  /** The incident_opened event, JSON: follow-ups are built from it. */
  event: string;
  opened_at: string;
  state: FollowUpState;
  reminders_sent: number;
  next_reminder_at: string | null;
  /** How many escalation levels have been notified (0: none yet). */
  escalation_level: number;
  next_escalation_at: string | null;
  updated_at: string;
}

export interface AlertingTables {
  alert_notifications: AlertNotificationsTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_follow_ups: AlertFollowUpsTable;
}
