/** Checks a URL (a webhook, an HTTP check) against the outbound allowlist before anything connects to it. */
import { AppError } from '../errors/app-error.js';
import type { OutboundPolicy, ResolvedAddress } from './outbound-policy.js';

export interface GuardedUrlOptions {
  /** Schemes allowed, without the colon; `http` and `https` unless told. */
  readonly schemes?: readonly string[];
  /** Named in refusals; defaults to the URL's origin (never its path or credentials, which may hold secrets). */
  readonly purpose?: string;
}

export interface GuardedUrl {
  readonly url: URL;
  /** The checked addresses: connect to these (e.g. through a guarded lookup), not to a new resolution. */
  readonly addresses: readonly ResolvedAddress[];
}

/** Parses `url`, checks its scheme and resolves its host through `policy`; throws BAD_INPUT or OUTBOUND_REFUSED. */
export async function guardedUrl(
  policy: OutboundPolicy,
  url: string | URL,
  options: GuardedUrlOptions = {},
): Promise<GuardedUrl> {
  const parsed = parseUrl(url);
  const schemes = options.schemes ?? ['http', 'https'];
  const scheme = parsed.protocol.replace(/:$/, '');
  const purpose = options.purpose ?? `${parsed.protocol}//${parsed.host}`;
  if (!schemes.includes(scheme)) {
    throw new AppError('BAD_INPUT', `URL scheme ${scheme}: is not allowed for ${purpose}`, {
      hint: `Use one of: ${schemes.map((s) => `${s}://`).join(', ')}.`,
      details: { scheme, allowed: schemes },
    });
  }
  if (parsed.hostname === '') {
    throw new AppError('BAD_INPUT', `URL ${purpose} has no host`, {
      hint: 'Write a full URL such as https://host/path.',
    });
  }
  // WHATWG parsing has already turned 0x7f.1 or 2130706433 into 127.0.0.1: the check sees what a client would.
  const addresses = await policy.resolve(parsed.hostname, purpose);
  return { url: parsed, addresses };
}

function parseUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch (cause) {
    throw new AppError('BAD_INPUT', 'Not a valid URL', {
      hint: 'Write a full URL such as https://host/path.',
      cause,
    });
  }
}
