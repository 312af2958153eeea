/** Rules on the `alerting:` section: a webhook URL holding its token is better named as a secret. */
import { tokenInUrl } from '../../alerting/url-tokens.js';
import { type InventoryRule, recordsField } from './rule-context.js';

const urlsInClear: InventoryRule = (context) => {
  for (const alerting of context.byKind('alerting').values()) {
    recordsField(alerting.data, 'channels').forEach((channel, index) => {
      if (typeof channel.url !== 'string') return;
      const credential = tokenInUrl(channel.url);
      if (credential === undefined) return;
      const id = typeof channel.id === 'string' ? `the channel "${channel.id}"` : 'this channel';
      context.report(
        alerting,
        ['channels', index, 'url'],
        'warning',
        `the URL of ${id} is written in clear but holds ${credential}: it will show in inventory revisions and audit diffs`,
        {
          hint: `store it with \`vigie alerts set-secret NAME\` and write url_secret: NAME instead of url`,
        },
      );
    });
  }
};

export const alertingRules: readonly InventoryRule[] = [urlsInClear];
