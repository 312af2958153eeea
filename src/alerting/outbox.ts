/** The outbox as people see it: notifications waiting, failed or sent, with the events they carry. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { NotificationStatus } from './tables.js';

export type OutboxFilter = 'pending' | 'failed' | 'sent' | 'all';

export interface OutboxItem {
  readonly id: string;
  readonly channel: string;
  readonly route: string;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly failedAt: string | null;
  readonly events: { eventId: string; kind: string; severity: string; incidentId: string; title: string }[];
}

const STATUSES: Record<OutboxFilter, readonly NotificationStatus[]> = {
  pending: ['open', 'sending', 'retry'],
  failed: ['failed'],
  sent: ['sent'],
  all: ['open', 'sending', 'retry', 'failed', 'sent'],
};

/** Notifications by filter (pending and failed unless told), oldest first; at most `limit`. */
export async function listOutbox(
  db: Kysely<Database>,
  input: { readonly filter?: OutboxFilter; readonly limit?: number } = {},
): Promise<OutboxItem[]> {
  const statuses =
    input.filter === undefined ? [...STATUSES.pending, ...STATUSES.failed] : [...STATUSES[input.filter]];
  const notifications = await db
    .selectFrom('alert_notifications')
    .selectAll()
    .where('status', 'in', statuses)
    .orderBy('created_at')
    .orderBy('id')
    .limit(input.limit ?? 100)
    .execute();
  if (notifications.length === 0) return [];
  const deliveries = await db
    .selectFrom('alert_deliveries')
    .select(['notification_id', 'event_id', 'kind', 'severity', 'incident_id', 'title'])
    .where(
      'notification_id',
      'in',
      notifications.map((n) => n.id),
    )
    .orderBy('created_at')
    .execute();
  return notifications.map((n) => ({
    id: n.id,
    channel: n.channel,
    route: n.route,
    status: n.status,
    attempts: n.attempts,
    nextAttemptAt: n.status === 'open' || n.status === 'retry' ? n.next_attempt_at : null,
    lastError: n.last_error,
    createdAt: n.created_at,
    sentAt: n.sent_at,
    failedAt: n.failed_at,
    events: deliveries
      .filter((d) => d.notification_id === n.id)
      .map((d) => ({
        eventId: d.event_id,
        kind: d.kind,
        severity: d.severity,
        incidentId: d.incident_id,
        title: d.title,
      })),
  }));
}
