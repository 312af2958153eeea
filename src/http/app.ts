/** The web process: builds the Fastify app (API, docs, health, static UI) from `CoreDeps`; `vigie serve` listens. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { alertingRoutes } from '../alerting/routes.js';
import { auditRoutes } from '../audit/routes.js';
import { authRoutes, DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../auth/routes.js';
import { userRoutes } from '../auth/user-routes.js';
import { BackupJobs } from '../backup/jobs.js';
import { restoreRoutes } from '../backup/restore-routes.js';
import { backupRoutes } from '../backup/routes.js';
import { AppError } from '../errors/app-error.js';
import { factsRoutes } from '../facts/routes.js';
import { inventoryRoutes } from '../inventory/routes.js';
import { journalRoutes } from '../journal/routes.js';
import { metricsRoutes } from '../metrics/routes.js';
import type { MonitorStatsSource } from '../monitoring/prometheus.js';
import { prometheusRoutes } from '../monitoring/prometheus-routes.js';
import { monitoringRoutes } from '../monitoring/routes.js';
import { remoteRoutes } from '../remote/routes.js';
import type { CoreDeps } from '../runtime/deps.js';
import { updatesRoutes } from '../updates/routes.js';
import { installAuthentication } from './auth-hook.js';
import { DEFAULT_BODY_LIMIT } from './body-limits.js';
import { installErrorHandler } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { registerOpenApi } from './openapi.js';
import { findPackage } from './package-root.js';
import { installRoutePolicy, isApiUrl } from './route-policy.js';
import { helmetOptions } from './security-headers.js';
import { registerStaticUi, type StaticUi } from './static-ui.js';
import type { VigieFastify } from './types.js';

export const API_PREFIX = '/api/v1';

export interface WebAppOptions {
  /** The built web interface; default `ui/dist` in Vigie's package. */
  readonly uiDir?: string | undefined;
  /** Login attempts allowed per minute (per client IP, per username). */
  readonly loginLimits?: LoginLimits | undefined;
  /** Requests per minute per client IP on every other route: generous, against runaway scripts. */
  readonly requestsPerMinute?: number | undefined;
  /** The scheduler's figures for `/metrics` when this process runs the monitor (read at each scrape). */
  readonly monitorStats?: MonitorStatsSource | undefined;
}

/** Builds the web app, ready to `listen()` or `inject()`; throws if a route lacks an access policy. */
export async function createWebApp(deps: CoreDeps, options: WebAppOptions = {}): Promise<VigieFastify> {
  const pkg = findPackage();
  const app = Fastify({
    // Typed as Fastify's logger interface so the instance matches `VigieFastify`.
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // A closing server answers 503 to new requests while in-flight ones finish.
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  installRoutePolicy(app);
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(helmet, helmetOptions(deps.config.secureCookies));
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: options.requestsPerMinute ?? 1200,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests. Try again in ${context.after}.`, {
        hint: 'Slow down; limits are per client address.',
        details: { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      }),
  });
  installAuthentication(app, {
    store: deps.store,
    clock: deps.clock,
    secureCookies: deps.config.secureCookies,
  });
  await registerOpenApi(app, pkg.version);

  healthRoutes(app, deps);
  prometheusRoutes(app, deps, options.monitorStats);
  await app.register(
    async (api) => {
      await authRoutes(api, deps, options.loginLimits ?? DEFAULT_LOGIN_LIMITS);
      await userRoutes(api, deps);
      await inventoryRoutes(api, deps);
      await auditRoutes(api, deps);
      await remoteRoutes(api, deps);
      await journalRoutes(api, deps);
      await factsRoutes(api, deps);
      await metricsRoutes(api, deps);
      await updatesRoutes(api, deps);
      // One set of background jobs: restores show in GET /backups/jobs and wait their turn per source.
      const backupJobs = new BackupJobs();
      await backupRoutes(api, deps, backupJobs);
      await restoreRoutes(api, deps, backupJobs);
      await monitoringRoutes(api, deps);
      await alertingRoutes(api, deps);
    },
    { prefix: API_PREFIX },
  );

  const ui = await registerStaticUi(app, options.uiDir ?? path.join(pkg.root, 'ui', 'dist'));
  app.setNotFoundHandler((request, reply) => notFound(ui, request, reply));
  await app.ready();
  return app;
}

/** Unknown API routes get a JSON 404; page requests get the single-page app, which routes on its own. */
function notFound(ui: StaticUi, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const pathname = request.url.split('?')[0] ?? '/';
  const wantsPage =
    (request.method === 'GET' || request.method === 'HEAD') &&
    !isApiUrl(pathname) &&
    (request.headers.accept ?? '').includes('text/html');
  if (wantsPage) return ui.sendShell(request, reply);
  throw new AppError('NOT_FOUND', `Nothing at ${request.method} ${pathname}.`, {
    hint: isApiUrl(pathname) ? 'The API is described at /api/docs.' : 'Check the address.',
  });
}
