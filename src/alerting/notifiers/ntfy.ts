/**
 * ntfy: the text POSTed to `server/topic`, with Title, Priority, Tags (and Click) headers. A
 * non-ASCII title is sent RFC 2047-encoded, which ntfy decodes.
 */
import type { NtfyChannel } from '../channel-schema.js';
import type { RenderedMessage } from '../render.js';
import { originOf, sendHttp } from './http-send.js';
import type { Notifier } from './notifier.js';

const PRIORITY = { critical: '5', warning: '4', info: '3' } as const;

/** Emoji short codes ntfy shows before the title. */
function tagsFor(message: RenderedMessage): string {
  switch (message.kind) {
    case 'incident_resolved':
      return 'white_check_mark';
    case 'incident_acknowledged':
      return 'eyes';
    case 'incident_reminder':
      return 'bell';
    case 'incident_escalated':
      return 'arrow_double_up';
    case 'test':
      return 'test_tube';
    default:
      return message.severity === 'critical' ? 'rotating_light' : 'warning';
  }
}

/** A header value: ASCII as is, anything else as an RFC 2047 encoded word. */
export function headerText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

export function ntfyHeaders(message: RenderedMessage, notificationId: string): Record<string, string> {
  const link = message.blocks.length === 1 ? message.blocks[0]?.url : undefined;
  const resolved = message.kind === 'incident_resolved' || message.kind === 'incident_acknowledged';
  return {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(message.title),
    priority: resolved ? '3' : PRIORITY[message.severity],
    tags: tagsFor(message),
    'x-vigie-notification-id': notificationId,
    ...(link === undefined ? {} : { click: link }),
  };
}

export const sendNtfy: Notifier<NtfyChannel> = async (deps, channel, notification) => {
  const base = channel.server.endsWith('/') ? channel.server : `${channel.server}/`;
  const headers = ntfyHeaders(notification.message, notification.id);
  if (channel.token_secret !== undefined) {
    headers.authorization = `Bearer ${await deps.secret(channel.token_secret)}`;
  }
  await sendHttp(deps, {
    url: new URL(channel.topic, base).href,
    method: 'POST',
    headers,
    body: notification.message.text,
    purpose: `ntfy ${originOf(channel.server)}`,
  });
};
