/**
 * The `http` check: one request with undici through the outbound allowlist (every redirect hop is
 * checked again), judged on status, body and response time. undici lives behind this file only.
 */
import { request } from 'undici';
import { z } from 'zod';
import { guardedUrl } from '../net/guarded-url.js';
import { checkAgent } from './http-agents.js';
import { bodyProblem, describeStatuses, httpExpectShape, needsBody, statusAccepted } from './http-expect.js';
import type { Probe, ProbeDeps } from './probe.js';
import { formatMs, runAttempt } from './probe-run.js';
import { baseSpecShape, durationMsSchema } from './probe-spec.js';

export const httpSpecSchema = z.strictObject({
  ...baseSpecShape,
  url: z.url({ protocol: /^https?$/, error: 'Write a full http:// or https:// URL' }),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  /** Sent with POST or PUT. */
  body: z.string().optional(),
  basicAuth: z.strictObject({ username: z.string(), password: z.string() }).optional(),
  ...httpExpectShape,
  /** A response slower than this (but within the timeout) is DEGRADED. */
  degradedAfter: durationMsSchema.optional(),
  /** How many redirects to follow; 0 judges the redirect response itself. */
  followRedirects: z.number().int().min(0).max(20).default(5),
  /** Verify the certificate chain and host name (off for a self-signed test site, never in production). */
  tlsVerify: z.boolean().default(true),
  /** Extra trusted CA certificates (PEM), for a private CA. */
  ca: z.string().optional(),
  /** At most this many bytes of the body are read and searched. */
  maxBodyBytes: z.number().int().min(0).default(1_048_576),
  /**
   * Keep the connection open for the next check of the same origin. Off by default: each check then
   * opens a new connection, as a browser's first visit would, so a listener that stopped accepting is seen.
   */
  keepAlive: z.boolean().default(false),
});

export type HttpSpec = z.infer<typeof httpSpecSchema>;

interface Response {
  readonly url: URL;
  readonly status: number;
  readonly body: string;
  readonly truncated: boolean;
  readonly redirects: readonly string[];
}

export const httpProbe: Probe<HttpSpec> = {
  kind: 'http',
  specSchema: httpSpecSchema,
  run: (deps: ProbeDeps, spec: HttpSpec, signal: AbortSignal) => {
    const origin = new URL(spec.url);
    const shown = `${origin.origin}${origin.pathname}`;
    return runAttempt(signal, spec.timeout, shown, async (attempt) => {
      const response = await fetchFollowing(deps, spec, attempt.signal);
      const seen = `HTTP ${response.status} from ${response.url.origin}${response.url.pathname}`;
      const details = {
        status: response.status,
        ...(response.redirects.length > 0 ? { redirects: response.redirects } : {}),
      };
      const metrics = { response_ms: attempt.elapsed(), status: response.status };
      if (!statusAccepted(spec, response.status)) {
        return attempt.result('down', `${seen} (expected ${describeStatuses(spec)})`, { metrics, details });
      }
      const problem = bodyProblem(spec, response.body, response.truncated);
      if (problem !== undefined) return attempt.result('down', `${seen}: ${problem}`, { metrics, details });
      const elapsed = attempt.elapsed();
      if (spec.degradedAfter !== undefined && elapsed > spec.degradedAfter) {
        return attempt.result(
          'degraded',
          `${seen} in ${formatMs(elapsed)} (slower than ${formatMs(spec.degradedAfter)})`,
          { metrics, details },
        );
      }
      return attempt.result('up', `${seen} in ${formatMs(elapsed)}`, { metrics, details });
    });
  },
};

/** Requests `spec.url`, following redirects up to the limit, each hop checked against the allowlist. */
async function fetchFollowing(deps: ProbeDeps, spec: HttpSpec, signal: AbortSignal): Promise<Response> {
  // Shared by every check with the same TLS options; `reset` closes the connection after each check.
  const agent = checkAgent(deps.outbound, spec);
  const readBody = needsBody(spec) && spec.method !== 'HEAD';
  let url = new URL(spec.url);
  const redirects: string[] = [];
  const first = url.origin;
  for (;;) {
    // An IP literal never reaches the lookup: this check covers it, and names, before connecting.
    await guardedUrl(deps.outbound, url, { purpose: `http check ${url.origin}` });
    const headers: Record<string, string> = { 'user-agent': 'Vigie-check/1', ...spec.headers };
    // Credentials go to the origin they were written for, never to where a redirect points.
    if (spec.basicAuth !== undefined && url.origin === first) {
      const token = Buffer.from(`${spec.basicAuth.username}:${spec.basicAuth.password}`).toString('base64');
      headers.authorization = `Basic ${token}`;
    }
    const keepMethod = redirects.length === 0;
    const response = await request(url, {
      dispatcher: agent,
      reset: !spec.keepAlive,
      method: keepMethod ? spec.method : 'GET',
      headers,
      ...(keepMethod && spec.body !== undefined ? { body: spec.body } : {}),
      signal,
    });
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
      if (redirects.length < spec.followRedirects) {
        await response.body.dump();
        url = new URL(location, url);
        redirects.push(url.href);
        continue;
      }
    }
    if (!readBody) {
      // Nothing in the body is judged: read none of it (a kept-alive connection is dropped rather
      // than drained when the body is large).
      await response.body.dump({ limit: 65_536 });
      return { url, status: response.statusCode, body: '', truncated: false, redirects };
    }
    const { text, truncated } = await readCapped(response.body, spec.maxBodyBytes);
    return { url, status: response.statusCode, body: text, truncated, redirects };
  }
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
