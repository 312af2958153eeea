/** Login, logout, the caller's own account (`/me`) and their API tokens, under `/api/v1`. */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { changeContextOf, requestMetaOf, requirePrincipal } from '../http/request-context.js';
import { clearSessionCookie, setSessionCookie } from '../http/session-cookie.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';
import { login, logout } from './login.js';
import { createLoginThrottle } from './login-throttle.js';
import { permissionsOf } from './roles.js';
import {
  apiTokenSchema,
  localeSchema,
  type Me,
  meSchema,
  passwordInputSchema,
  tokenNameSchema,
  type UserAccount,
} from './schema.js';
import { SESSION_COOKIE } from './sessions.js';
import { getUser, updateUser } from './users.js';

export interface LoginLimits {
  /** Login attempts per client IP per minute. */
  readonly perIp: number;
  /** Login attempts per username per minute, whoever makes them. */
  readonly perUsername: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 10, perUsername: 5 };
const MINUTE_MS = 60_000;

const meResponse = z.object({ user: meSchema });

/** Registers the auth routes; `limits` tightens or loosens login rate limiting. */
export async function authRoutes(
  app: VigieFastify,
  deps: CoreDeps,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): Promise<void> {
  const secure = deps.config.secureCookies;
  const usernameThrottle = createLoginThrottle({
    clock: deps.clock,
    max: limits.perUsername,
    windowMs: MINUTE_MS,
  });

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: limits.perIp, timeWindow: MINUTE_MS } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password; sets the session cookie',
        body: z.strictObject({ username: z.string().min(1).max(200), password: passwordInputSchema }),
        response: { 200: meResponse },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const throttled = usernameThrottle.hit(username.trim().toLowerCase());
      if (!throttled.allowed) {
        throw new AppError(
          'RATE_LIMITED',
          `Too many login attempts for this username. Try again in ${throttled.retryAfterSeconds} s.`,
          {
            hint: 'Logins for one username are limited to a few per minute.',
            details: { retryAfterSeconds: throttled.retryAfterSeconds },
          },
        );
      }
      const result = await login(deps, {
        username,
        password,
        meta: requestMetaOf(request),
        previousToken: request.cookies[SESSION_COOKIE],
      });
      setSessionCookie(reply, result.session.token, secure);
      return { user: meOf(result.account) };
    },
  );

  app.post(
    '/auth/logout',
    {
      // Public so that a browser holding an expired cookie can still log out cleanly.
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'End the current session and clear its cookie',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) await logout(deps, { token, meta: requestMetaOf(request) });
      clearSessionCookie(reply, secure);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['me'],
        summary: 'The logged-in account and its permissions',
        response: { 200: meResponse },
      },
    },
    async (request) => ({ user: meOf(await getUser(deps, requirePrincipal(request).userId)) }),
  );

  app.patch(
    '/me',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['me'],
        summary: "Change one's own preferences (the interface language, remembered for the next login)",
        body: z.strictObject({ locale: localeSchema }),
        response: { 200: meResponse },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const account = await updateUser(deps, {
        id: principal.userId,
        changes: { locale: request.body.locale },
        ...changeContextOf(request),
      });
      return { user: meOf(account) };
    },
  );

  app.get(
    '/me/tokens',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['me'],
        summary: "One's API tokens (prefix, name, last use; never the token itself)",
        response: { 200: z.object({ items: z.array(apiTokenSchema) }) },
      },
    },
    async (request) => ({ items: await listApiTokens(deps, requirePrincipal(request).userId) }),
  );

  app.post(
    '/me/tokens',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['me'],
        summary: 'Create an API token; the response is the only time the token is shown',
        body: z.strictObject({
          name: tokenNameSchema,
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
        response: { 201: z.object({ token: apiTokenSchema, secret: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(deps, {
        userId: requirePrincipal(request).userId,
        name: request.body.name,
        expiresAt: request.body.expiresAt ?? null,
        ...changeContextOf(request),
      });
      return reply.status(201).send({ token: created.token, secret: created.secret });
    },
  );

  app.delete(
    '/me/tokens/:id',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['me'],
        summary: 'Revoke one of your API tokens',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeApiToken(deps, {
        userId: requirePrincipal(request).userId,
        tokenId: request.params.id,
        ...changeContextOf(request),
      });
      return reply.status(204).send(null);
    },
  );
}

/** What `/me` says about an account. */
export function meOf(account: UserAccount): Me {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    locale: account.locale,
    personKey: account.personKey,
    permissions: [...permissionsOf(account.role)],
  };
}
