/**
 * Reminders and escalations of incidents nobody has acknowledged, computed from each route's
 * repeat_interval and escalation levels. Monitoring calls `enqueueDueFollowUps` on its schedule (and
 * holds what a maintenance window covers); alerting keeps the schedule.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';
import { addDelivery, type EnqueueDeps, type EnqueuedDelivery } from './enqueue.js';
import type { AlertEvent } from './model.js';
import { channelsFor } from './routing.js';
import type { RouteConfig } from './schema.js';
import type { AlertFollowUpsTable } from './tables.js';

export interface FollowUp {
  readonly incidentId: string;
  readonly route: string;
  readonly kind: 'incident_reminder' | 'incident_escalated';
  /** When it fell due (the schedule's instant, not the time it is sent). */
  readonly dueAt: string;
  /** Ready to enqueue: the opening event's subject and texts under a deterministic event id. */
  readonly event: AlertEvent;
}

export type FollowUpDeps = EnqueueDeps & { readonly store: Store };

/** Follow-ups due at `now` for incidents still open and unacknowledged, escalations first. */
export async function dueFollowUps(deps: FollowUpDeps, now: Date): Promise<FollowUp[]> {
  const at = now.toISOString();
  const rows = await deps.store.db
    .selectFrom('alert_follow_ups')
    .selectAll()
    .where('state', '=', 'active')
    .where((eb) => eb.or([eb('next_reminder_at', '<=', at), eb('next_escalation_at', '<=', at)]))
    .orderBy('opened_at')
    .execute();
  const due: FollowUp[] = [];
  for (const row of rows) {
    const route = deps.alerting.routes.find((r) => r.id === row.route);
    if (route === undefined) {
      deps.logger.warn(
        { incidentId: row.incident_id, route: row.route },
        'follow-up of a route that no longer exists',
      );
      continue;
    }
    const followUp = nextFollowUp(row, at);
    if (followUp !== undefined) due.push(followUp);
  }
  return due;
}

function nextFollowUp(row: AlertFollowUpsTable, at: string): FollowUp | undefined {
  const opening = JSON.parse(row.event) as AlertEvent;
  const base = { incidentId: row.incident_id, route: row.route };
  if (row.next_escalation_at !== null && row.next_escalation_at <= at) {
    const level = row.escalation_level + 1;
    return {
      ...base,
      kind: 'incident_escalated',
      dueAt: row.next_escalation_at,
      event: {
        ...opening,
        eventId: `${opening.eventId}:${row.route}:escalation:${level}`,
        kind: 'incident_escalated',
        at: row.next_escalation_at,
        escalationLevel: level,
      },
    };
  }
  if (row.next_reminder_at !== null && row.next_reminder_at <= at) {
    const n = row.reminders_sent + 1;
    return {
      ...base,
      kind: 'incident_reminder',
      dueAt: row.next_reminder_at,
      event: {
        ...opening,
        eventId: `${opening.eventId}:${row.route}:reminder:${n}`,
        kind: 'incident_reminder',
        at: row.next_reminder_at,
        escalationLevel: row.escalation_level,
      },
    };
  }
  return undefined;
}

/**
 * Enqueues one follow-up in `trx` and advances the schedule, unless it was already done (by another
 * process, or because the incident was acknowledged meanwhile). `event` may refresh the texts
 * (title, message) but keeps the follow-up's event id.
 */
export async function enqueueFollowUp(
  deps: EnqueueDeps,
  trx: Kysely<Database>,
  followUp: FollowUp,
  event: AlertEvent = followUp.event,
): Promise<EnqueuedDelivery[]> {
  const route = deps.alerting.routes.find((r) => r.id === followUp.route);
  if (route === undefined) return [];
  const row = await trx
    .selectFrom('alert_follow_ups')
    .selectAll()
    .where('incident_id', '=', followUp.incidentId)
    .where('route', '=', followUp.route)
    .$if(deps.store.dialect === 'postgres', (query) => query.forUpdate())
    .executeTakeFirst();
  if (row === undefined || row.state !== 'active') return [];
  const now = deps.clock.now();
  const scheduled = followUp.kind === 'incident_escalated' ? row.next_escalation_at : row.next_reminder_at;
  if (scheduled !== followUp.dueAt) return [];
  const reachedLevel =
    followUp.kind === 'incident_escalated' ? row.escalation_level + 1 : row.escalation_level;
  await trx
    .updateTable('alert_follow_ups')
    .set(advance(route, row, followUp, now))
    .where('incident_id', '=', row.incident_id)
    .where('route', '=', row.route)
    .execute();
  const bound: AlertEvent = { ...event, eventId: followUp.event.eventId, kind: followUp.kind };
  const deliveries: EnqueuedDelivery[] = [];
  for (const channel of channelsFor(route, bound, reachedLevel)) {
    const delivery = await addDelivery(deps, trx, { route, channel, event: bound, now: now.toISOString() });
    if (delivery !== undefined) deliveries.push(delivery);
  }
  return deliveries;
}

function advance(
  route: RouteConfig,
  row: AlertFollowUpsTable,
  followUp: FollowUp,
  now: Date,
): Partial<AlertFollowUpsTable> {
  const updatedAt = now.toISOString();
  if (followUp.kind === 'incident_escalated') {
    const level = row.escalation_level + 1;
    const next = route.escalation[level];
    return {
      escalation_level: level,
      next_escalation_at:
        next === undefined
          ? null
          : new Date(new Date(row.opened_at).getTime() + next.after * 1000).toISOString(),
      updated_at: updatedAt,
    };
  }
  // Counted from when it went out, not from when it fell due: a held reminder does not come in a burst.
  const from = Math.max(now.getTime(), new Date(followUp.dueAt).getTime());
  return {
    reminders_sent: row.reminders_sent + 1,
    next_reminder_at:
      route.repeat_interval === undefined
        ? null
        : new Date(from + route.repeat_interval * 1000).toISOString(),
    updated_at: updatedAt,
  };
}

const MAX_ROUNDS = 8;

export interface EnqueueDueOptions {
  /** True for a follow-up to hold for now (a maintenance window): it stays due and is offered again. */
  readonly held?: (followUp: FollowUp) => boolean;
}

/** Enqueues every follow-up due at `now` (each in its own transaction); returns how many went out. */
export async function enqueueDueFollowUps(
  deps: FollowUpDeps,
  now: Date,
  options: EnqueueDueOptions = {},
): Promise<number> {
  let count = 0;
  // A row offers one follow-up at a time (its escalation, then its reminder): a few rounds catch up.
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    let progress = 0;
    for (const followUp of await dueFollowUps(deps, now)) {
      if (options.held?.(followUp) === true) continue;
      const deliveries = await deps.store.transaction((trx) => enqueueFollowUp(deps, trx, followUp));
      if (deliveries.length > 0) progress += 1;
    }
    if (progress === 0) break;
    count += progress;
  }
  return count;
}
