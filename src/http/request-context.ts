/** What a route handler reads off a request: the authenticated caller, and where the request came from. */
import type { FastifyRequest } from 'fastify';
import { actorOf, type Principal } from '../auth/principal.js';
import type { ChangeContext, RequestMeta } from '../auth/schema.js';
import { AppError } from '../errors/app-error.js';

/** The caller of a route that declares a permission (the auth hook has set it before the handler runs). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === null) {
    // Only a public route can get here: its author asked for a caller the route does not require.
    throw new AppError(
      'INTERNAL',
      `Route ${request.method} ${request.routeOptions.url ?? request.url} needs a caller but is public.`,
      {
        hint: 'Declare config.permission on the route.',
      },
    );
  }
  return request.principal;
}

/** The client address and user agent, bounded, for audit events. */
export function requestMetaOf(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: userAgent === undefined ? undefined : userAgent.slice(0, 256) };
}

/** Actor and meta for a service function that changes something on behalf of the caller. */
export function changeContextOf(request: FastifyRequest): ChangeContext {
  return { actor: actorOf(requirePrincipal(request)), meta: requestMetaOf(request) };
}
