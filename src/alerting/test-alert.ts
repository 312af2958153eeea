/** A test notification to one channel, through the outbox like any alert. */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { addDelivery, type EnqueueDeps, type EnqueuedDelivery } from './enqueue.js';
import type { AlertEvent } from './model.js';

const TEST_ROUTE = { id: '(test)', group_by: ['incident'] as const, group_wait: 0 };

/** Enqueues a test notification for `channel`; NOT_FOUND naming the known channels otherwise. */
export async function enqueueTestAlert(
  deps: EnqueueDeps & { readonly store: Store },
  input: { readonly channel: string; readonly actor: string },
): Promise<EnqueuedDelivery> {
  const channel = deps.alerting.channels.find((c) => c.id === input.channel);
  if (channel === undefined) {
    const known = deps.alerting.channels.map((c) => c.id);
    throw new AppError('NOT_FOUND', `No alerting channel is called ${input.channel}`, {
      hint:
        known.length === 0
          ? 'No channel is configured yet: add one under alerting.channels (see docs/alerting.md).'
          : `Configured channels: ${known.join(', ')}.`,
      details: { channel: input.channel, known },
    });
  }
  const now = deps.clock.now().toISOString();
  const french = channel.locale === 'fr';
  const eventId = `test:${randomUUID()}`;
  const event: AlertEvent = {
    eventId,
    kind: 'test',
    incidentId: eventId,
    severity: 'info',
    at: now,
    title: french ? `Essai du canal ${channel.id}` : `Trying channel ${channel.id}`,
    message: french
      ? `Demandé par ${input.actor}. Si vous lisez ceci, le canal fonctionne.`
      : `Asked for by ${input.actor}. If you can read this, the channel works.`,
    subject: { checkId: 'test', object: 'vigie', host: undefined, tags: [], customer: undefined },
    url: undefined,
  };
  const delivery = await deps.store.transaction((trx) =>
    addDelivery(deps, trx, {
      route: { ...TEST_ROUTE, group_by: [...TEST_ROUTE.group_by] },
      channel: channel.id,
      event,
      now,
    }),
  );
  if (delivery === undefined) throw new Error('a fresh test event cannot already be queued');
  return delivery;
}
