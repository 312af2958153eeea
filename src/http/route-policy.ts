/**
 * The route policy: every route under `/api` declares `config.permission` or `config.public: true`, checked
 * when the route is registered (the app refuses to start otherwise), and recorded so tests can walk them.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { PERMISSIONS, type Permission } from '../auth/roles.js';
import { AppError } from '../errors/app-error.js';

export interface RoutePolicy {
  readonly method: string;
  readonly url: string;
  /** The permission a caller needs; null for public routes. */
  readonly permission: Permission | null;
  readonly public: boolean;
}

/** Where the interactive API documentation lives; its routes are public by design. */
export const API_DOCS_PREFIX = '/api/docs';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered so far with its declared policy (see `listRoutePolicies`). */
    readonly routePolicies: RoutePolicy[];
  }
}

/** Whether `url` belongs to the API, where a declared policy is mandatory. */
export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** Adds the `onRoute` check; call it on the root instance before any route is registered. */
export function installRoutePolicy(app: FastifyInstance): void {
  const policies: RoutePolicy[] = [];
  app.decorate('routePolicies', policies);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path ?? '';
    if (url === API_DOCS_PREFIX || url.startsWith(`${API_DOCS_PREFIX}/`)) {
      // @fastify/swagger-ui registers its pages without a config; the API's description is public.
      route.config = { ...route.config, public: true };
    }
    const policy = checkedPolicy(route, url);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) policies.push({ method, url, ...policy });
  });
}

/** The policy of every registered route (GET routes also appear as HEAD), sorted by URL then method. */
export function listRoutePolicies(app: FastifyInstance): RoutePolicy[] {
  return [...app.routePolicies].sort(
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  );
}

function checkedPolicy(route: RouteOptions, url: string): Pick<RoutePolicy, 'permission' | 'public'> {
  const permission = route.config?.permission;
  const isPublic = route.config?.public === true;
  const where = `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${url}`;
  if (permission !== undefined && !(PERMISSIONS as readonly string[]).includes(permission)) {
    throw new AppError('INTERNAL', `Route ${where} declares an unknown permission "${String(permission)}".`, {
      hint: `Use one of ${PERMISSIONS.join(', ')} (src/auth/roles.ts).`,
    });
  }
  if (permission !== undefined && isPublic) {
    throw new AppError('INTERNAL', `Route ${where} declares both a permission and public: true.`, {
      hint: 'Keep one: a route is either public or needs a permission.',
    });
  }
  if (isApiUrl(url) && permission === undefined && !isPublic) {
    throw new AppError('INTERNAL', `Route ${where} declares no access policy.`, {
      hint: "Add config: { permission: '…' } (see src/auth/roles.ts) or config: { public: true } to the route.",
    });
  }
  return { permission: permission ?? null, public: isPublic || permission === undefined };
}
