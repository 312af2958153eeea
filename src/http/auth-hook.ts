/** The request gate: CSRF check, authentication (session cookie or bearer token), then the route's permission. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthDeps } from '../auth/auth-deps.js';
import { authenticate, bearerTokenOf } from '../auth/authenticate.js';
import { roleHasPermission } from '../auth/roles.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { assertSameOrigin } from './same-origin.js';
import { clearSessionCookie } from './session-cookie.js';

/** Adds the gate as an `onRequest` hook: it runs before the body is read, so refused requests cost little. */
export function installAuthentication(
  app: FastifyInstance,
  deps: AuthDeps & { readonly secureCookies: boolean },
): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    const sessionToken = request.cookies[SESSION_COOKIE];
    const viaCookie =
      sessionToken !== undefined && bearerTokenOf(request.headers.authorization) === undefined;
    assertSameOrigin(request, viaCookie);

    const permission = request.routeOptions.config?.permission;
    if (permission === undefined) return;
    request.principal = await authenticateOrExplain(deps, request, reply, sessionToken);
    if (!roleHasPermission(request.principal.role, permission)) {
      throw new AppError(
        'FORBIDDEN',
        `Your role (${request.principal.role}) does not allow this: it needs the permission ${permission}.`,
        {
          hint: 'Ask a Vigie administrator if your role should change.',
          details: { permission, role: request.principal.role },
        },
      );
    }
  });
}

async function authenticateOrExplain(
  deps: AuthDeps & { readonly secureCookies: boolean },
  request: FastifyRequest,
  reply: FastifyReply,
  sessionToken: string | undefined,
) {
  try {
    const principal = await authenticate(deps, {
      sessionToken,
      authorization: request.headers.authorization,
    });
    if (principal) return principal;
  } catch (error) {
    // A dead session cookie is dropped so the browser stops sending it.
    if (isAppError(error) && error.code === 'UNAUTHENTICATED' && sessionToken !== undefined) {
      clearSessionCookie(reply, deps.secureCookies);
    }
    throw error;
  }
  throw new AppError('UNAUTHENTICATED', 'You are not logged in.', {
    hint: 'Log in, or send an API token as `Authorization: Bearer vgt_…`.',
    details: { reason: 'no_credentials' },
  });
}
