/**
 * Alerting over HTTP: `GET /api/v1/alerts/outbox` (notifications waiting, failed or sent) and
 * `POST /api/v1/alerts/test` (a test notification to one channel, through the outbox). Channel
 * settings and secrets never appear here.
 */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { listOutbox } from './outbox.js';
import type { AlertingConfig } from './schema.js';
import { storedAlertingConfig } from './stored-config.js';
import { enqueueTestAlert } from './test-alert.js';

/** The web app's deps; `alerting` replaces the applied inventory's configuration (tests). */
export type AlertingRouteDeps = CoreDeps & { readonly alerting?: AlertingConfig | undefined };

const outboxItem = z.object({
  id: z.string(),
  channel: z.string(),
  route: z.string(),
  status: z.enum(['open', 'sending', 'retry', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  events: z.array(
    z.object({
      eventId: z.string(),
      kind: z.string(),
      severity: z.string(),
      incidentId: z.string(),
      title: z.string(),
    }),
  ),
});

/** Mounted by the web app under `/api/v1`. */
export async function alertingRoutes(app: VigieFastify, deps: AlertingRouteDeps): Promise<void> {
  app.get(
    '/alerts/outbox',
    {
      config: { permission: 'alerts:read' },
      schema: {
        tags: ['alerting'],
        summary: 'Alert notifications waiting or failed (or sent, or all), oldest first',
        querystring: z.strictObject({
          status: z
            .enum(['pending', 'failed', 'sent', 'all'])
            .optional()
            .describe('pending and failed unless told'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(outboxItem) }) },
      },
    },
    async (request) => ({
      items: await listOutbox(deps.store.db, {
        limit: request.query.limit,
        ...(request.query.status === undefined ? {} : { filter: request.query.status }),
      }),
    }),
  );

  app.post(
    '/alerts/test',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['alerting'],
        summary: 'Queue a test notification to one channel; the delivery worker sends it',
        body: z.strictObject({ channel: z.string().min(1).max(63) }),
        response: {
          202: z.object({ notificationId: z.string(), channel: z.string(), status: z.literal('queued') }),
        },
      },
    },
    async (request, reply) => {
      // The configuration in force: the applied inventory's, read at each request (it changes with apply).
      const alerting = deps.alerting ?? (await storedAlertingConfig(deps));
      const delivery = await enqueueTestAlert(
        { ...deps, alerting },
        { channel: request.body.channel, actor: changeContextOf(request).actor },
      );
      return reply.code(202).send({
        notificationId: delivery.notificationId,
        channel: delivery.channel,
        status: 'queued' as const,
      });
    },
  );
}
