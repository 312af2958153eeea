/** Fastify as Vigie uses it: zod schemas on every route, and every route declaring who may call it. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../auth/principal.js';
import type { Permission } from '../auth/roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs; the app refuses to register a route without this or `public`. */
    permission?: Permission;
    /** Reachable without logging in (login, health, the UI shell). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller; set before any handler of a non-public route runs. */
    principal: Principal | null;
  }
}

export type VigieFastify = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A domain's routes, mounted by `createWebApp` under `/api/v1`. */
export type RoutePlugin<Deps> = (app: VigieFastify, deps: Deps) => Promise<void> | void;
