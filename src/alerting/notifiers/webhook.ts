/**
 * The generic webhook: a JSON POST (payload below), an `Idempotency-Key` header equal to the
 * notification id, and, when the channel names a secret, `X-Vigie-Signature: sha256=<hex HMAC-SHA256
 * of the raw body>`.
 *
 * Payload: `{ version: 1, notificationId, channel, title, text, severity, events: AlertEvent[] }`.
 */
import { createHmac } from 'node:crypto';
import type { WebhookChannel } from '../channel-schema.js';
import { originOf, sendHttp } from './http-send.js';
import type { Notifier } from './notifier.js';
import { postUrlOf } from './post-url.js';

export const WEBHOOK_PAYLOAD_VERSION = 1;

export const sendWebhook: Notifier<WebhookChannel> = async (deps, channel, notification) => {
  const body = JSON.stringify({
    version: WEBHOOK_PAYLOAD_VERSION,
    notificationId: notification.id,
    channel: notification.channel,
    title: notification.message.title,
    text: notification.message.text,
    severity: notification.message.severity,
    events: notification.events,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': notification.id,
    'x-vigie-notification-id': notification.id,
  };
  if (channel.hmac_secret !== undefined) {
    const key = await deps.secret(channel.hmac_secret);
    headers['x-vigie-signature'] = `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
  }
  const url = await postUrlOf(deps, channel);
  await sendHttp(deps, {
    url,
    method: 'POST',
    headers,
    body,
    purpose: `webhook ${originOf(url)}`,
  });
};
