/** The URL an HTTP channel posts to: written in clear (`url`), or opened from the secret store (`url_secret`). */
import { AppError } from '../../errors/app-error.js';
import { httpUrlSchema } from '../channel-schema.js';
import type { NotifierDeps } from './notifier.js';

interface PostingChannel {
  readonly id: string;
  readonly url?: string | undefined;
  readonly url_secret?: string | undefined;
}

/** Resolves the channel's URL at send time, so that a rotated secret takes effect without a restart. */
export async function postUrlOf(deps: NotifierDeps, channel: PostingChannel): Promise<string> {
  if (channel.url !== undefined) return channel.url;
  if (channel.url_secret === undefined) {
    // The schema refuses such a channel; this guards configurations built by hand.
    throw new AppError('CONFIG_INVALID', `The channel ${channel.id} has neither url nor url_secret`, {
      hint: 'Write url_secret: NAME (stored with vigie alerts set-secret NAME) or url: in the channel.',
      details: { channel: channel.id },
    });
  }
  const parsed = httpUrlSchema.safeParse((await deps.secret(channel.url_secret)).trim());
  if (!parsed.success) {
    // Never the value: it is the secret.
    throw new AppError(
      'CONFIG_INVALID',
      `The secret ${channel.url_secret} of channel ${channel.id} is not an http(s) URL`,
      {
        hint: `Store the full URL again: printf %s "$URL" | vigie alerts set-secret ${channel.url_secret}`,
        details: { channel: channel.id, secret: channel.url_secret },
      },
    );
  }
  return parsed.data;
}
