/** The `vigie_session` cookie: HttpOnly, SameSite=Lax, Path=/, Secure when Vigie runs behind TLS. */
import type { FastifyReply } from 'fastify';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../auth/sessions.js';

function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure } as const;
}

/** Sets the session cookie for a new session. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    ...cookieOptions(secure),
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}
