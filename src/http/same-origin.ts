/**
 * Cross-site request forgery defence for cookie-authenticated requests, after Hono's csrf middleware: a
 * state-changing request is accepted only when the browser says it comes from Vigie's own origin
 * (`Sec-Fetch-Site: same-origin`, or an `Origin` naming this host). Bearer-token requests are exempt: a
 * page on another site cannot attach an `Authorization` header without a CORS preflight Vigie never grants.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export type OriginVerdict = 'same-origin' | 'cross-site' | 'unknown';

/** What the browser's headers say about where `request` comes from; `unknown` when it says nothing. */
export function originVerdict(request: FastifyRequest): OriginVerdict {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== '')
    return fetchSite === 'same-origin' ? 'same-origin' : 'cross-site';
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '')
    return originMatchesHost(origin, request.host) ? 'same-origin' : 'cross-site';
  return 'unknown';
}

/**
 * Refuses a state-changing request that a browser marks as cross-site; when `requireProof` (the request
 * is authenticated by the session cookie), also refuses one that carries no origin information at all.
 */
export function assertSameOrigin(request: FastifyRequest, requireProof: boolean): void {
  if (isSafeMethod(request.method)) return;
  const verdict = originVerdict(request);
  if (verdict === 'same-origin' || (verdict === 'unknown' && !requireProof)) return;
  throw new AppError(
    'FORBIDDEN',
    "Cross-site request refused: this request did not come from Vigie's own pages.",
    {
      hint: 'Use the Vigie web interface, or call the API with an API token (Authorization: Bearer vgt_…) instead of a session cookie.',
      details: { reason: 'cross_site_request', origin: request.headers.origin ?? null },
    },
  );
}

/**
 * Whether `origin` names the host the request was sent to. The scheme is not compared: behind a TLS
 * proxy Vigie itself sees plain HTTP while the browser's origin says https.
 */
function originMatchesHost(origin: string, hostHeader: string): boolean {
  try {
    const originUrl = new URL(origin);
    // The Host header parsed with the origin's scheme, so that default ports compare equal.
    const hostUrl = new URL(`${originUrl.protocol}//${hostHeader}`);
    return originUrl.host.toLowerCase() === hostUrl.host.toLowerCase();
  } catch {
    // `Origin: null` (sandboxed frames, file: pages) and malformed values are not our origin.
    return false;
  }
}
