/**
 * The one interface every notifier kind implements: send one notification to one channel, or throw
 * an error saying why (never naming a secret). One file per kind beside this one.
 */
import type { OutboundPolicy } from '../../net/outbound-policy.js';
import type { ChannelConfig } from '../channel-schema.js';
import type { AlertEvent } from '../model.js';
import type { RenderedMessage } from '../render.js';

export interface OutgoingNotification {
  /** Stable across retries: the idempotency key, the Message-ID, the Matrix transaction id. */
  readonly id: string;
  readonly channel: string;
  readonly events: readonly AlertEvent[];
  readonly message: RenderedMessage;
}

export interface NotifierDeps {
  /** Every connection goes through the outbound allowlist. */
  readonly outbound: OutboundPolicy;
  /** Opens a secret the channel names (a password, a token); the value never leaves the notifier. */
  secret(name: string): Promise<string>;
  /** The whole send's budget. */
  readonly timeoutMs: number;
}

export type Notifier<C extends ChannelConfig> = (
  deps: NotifierDeps,
  channel: C,
  notification: OutgoingNotification,
) => Promise<void>;
