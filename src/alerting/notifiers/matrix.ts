/**
 * Matrix: `PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}` with the notification id
 * as the transaction id, so the homeserver itself drops a resent message.
 */
import type { MatrixChannel } from '../channel-schema.js';
import type { RenderedMessage } from '../render.js';
import { originOf, sendHttp } from './http-send.js';
import type { Notifier } from './notifier.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function matrixMessage(message: RenderedMessage): unknown {
  const html = message.blocks
    .map((block) => {
      const link =
        block.url === undefined ? '' : `<br><a href="${escapeHtml(block.url)}">${escapeHtml(block.url)}</a>`;
      return `<p><strong>${escapeHtml(block.heading)}</strong><br>${block.lines.map(escapeHtml).join('<br>')}${link}</p>`;
    })
    .join('');
  return {
    msgtype: 'm.text',
    body: `${message.title}\n\n${message.text}`,
    format: 'org.matrix.custom.html',
    formatted_body: `<h4>${escapeHtml(message.title)}</h4>${html}`,
  };
}

/** The send URL for `room` and `txnId` on `homeserver`. */
export function matrixSendUrl(homeserver: string, room: string, txnId: string): string {
  const base = homeserver.endsWith('/') ? homeserver : `${homeserver}/`;
  const path = `_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${encodeURIComponent(txnId)}`;
  return new URL(path, base).href;
}

export const sendMatrix: Notifier<MatrixChannel> = async (deps, channel, notification) => {
  const token = await deps.secret(channel.access_token_secret);
  await sendHttp(deps, {
    url: matrixSendUrl(channel.homeserver, channel.room, notification.id),
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(matrixMessage(notification.message)),
    purpose: `matrix ${originOf(channel.homeserver)}`,
  });
};
