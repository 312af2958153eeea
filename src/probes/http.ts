/**
 * The `http` check: one request through the outbound allowlist (every redirect hop is checked again),
 * judged on status, body and response time. The common check (GET or HEAD, nothing in the body judged,
 * a new connection) goes through the lean client; the rest through undici.
 */
import { z } from 'zod';
import { guardedUrl } from '../net/guarded-url.js';
import { explainHttpError } from './http-errors.js';
import { bodyProblem, describeStatuses, httpExpectShape, needsBody, statusAccepted } from './http-expect.js';
import { leanExchange } from './http-lean.js';
import { type HopResponse, undiciExchange } from './http-undici.js';
import type { Probe, ProbeDeps, ProbeResult } from './probe.js';
import { formatMs, runAttempt } from './probe-run.js';
import { baseSpecShape, durationMsSchema } from './probe-spec.js';

// RFC 9110 token; a value must not end the header line early (that would inject a header or a request).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headerValue = z.string().regex(/^[^\r\n\0]*$/, 'A header value cannot hold a line break or NUL');
const headersSchema = z.record(z.string(), headerValue).superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) {
    if (HEADER_NAME.test(name)) continue;
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `${JSON.stringify(name)} is not a valid HTTP header name: use letters, digits and - (e.g. X-Check)`,
    });
  }
});

export const httpSpecSchema = z.strictObject({
  ...baseSpecShape,
  url: z.url({ protocol: /^https?$/, error: 'Write a full http:// or https:// URL' }),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']).default('GET'),
  headers: headersSchema.default({}),
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

/** Which client meets the server: `auto` picks the lean one whenever it can. */
export type HttpClientChoice = 'auto' | 'undici';

interface Response extends HopResponse {
  readonly url: URL;
  readonly redirects: readonly string[];
}

export const httpProbe: Probe<HttpSpec> = {
  kind: 'http',
  specSchema: httpSpecSchema,
  run: (deps: ProbeDeps, spec: HttpSpec, signal: AbortSignal) => runHttpCheck(deps, spec, signal),
};

/** The check itself; `client: 'undici'` forces the general client (tests and benchmarks compare both). */
export function runHttpCheck(
  deps: ProbeDeps,
  spec: HttpSpec,
  signal: AbortSignal,
  client: HttpClientChoice = 'auto',
): Promise<ProbeResult> {
  const origin = new URL(spec.url);
  const shown = `${origin.origin}${origin.pathname}`;
  return runAttempt(signal, spec.timeout, shown, async (attempt) => {
    let response: Response;
    try {
      response = await fetchFollowing(deps, spec, attempt.signal, client === 'auto' && leanApplies(spec));
    } catch (error) {
      throw explainHttpError(error);
    }
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
}

/** Whether the lean client can do this check: only the response head matters, on a new connection. */
export function leanApplies(spec: HttpSpec): boolean {
  return (
    (spec.method === 'GET' || spec.method === 'HEAD') &&
    spec.body === undefined &&
    !spec.keepAlive &&
    !needsBody(spec)
  );
}

/** Requests `spec.url`, following redirects up to the limit, each hop checked against the allowlist. */
async function fetchFollowing(
  deps: ProbeDeps,
  spec: HttpSpec,
  signal: AbortSignal,
  lean: boolean,
): Promise<Response> {
  const readBody = needsBody(spec) && spec.method !== 'HEAD';
  let url = new URL(spec.url);
  const redirects: string[] = [];
  const first = url.origin;
  for (;;) {
    // An IP literal never reaches a lookup: this check covers it, and names, before connecting.
    const { addresses } = await guardedUrl(deps.outbound, url, { purpose: `http check ${url.origin}` });
    const headers: Record<string, string> = { 'user-agent': 'Vigie-check/1', ...spec.headers };
    // Credentials go to the origin they were written for, never to where a redirect points.
    if (spec.basicAuth !== undefined && url.origin === first) {
      const token = Buffer.from(`${spec.basicAuth.username}:${spec.basicAuth.password}`).toString('base64');
      headers.authorization = `Basic ${token}`;
    }
    const keepMethod = redirects.length === 0;
    const method = keepMethod ? spec.method : 'GET';
    const followable = redirects.length < spec.followRedirects;
    const response: HopResponse = lean
      ? {
          ...(await leanExchange(
            deps.outbound,
            { url, addresses, method: method === 'HEAD' ? 'HEAD' : 'GET', headers, tls: spec },
            signal,
          )),
          body: '',
          truncated: false,
        }
      : await undiciExchange(
          deps.outbound,
          {
            url,
            method,
            headers,
            body: keepMethod ? spec.body : undefined,
            tlsVerify: spec.tlsVerify,
            ca: spec.ca,
            keepAlive: spec.keepAlive,
            readBodyUpTo: readBody ? spec.maxBodyBytes : undefined,
            followable,
          },
          signal,
        );
    if (response.location !== undefined && followable) {
      url = new URL(response.location, url);
      redirects.push(url.href);
      continue;
    }
    return { ...response, url, redirects };
  }
}
