/**
 * Notification channels as written in the `alerting:` configuration: one kind each (smtp, webhook,
 * teams, slack, matrix, ntfy) with its settings. Passwords and tokens are named here, never written:
 * they live sealed in the secret store (`vigie alerts set-secret NAME`).
 */
import { z } from 'zod';
import { idSchema, type ObjectRule, quote, withRules } from '../inventory/schema/common.js';

const SECRET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The name of a secret in the secret store (never the secret itself). */
export const secretNameSchema = z
  .string()
  .regex(SECRET_NAME_PATTERN, {
    message:
      'is not a secret name (letters, digits, dots, dashes, underscores): store the value with `vigie alerts set-secret NAME` and write NAME here',
  })
  .meta({
    description:
      'Name of a secret stored with `vigie alerts set-secret NAME` (the value is never written here).',
    expected: 'a secret name such as smtp-password',
  });

/** An absolute http(s) URL; anything else is a located problem naming the field. */
export const httpUrlSchema = z
  .string()
  .meta({ description: 'A full http:// or https:// URL.', expected: 'a URL such as https://host/path' })
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(text)} is not a valid URL`,
        params: {
          expected: 'a URL such as https://host/path',
          hint: 'write a full URL with its scheme and host',
        },
      });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({
        code: 'custom',
        message: `the URL scheme ${url.protocol} is not allowed here`,
        params: { expected: 'an http:// or https:// URL', hint: 'use https://' },
      });
      return z.NEVER;
    }
    return url.href;
  });

const emailSchema = z.email({ error: 'is not an e-mail address such as astreinte@example.fr' });

const channelBase = {
  id: idSchema,
  /** Language of the messages: French unless told. */
  locale: z.enum(['fr', 'en']).default('fr'),
};

export const smtpChannelSchema = z.strictObject({
  ...channelBase,
  kind: z.literal('smtp'),
  host: z.string().trim().min(1),
  /** 587 for starttls, 465 for tls, 25 for none, unless told. */
  port: z.number().int().min(1).max(65535).optional(),
  /** `starttls`: upgrade required; `tls`: TLS from the first byte; `none`: plain (a local relay only). */
  tls: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** Check the server's certificate; off only for a relay with a self-signed certificate. */
  tls_verify: z.boolean().default(true),
  from: emailSchema,
  to: z.array(emailSchema).min(1),
  username: z.string().min(1).optional(),
  password_secret: secretNameSchema.optional(),
});

/**
 * Where an HTTP channel posts: `url` in clear, or `url_secret` naming a secret that holds the URL
 * (webhook URLs carry their token in the path, and the configuration is kept in revisions and audit).
 */
function postUrlShape(what: string) {
  return {
    url: httpUrlSchema.meta({ description: `${what}, written in clear.` }).optional(),
    url_secret: secretNameSchema
      .meta({
        description: `Name of the secret holding ${what} (vigie alerts set-secret NAME), instead of url.`,
        expected: 'a secret name such as slack-ops-url',
      })
      .optional(),
  };
}

/** Exactly one of `url` and `url_secret`; the message names the channel. */
const oneUrl: ObjectRule = (value, report) => {
  const given = ['url', 'url_secret'].filter((field) => value[field] !== undefined);
  if (given.length === 1) return;
  const channel = typeof value.id === 'string' ? `the channel ${quote(value.id)}` : 'this channel';
  report(
    given.length === 0 ? [] : ['url_secret'],
    given.length === 0
      ? `${channel} has no URL: give url_secret (or url)`
      : `${channel} has both url and url_secret: keep one`,
    {
      expected: 'url_secret: NAME, or url: https://...',
      hint: 'store the URL with `vigie alerts set-secret NAME` and write url_secret: NAME; it stays out of revisions and audit',
    },
  );
};

export const webhookChannelSchema = withRules(
  z.strictObject({
    ...channelBase,
    kind: z.literal('webhook'),
    ...postUrlShape('The URL the webhook posts to'),
    /** When set, each request carries `X-Vigie-Signature: sha256=<HMAC of the body>` with this secret. */
    hmac_secret: secretNameSchema.optional(),
  }),
  oneUrl,
);

export const teamsChannelSchema = withRules(
  z.strictObject({
    ...channelBase,
    kind: z.literal('teams'),
    /** The incoming webhook (Workflows) URL of the Teams channel. */
    ...postUrlShape('The incoming webhook (Workflows) URL of the Teams channel'),
  }),
  oneUrl,
);

export const slackChannelSchema = withRules(
  z.strictObject({
    ...channelBase,
    kind: z.literal('slack'),
    ...postUrlShape('The incoming webhook URL of the Slack channel'),
  }),
  oneUrl,
);

export const matrixChannelSchema = z.strictObject({
  ...channelBase,
  kind: z.literal('matrix'),
  homeserver: httpUrlSchema,
  /** The room id, `!abc123:example.org` (Room settings, Advanced). */
  room: z.string().regex(/^![^:]+:.+$/, {
    message: 'is not a Matrix room id such as !abc123:example.org (room settings, Advanced)',
  }),
  access_token_secret: secretNameSchema,
});

export const ntfyChannelSchema = z.strictObject({
  ...channelBase,
  kind: z.literal('ntfy'),
  server: httpUrlSchema.default('https://ntfy.sh/'),
  topic: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'is not an ntfy topic: letters, digits, dashes and underscores',
  }),
  token_secret: secretNameSchema.optional(),
});

export const channelSchema = z.discriminatedUnion('kind', [
  smtpChannelSchema,
  webhookChannelSchema,
  teamsChannelSchema,
  slackChannelSchema,
  matrixChannelSchema,
  ntfyChannelSchema,
]);

export type ChannelConfig = z.output<typeof channelSchema>;
export type ChannelKind = ChannelConfig['kind'];
export type SmtpChannel = z.output<typeof smtpChannelSchema>;
export type WebhookChannel = z.output<typeof webhookChannelSchema>;
export type TeamsChannel = z.output<typeof teamsChannelSchema>;
export type SlackChannel = z.output<typeof slackChannelSchema>;
export type MatrixChannel = z.output<typeof matrixChannelSchema>;
export type NtfyChannel = z.output<typeof ntfyChannelSchema>;

/** Secret names a channel refers to, for checks and for `vigie alerts` listings. */
export function secretsOfChannel(channel: ChannelConfig): string[] {
  switch (channel.kind) {
    case 'smtp':
      return channel.password_secret === undefined ? [] : [channel.password_secret];
    case 'webhook':
      return [channel.url_secret, channel.hmac_secret].filter((name) => name !== undefined);
    case 'teams':
    case 'slack':
      return channel.url_secret === undefined ? [] : [channel.url_secret];
    case 'matrix':
      return [channel.access_token_secret];
    case 'ntfy':
      return channel.token_secret === undefined ? [] : [channel.token_secret];
    default:
      return [];
  }
}
