/** Sends a notification with the notifier of the channel's kind. */
import type { ChannelConfig } from '../channel-schema.js';
import { sendMatrix } from './matrix.js';
import type { NotifierDeps, OutgoingNotification } from './notifier.js';
import { sendNtfy } from './ntfy.js';
import { sendSlack } from './slack.js';
import { sendSmtp } from './smtp.js';
import { sendTeams } from './teams.js';
import { sendWebhook } from './webhook.js';

export function sendNotification(
  deps: NotifierDeps,
  channel: ChannelConfig,
  notification: OutgoingNotification,
): Promise<void> {
  switch (channel.kind) {
    case 'smtp':
      return sendSmtp(deps, channel, notification);
    case 'webhook':
      return sendWebhook(deps, channel, notification);
    case 'teams':
      return sendTeams(deps, channel, notification);
    case 'slack':
      return sendSlack(deps, channel, notification);
    case 'matrix':
      return sendMatrix(deps, channel, notification);
    case 'ntfy':
      return sendNtfy(deps, channel, notification);
  }
}
