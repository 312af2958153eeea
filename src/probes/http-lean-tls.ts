/**
 * TLS settings for the lean HTTP client, built once per outbound policy and TLS options: the secure
 * context (building one per connection costs more than the handshake's own work) and the last session
 * per server, so a check resumes it rather than paying a full handshake, as undici does.
 */
import tls from 'node:tls';
import type { OutboundPolicy } from '../net/outbound-policy.js';

export interface LeanTlsOptions {
  readonly tlsVerify: boolean;
  readonly ca?: string | undefined;
}

export interface LeanTls {
  readonly rejectUnauthorized: boolean;
  readonly secureContext: tls.SecureContext;
  /** The last session ticket per `servername:port`, at most `MAX_SESSIONS`, oldest dropped first. */
  readonly sessions: Map<string, Buffer>;
}

const MAX_SESSIONS = 1000;

// Keyed by the policy, like the undici agents, so this lives as long as the process role that owns it.
const tlsByPolicy = new WeakMap<OutboundPolicy, Map<string, LeanTls>>();

/** The shared TLS settings for `policy` and these options. */
export function leanTls(policy: OutboundPolicy, options: LeanTlsOptions): LeanTls {
  let byOptions = tlsByPolicy.get(policy);
  if (byOptions === undefined) {
    byOptions = new Map();
    tlsByPolicy.set(policy, byOptions);
  }
  const key = `${options.tlsVerify ? 'verify' : 'no-verify'}\n${options.ca ?? ''}`;
  let settings = byOptions.get(key);
  if (settings === undefined) {
    settings = {
      rejectUnauthorized: options.tlsVerify,
      secureContext: tls.createSecureContext(options.ca === undefined ? {} : { ca: options.ca }),
      sessions: new Map(),
    };
    byOptions.set(key, settings);
  }
  return settings;
}

/** Remembers `session` for `server`, dropping the oldest entry past the cap. */
export function keepSession(settings: LeanTls, server: string, session: Buffer): void {
  settings.sessions.delete(server);
  settings.sessions.set(server, session);
  if (settings.sessions.size > MAX_SESSIONS) {
    const oldest = settings.sessions.keys().next().value;
    if (oldest !== undefined) settings.sessions.delete(oldest);
  }
}
