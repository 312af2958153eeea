/**
 * What people see of monitoring over HTTP: the live overview, a check's history for charts, the
 * monthly availability report, and the public status page (no login, public data only).
 */
import { z } from 'zod';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { checkHistory, HISTORY_RANGES } from './check-history.js';
import { getCheck } from './check-views.js';
import type { DerivedChecks } from './derive-checks.js';
import { type MonitoringOverview, monitoringOverview } from './overview.js';
import { etagOf, notModified, type SharedRead, sharedRead } from './read-cache.js';
import { slaReport } from './sla.js';
import { publicStatus } from './status-page.js';

const stateName = z.enum(['up', 'down', 'degraded', 'unknown']);
const idSegment = z.string().min(1).max(200);

const incidentSummary = z.object({
  id: z.string(),
  checkId: z.string(),
  object: z.string(),
  objectName: z.string(),
  host: z.string().nullable(),
  severity: z.enum(['critical', 'warning']),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  openedAt: z.string(),
  durationMs: z.number(),
  lastMessage: z.string(),
  acknowledgedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  unreachableBecauseOf: z.string().nullable(),
  heldByMaintenance: z.string().nullable(),
  flapping: z.boolean(),
});

const maintenanceSummary = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.object({ kind: z.string(), value: z.string() }),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  cron: z.string().nullable(),
  activeUntil: z.string().nullable(),
});

const publicState = z.enum(['up', 'degraded', 'down', 'maintenance', 'unknown']);

/** `overview` is the read every dashboard shares (see read-cache.ts); `deps` may carry cached derived checks. */
export async function monitoringViewRoutes(
  app: VigieFastify,
  deps: CoreDeps & { readonly derivedChecks?: () => Promise<DerivedChecks> },
  overview: SharedRead<MonitoringOverview> = sharedRead(() => monitoringOverview(deps), 0),
): Promise<void> {
  app.get(
    '/monitoring/overview',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Live overview: checks by state, open incidents, the latest 50 state changes, maintenance now; shared by every dashboard for 2 s, ETag (If-None-Match gives 304)',
        response: {
          200: z.object({
            at: z.string(),
            counts: z.object({
              up: z.number(),
              down: z.number(),
              degraded: z.number(),
              unknown: z.number(),
              total: z.number(),
              flapping: z.number(),
            }),
            openIncidents: z.array(incidentSummary),
            recentChanges: z.array(
              z.object({
                checkId: z.string(),
                at: z.string(),
                from: stateName,
                to: stateName,
                message: z.string(),
              }),
            ),
            maintenance: z.array(maintenanceSummary),
          }),
          304: z.null(),
        },
      },
    },
    async (request, reply) => {
      const body = await overview.get();
      // The instant and open incidents' durations change every time, and pages derive them: the tag
      // covers the rest, so an unchanged overview is a 304.
      const { at: _at, openIncidents, ...rest } = body;
      const content = {
        ...rest,
        openIncidents: openIncidents.map(({ durationMs: _d, ...incident }) => incident),
      };
      if (notModified(request, reply, etagOf(content))) return reply.code(304).send(null);
      return body;
    },
  );

  app.get(
    '/checks/:kind/:key/:name/history',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'A check’s response times and up/down counts per time bucket, from rollups (at most 360 points)',
        params: z.strictObject({ kind: idSegment, key: idSegment, name: idSegment }),
        querystring: z.strictObject({ range: z.enum(HISTORY_RANGES).default('24h') }),
        response: {
          200: z.object({
            checkId: z.string(),
            range: z.enum(HISTORY_RANGES),
            from: z.string(),
            to: z.string(),
            bucketMs: z.number(),
            points: z.array(
              z.object({
                start: z.string(),
                count: z.number(),
                up: z.number(),
                degraded: z.number(),
                down: z.number(),
                avgLatencyMs: z.number().nullable(),
                p50LatencyMs: z.number().nullable(),
                maxLatencyMs: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { kind, key, name } = request.params;
      const id = `${kind}/${key}/${name}`;
      // Refuses an unknown check with the same located 404 as the check itself.
      await getCheck(deps, id);
      return await checkHistory(deps, id, request.query.range);
    },
  );

  app.get(
    '/sla',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Availability per website, database and host over a month, maintenance left out, with its incidents',
        querystring: z.strictObject({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Write the month as YYYY-MM, e.g. 2026-11')
            .optional(),
        }),
        response: {
          200: z.object({
            month: z.string(),
            from: z.string(),
            to: z.string(),
            services: z.array(
              z.object({
                object: z.string(),
                kind: z.string(),
                name: z.string(),
                checkId: z.string(),
                availability: z.number().nullable(),
                target: z.number().nullable(),
                targetMet: z.boolean().nullable(),
                downMs: z.number(),
                excludedMs: z.number(),
                unknownMs: z.number(),
                incidents: z.array(
                  z.object({
                    id: z.string(),
                    checkId: z.string(),
                    severity: z.enum(['critical', 'warning']),
                    openedAt: z.string(),
                    resolvedAt: z.string().nullable(),
                    durationMs: z.number(),
                    message: z.string(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      await slaReport(deps, request.query.month ?? deps.clock.now().toISOString().slice(0, 7)),
  );

  app.get(
    '/public/status',
    {
      config: { public: true },
      schema: {
        tags: ['monitoring'],
        summary:
          'The public status page: public websites and databases, maintenance announced, incidents of 30 days (no login)',
        response: {
          200: z.object({
            customer: z.string().nullable(),
            at: z.string(),
            overall: publicState,
            services: z.array(
              z.object({
                id: z.string(),
                kind: z.enum(['website', 'database']),
                name: z.string(),
                state: publicState,
                since: z.string().nullable(),
              }),
            ),
            maintenance: z.array(
              z.object({
                title: z.string(),
                startsAt: z.string(),
                endsAt: z.string().nullable(),
                active: z.boolean(),
                services: z.array(z.string()),
              }),
            ),
            incidents: z.array(
              z.object({
                service: z.string(),
                severity: z.enum(['critical', 'warning']),
                openedAt: z.string(),
                resolvedAt: z.string().nullable(),
                durationMs: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async () => await publicStatus(deps),
  );
}
