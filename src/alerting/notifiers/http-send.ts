/**
 * HTTP requests of the HTTP notifiers (webhook, Teams, Slack, Matrix, ntfy), with undici through the
 * outbound allowlist. Errors name the destination by its origin only: webhook paths often hold secrets.
 */
import { Agent, request } from 'undici';
import { createGuardedLookup } from '../../net/guarded-lookup.js';
import { guardedUrl } from '../../net/guarded-url.js';
import type { NotifierDeps } from './notifier.js';

export interface HttpSendInput {
  readonly url: string;
  readonly method: 'POST' | 'PUT';
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Named in errors, e.g. `slack https://hooks.slack.com`. */
  readonly purpose: string;
}

const MAX_ERROR_BODY = 200;

/** Sends one request; resolves on a 2xx answer, throws otherwise (redirects are not followed). */
export async function sendHttp(deps: NotifierDeps, input: HttpSendInput): Promise<void> {
  const { url } = await guardedUrl(deps.outbound, input.url, { purpose: input.purpose });
  const agent = new Agent({
    connect: { lookup: createGuardedLookup(deps.outbound, input.purpose), timeout: deps.timeoutMs },
    headersTimeout: deps.timeoutMs,
    bodyTimeout: deps.timeoutMs,
    pipelining: 0,
  });
  try {
    const response = await request(url, {
      dispatcher: agent,
      method: input.method,
      headers: { 'user-agent': 'Vigie-alerts/1', ...input.headers },
      body: input.body,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_BODY);
      throw new Error(
        `${input.purpose}: HTTP ${response.statusCode}${excerpt === '' ? '' : ` (${excerpt})`}`,
      );
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(input.purpose)) throw error;
    throw new Error(`${input.purpose}: ${describe(error)}`, { cause: error });
  } finally {
    await agent.destroy();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
  return code === undefined || error.message.includes(code) ? error.message : `${code}: ${error.message}`;
}

/** `https://hooks.slack.com` of a URL, for messages. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
