/** Slack: `text` (the notification's title, for previews) and blocks, to the incoming webhook. */
import type { SlackChannel } from '../channel-schema.js';
import type { RenderedMessage } from '../render.js';
import { originOf, sendHttp } from './http-send.js';
import type { Notifier } from './notifier.js';
import { postUrlOf } from './post-url.js';

const HEADER_MAX = 150;

/** Slack's mrkdwn reserves &, < and >. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackPayload(message: RenderedMessage): unknown {
  return {
    text: message.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, HEADER_MAX) } },
      ...message.blocks.map((block) => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            `*${escapeMrkdwn(block.heading)}*`,
            ...block.lines.map(escapeMrkdwn),
            ...(block.url === undefined ? [] : [`<${block.url}>`]),
          ].join('\n'),
        },
      })),
    ],
  };
}

export const sendSlack: Notifier<SlackChannel> = async (deps, channel, notification) => {
  const url = await postUrlOf(deps, channel);
  await sendHttp(deps, {
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': notification.id,
      'x-vigie-notification-id': notification.id,
    },
    body: JSON.stringify(slackPayload(notification.message)),
    purpose: `slack ${originOf(url)}`,
  });
};
