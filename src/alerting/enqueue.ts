/**
 * Puts alerts in the outbox, inside the caller's transaction: an alert is stored exactly when its
 * cause is, and one event is stored at most once per channel whatever the number of calls.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from '../log/logger.js';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import type { AlertEvent } from './model.js';
import { channelsFor, groupKeyOf, matchRoutes } from './routing.js';
import type { AlertingConfig, RouteConfig } from './schema.js';

/** What enqueueing needs: the configuration, the time, a logger, and the store's dialect (for locks). */
export interface EnqueueDeps {
  readonly alerting: AlertingConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Pick<Store, 'dialect'>;
}

export interface EnqueuedDelivery {
  readonly channel: string;
  readonly route: string;
  readonly notificationId: string;
}

/**
 * Routes `event` and stores one delivery per (event, channel) in `trx`. Calling it again with the
 * same `eventId` adds nothing. Openings start the route's follow-up schedule (reminders,
 * escalations); acknowledgements and resolutions stop it.
 *
 * @example
 * await deps.store.transaction(async (trx) => {
 *   await openIncident(trx, ...);
 *   await enqueueAlert(deps, trx, { eventId: `${incidentId}:opened`, kind: 'incident_opened', ... });
 * });
 */
export async function enqueueAlert(
  deps: EnqueueDeps,
  trx: Kysely<Database>,
  event: AlertEvent,
): Promise<EnqueuedDelivery[]> {
  const routes = matchRoutes(deps.alerting, event);
  if (routes.length === 0) {
    deps.logger.warn(
      { eventId: event.eventId, incidentId: event.incidentId, kind: event.kind },
      'alert matched no route and no default channel: nobody is notified',
    );
    return [];
  }
  const now = deps.clock.now().toISOString();
  const enqueued: EnqueuedDelivery[] = [];
  for (const route of routes) {
    const reachedLevel = await trackFollowUp(trx, route, event, now);
    for (const channel of channelsFor(route, event, reachedLevel)) {
      const delivery = await addDelivery(deps, trx, { route, channel, event, now });
      if (delivery !== undefined) enqueued.push(delivery);
    }
  }
  return enqueued;
}

/** Keeps the follow-up schedule in step with the incident; returns the escalation level reached. */
async function trackFollowUp(
  trx: Kysely<Database>,
  route: RouteConfig,
  event: AlertEvent,
  now: string,
): Promise<number> {
  const hasFollowUps = route.repeat_interval !== undefined || route.escalation.length > 0;
  if (event.kind === 'incident_opened') {
    if (!hasFollowUps) return 0;
    const opened = new Date(event.at).getTime();
    const firstLevel = route.escalation[0];
    await trx
      .insertInto('alert_follow_ups')
      .values({
        incident_id: event.incidentId,
        route: route.id,
        event: JSON.stringify(event),
        opened_at: event.at,
        state: 'active',
        reminders_sent: 0,
        next_reminder_at:
          route.repeat_interval === undefined ? null : iso(opened + route.repeat_interval * 1000),
        escalation_level: 0,
        next_escalation_at: firstLevel === undefined ? null : iso(opened + firstLevel.after * 1000),
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['incident_id', 'route']).doNothing())
      .execute();
    return 0;
  }
  const row = await trx
    .selectFrom('alert_follow_ups')
    .select(['escalation_level', 'state'])
    .where('incident_id', '=', event.incidentId)
    .where('route', '=', route.id)
    .executeTakeFirst();
  if (row === undefined) return 0;
  const stopsAs =
    event.kind === 'incident_resolved'
      ? 'resolved'
      : event.kind === 'incident_acknowledged' && row.state === 'active'
        ? 'acknowledged'
        : undefined;
  if (stopsAs !== undefined) {
    await trx
      .updateTable('alert_follow_ups')
      .set({ state: stopsAs, next_reminder_at: null, next_escalation_at: null, updated_at: now })
      .where('incident_id', '=', event.incidentId)
      .where('route', '=', route.id)
      .execute();
  }
  return row.escalation_level;
}

export interface DeliveryInput {
  readonly route: Pick<RouteConfig, 'id' | 'group_by' | 'group_wait'>;
  readonly channel: string;
  readonly event: AlertEvent;
  readonly now: string;
}

/**
 * Stores one (event, channel) delivery: it joins the channel's open notification of the same group
 * while that group is still gathering (group_wait), or opens a new notification. Returns undefined
 * when this event already has a delivery on this channel.
 */
export async function addDelivery(
  deps: Pick<EnqueueDeps, 'store'>,
  trx: Kysely<Database>,
  input: DeliveryInput,
): Promise<EnqueuedDelivery | undefined> {
  const { route, channel, event, now } = input;
  const groupKey = groupKeyOf(route, event);
  // The row lock makes a worker that seals this group wait for the delivery joining it (PostgreSQL);
  // on SQLite the write transaction already runs alone.
  const open = await trx
    .selectFrom('alert_notifications')
    .select('id')
    .where('channel', '=', channel)
    .where('group_key', '=', groupKey)
    .where('status', '=', 'open')
    .where('due_at', '>', now)
    .orderBy('created_at')
    .limit(1)
    .$if(deps.store.dialect === 'postgres', (query) => query.forUpdate())
    .executeTakeFirst();
  const notificationId = open?.id ?? notificationIdFor(event.eventId, channel);
  const inserted = await trx
    .insertInto('alert_deliveries')
    .values({
      event_id: event.eventId,
      channel,
      notification_id: notificationId,
      incident_id: event.incidentId,
      kind: event.kind,
      severity: event.severity,
      title: event.title,
      event: JSON.stringify(event),
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['event_id', 'channel']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  if (inserted === undefined) return undefined;
  if (open === undefined) {
    const dueAt = iso(new Date(now).getTime() + route.group_wait * 1000);
    await trx
      .insertInto('alert_notifications')
      .values({
        id: notificationId,
        channel,
        route: route.id,
        group_key: groupKey,
        status: 'open',
        due_at: dueAt,
        next_attempt_at: dueAt,
        attempts: 0,
        last_error: null,
        lease_owner: null,
        lease_until: null,
        created_at: now,
        sent_at: null,
        failed_at: null,
      })
      .execute();
  }
  return { channel, route: route.id, notificationId };
}

/** Deterministic: the same first event on the same channel always names its notification the same. */
export function notificationIdFor(eventId: string, channel: string): string {
  return createHash('sha256').update(`${eventId}\n${channel}`).digest('hex').slice(0, 32);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
