/** Microsoft Teams: an Adaptive Card posted to the channel's incoming webhook (Workflows). */
import type { TeamsChannel } from '../channel-schema.js';
import type { RenderedMessage } from '../render.js';
import { originOf, sendHttp } from './http-send.js';
import type { Notifier } from './notifier.js';
import { postUrlOf } from './post-url.js';

const COLOR = { critical: 'Attention', warning: 'Warning', info: 'Good' } as const;

/** The Teams message: one card, a title, a block per event, a button to the first event's page. */
export function teamsPayload(message: RenderedMessage, linkLabel: string): unknown {
  const link = message.blocks.find((block) => block.url !== undefined)?.url;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              size: 'Large',
              weight: 'Bolder',
              wrap: true,
              color: COLOR[message.severity],
              text: message.title,
            },
            ...message.blocks.flatMap((block) => [
              { type: 'TextBlock', weight: 'Bolder', wrap: true, text: block.heading },
              { type: 'TextBlock', wrap: true, text: block.lines.join('\n\n') },
            ]),
          ],
          ...(link === undefined
            ? {}
            : { actions: [{ type: 'Action.OpenUrl', title: linkLabel, url: link }] }),
        },
      },
    ],
  };
}

export const sendTeams: Notifier<TeamsChannel> = async (deps, channel, notification) => {
  const payload = teamsPayload(
    notification.message,
    channel.locale === 'fr' ? 'Voir dans Vigie' : 'Open in Vigie',
  );
  const url = await postUrlOf(deps, channel);
  await sendHttp(deps, {
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': notification.id,
      'x-vigie-notification-id': notification.id,
    },
    body: JSON.stringify(payload),
    purpose: `teams ${originOf(url)}`,
  });
};
