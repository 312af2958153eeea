/**
 * Reads shared by every open dashboard: one computation at a time, kept a short while, with an ETag so
 * an unchanged answer costs a 304 and no body. Many dashboards polling then cost about one read.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SharedRead<T> {
  /** The kept value while fresh, else one computation shared by every caller waiting for it. */
  get(): Promise<T>;
  /** Forgets the kept value: the next `get` computes again (after a change made through the API). */
  invalidate(): void;
}

/** Keeps `compute`'s answer for `ttlMs`; a failed computation is not kept. */
export function sharedRead<T>(compute: () => Promise<T>, ttlMs: number, now = Date.now): SharedRead<T> {
  let kept: { value: Promise<T>; until: number } | undefined;
  return {
    get() {
      const at = now();
      if (kept !== undefined && at < kept.until) return kept.value;
      const value = compute();
      const entry = { value, until: at + ttlMs };
      kept = entry;
      value.catch(() => {
        if (kept === entry) kept = undefined;
      });
      return value;
    },
    invalidate() {
      kept = undefined;
    },
  };
}

/** A strong ETag of a JSON value (what changes the body changes the tag). */
export function etagOf(value: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;
}

/**
 * Sets the ETag and asks browsers to revalidate every time; true when the request's If-None-Match
 * already names it, and the caller answers 304 with no body.
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  const asked = request.headers['if-none-match'];
  if (asked === undefined) return false;
  return asked
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}
