/**
 * Sends what the outbox holds: claims due notifications with a lease, sends each through its
 * channel's notifier, and marks it sent at once; a failure is retried with backoff, and after
 * `giveUpAfterMs` marked failed (visible in the outbox) and written to the intervention journal.
 *
 * Exactly once, and its one edge: a notification is marked sent in the statement right after the
 * notifier returns. If the process dies between the two (milliseconds), the lease expires and the
 * notification is sent again: at least once. Receivers can tell: HTTP kinds carry the notification id
 * as `Idempotency-Key`, Matrix uses it as the transaction id (the homeserver drops the copy), and an
 * e-mail keeps its Message-ID.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { appendJournalEntry } from '../journal/append.js';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import type { SecretBox } from '../remote/secret-box.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { claimDueNotifications } from './claim.js';
import type { AlertEvent } from './model.js';
import { sendNotification } from './notifiers/index.js';
import { renderNotification } from './render.js';
import type { AlertingConfig } from './schema.js';
import { alertingSecretOpener } from './secrets.js';
import type { AlertNotificationsTable } from './tables.js';

export interface DeliveryDeps extends CoreDeps {
  readonly alerting: AlertingConfig;
  readonly outbound: OutboundPolicy;
  readonly secretBox: SecretBox;
}

export interface DeliveryOptions {
  /** Names this worker in leases; unique per process unless given. */
  readonly workerId?: string;
  readonly batchSize?: number;
  /** How long a claimed notification stays with this worker; at least twice the send timeout. */
  readonly leaseMs?: number;
  readonly sendTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  /** After this long without success a notification is marked failed and journaled. */
  readonly giveUpAfterMs?: number;
  readonly random?: () => number;
  /** Only these notifications (the command line's test send). */
  readonly onlyIds?: readonly string[];
}

export interface DeliveryRound {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

const DEFAULTS = {
  batchSize: 20,
  leaseMs: 120_000,
  sendTimeoutMs: 30_000,
  giveUpAfterMs: 24 * 3600_000,
};
const MAX_ERROR_LENGTH = 500;

/** A worker id: host, process and a random part, e.g. `vigie-1:4242:9f2c`. */
export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** One round: claims what is due at `now`, sends it, records each outcome. */
export async function deliverDue(
  deps: DeliveryDeps,
  now: Date = deps.clock.now(),
  options: DeliveryOptions = {},
): Promise<DeliveryRound> {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  if (settings.leaseMs < 2 * settings.sendTimeoutMs)
    throw new Error(
      `leaseMs (${settings.leaseMs}) must be at least twice sendTimeoutMs (${settings.sendTimeoutMs})`,
    );
  const workerId = options.workerId ?? newWorkerId();
  const claimed = await claimDueNotifications(deps.store, {
    workerId,
    now,
    leaseMs: settings.leaseMs,
    limit: settings.batchSize,
    onlyIds: options.onlyIds,
  });
  // Channels are served side by side; one channel's messages go one after another, oldest first,
  // so that a receiver reads "resolved" after "opened".
  const byChannel = new Map<string, AlertNotificationsTable[]>();
  for (const notification of [...claimed].sort(oldestFirst)) {
    byChannel.set(notification.channel, [...(byChannel.get(notification.channel) ?? []), notification]);
  }
  const outcomes = (
    await Promise.all(
      [...byChannel.values()].map(async (queue) => {
        const results: Array<Awaited<ReturnType<typeof deliverOne>>> = [];
        for (const notification of queue) {
          results.push(await deliverOne(deps, notification, { ...settings, workerId, options }));
        }
        return results;
      }),
    )
  ).flat();
  return {
    sent: outcomes.filter((o) => o === 'sent').length,
    retrying: outcomes.filter((o) => o === 'retry').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}

function oldestFirst(a: AlertNotificationsTable, b: AlertNotificationsTable): number {
  return a.due_at.localeCompare(b.due_at) || a.created_at.localeCompare(b.created_at);
}

interface DeliverSettings {
  readonly workerId: string;
  readonly sendTimeoutMs: number;
  readonly giveUpAfterMs: number;
  readonly options: DeliveryOptions;
}

async function deliverOne(
  deps: DeliveryDeps,
  notification: AlertNotificationsTable,
  settings: DeliverSettings,
): Promise<'sent' | 'retry' | 'failed' | 'lost-lease'> {
  const rows = await deps.store.db
    .selectFrom('alert_deliveries')
    .select('event')
    .where('notification_id', '=', notification.id)
    .orderBy('created_at')
    .orderBy('event_id')
    .execute();
  const events = rows.map((row) => JSON.parse(row.event) as AlertEvent);
  try {
    await send(deps, notification, events, settings.sendTimeoutMs);
  } catch (error) {
    return await recordFailure(deps, notification, events, error, settings);
  }
  const marked = await deps.store.db
    .updateTable('alert_notifications')
    .set({
      status: 'sent',
      sent_at: deps.clock.now().toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: null,
    })
    .where('id', '=', notification.id)
    .where('lease_owner', '=', settings.workerId)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) === 0) {
    deps.logger.warn(
      { notificationId: notification.id },
      'alert sent after its lease was taken over: it may arrive twice',
    );
    return 'lost-lease';
  }
  deps.logger.info(
    {
      notificationId: notification.id,
      channel: notification.channel,
      events: events.length,
      attempt: notification.attempts,
    },
    'alert notification sent',
  );
  return 'sent';
}

async function send(
  deps: DeliveryDeps,
  notification: AlertNotificationsTable,
  events: readonly AlertEvent[],
  timeoutMs: number,
): Promise<void> {
  const channel = deps.alerting.channels.find((c) => c.id === notification.channel);
  if (channel === undefined)
    throw new Error(
      `the channel ${notification.channel} is no longer configured (add it back, or it stays undelivered)`,
    );
  if (events.length === 0) throw new Error('the notification carries no event');
  const message = renderNotification(events, channel.locale, deps.config.timeZone);
  const notifierDeps = { outbound: deps.outbound, secret: alertingSecretOpener(deps), timeoutMs };
  let timer: NodeJS.Timeout | undefined;
  // The notifiers keep their own timeouts; this one bounds the whole send well within the lease.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs * 1.5} ms`)), timeoutMs * 1.5);
  });
  try {
    await Promise.race([
      sendNotification(notifierDeps, channel, { id: notification.id, channel: channel.id, events, message }),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function recordFailure(
  deps: DeliveryDeps,
  notification: AlertNotificationsTable,
  events: readonly AlertEvent[],
  error: unknown,
  settings: DeliverSettings,
): Promise<'retry' | 'failed' | 'lost-lease'> {
  const now = deps.clock.now();
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
  const giveUp = now.getTime() - new Date(notification.created_at).getTime() >= settings.giveUpAfterMs;
  const backoff = settings.options.backoff ?? DEFAULT_BACKOFF;
  return await deps.store.transaction(async (trx) => {
    const update = trx
      .updateTable('alert_notifications')
      .where('id', '=', notification.id)
      .where('lease_owner', '=', settings.workerId)
      .where('status', '=', 'sending');
    const result = giveUp
      ? await update
          .set({
            status: 'failed',
            failed_at: now.toISOString(),
            last_error: reason,
            lease_owner: null,
            lease_until: null,
          })
          .executeTakeFirst()
      : await update
          .set({
            status: 'retry',
            last_error: reason,
            lease_owner: null,
            lease_until: null,
            next_attempt_at: new Date(
              now.getTime() + backoffDelay(backoff, notification.attempts, settings.options.random),
            ).toISOString(),
          })
          .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return 'lost-lease';
    const log = {
      notificationId: notification.id,
      channel: notification.channel,
      attempt: notification.attempts,
      error: reason,
    };
    if (!giveUp) {
      deps.logger.warn(log, 'alert notification failed, will retry');
      return 'retry';
    }
    deps.logger.error(log, 'alert notification given up: marked failed');
    const hosts = [
      ...new Set(events.flatMap((event) => (event.subject.host === undefined ? [] : [event.subject.host]))),
    ];
    await appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      startedAt: new Date(notification.created_at),
      endedAt: now,
      actor: 'job:alerting',
      category: 'incident',
      hosts,
      summary: `Alert notification to ${notification.channel} given up after ${notification.attempts} attempts: ${events[0]?.title ?? notification.id}`,
      detail: `${events.length} event(s), notification ${notification.id}`,
      result: 'failed',
      error: reason,
    });
    return 'failed';
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
