/**
 * The undici exchange of the `http` check, for what the lean client does not do: a body sent or
 * judged, kept-alive connections, POST, PUT and OPTIONS. undici lives behind this file and http-agents.ts.
 */
import { request } from 'undici';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import { checkAgent } from './http-agents.js';

export interface UndiciHop {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  readonly tlsVerify: boolean;
  readonly ca?: string | undefined;
  readonly keepAlive: boolean;
  /** Read up to this many bytes of the body, or none when undefined. */
  readonly readBodyUpTo: number | undefined;
  /** Whether a 3xx with a Location will be followed: its body is then dropped unread. */
  readonly followable: boolean;
}

export interface HopResponse {
  readonly status: number;
  /** Set on a 3xx that has one. */
  readonly location: string | undefined;
  readonly body: string;
  readonly truncated: boolean;
}

/** One request through the shared agent for these TLS options; the body is read only when asked. */
export async function undiciExchange(
  outbound: OutboundPolicy,
  hop: UndiciHop,
  signal: AbortSignal,
): Promise<HopResponse> {
  // Shared by every check with the same TLS options; `reset` closes the connection after each check.
  const agent = checkAgent(outbound, hop);
  const response = await request(hop.url, {
    dispatcher: agent,
    reset: !hop.keepAlive,
    method: hop.method as 'GET',
    headers: hop.headers,
    ...(hop.body === undefined ? {} : { body: hop.body }),
    signal,
  });
  const header = response.headers.location;
  const location =
    response.statusCode >= 300 && response.statusCode < 400 && typeof header === 'string'
      ? header
      : undefined;
  if (hop.readBodyUpTo === undefined || (location !== undefined && hop.followable)) {
    // Nothing in the body is judged: read none of it (a kept-alive connection is dropped rather
    // than drained when the body is large).
    await response.body.dump({ limit: 65_536 });
    return { status: response.statusCode, location, body: '', truncated: false };
  }
  const { text, truncated } = await readCapped(response.body, hop.readBodyUpTo);
  return { status: response.statusCode, location, body: text, truncated };
}

/** Reads up to `cap` bytes and stops the download there. */
async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  cap: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > cap) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, cap).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
