/**
 * Monitoring over HTTP: checks with their state, incidents (acknowledge), maintenance windows.
 * Reads need `hosts:read`, changes `hosts:operate`.
 */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type AlertSink, outboxAlertSink } from './alert-sink.js';
import { derivedChecksByRevision, getCheck, pageChecks } from './check-views.js';
import { ackInputSchema, acknowledgeIncident, INCIDENT_FILTERS, listIncidents } from './incidents.js';
import {
  addMaintenanceWindow,
  endMaintenanceWindow,
  listMaintenanceWindows,
  maintenanceInputSchema,
} from './maintenance.js';
import { monitoringOverview } from './overview.js';
import { etagOf, notModified, sharedRead } from './read-cache.js';
import { monitoringViewRoutes } from './view-routes.js';

const stateName = z.enum(['up', 'down', 'degraded', 'unknown']);

const checkView = z.object({
  id: z.string(),
  object: z.string(),
  objectName: z.string(),
  name: z.string(),
  kind: z.string(),
  host: z.string().nullable(),
  tags: z.array(z.string()),
  parents: z.array(z.string()),
  intervalMs: z.number(),
  retries: z.number(),
  recoveries: z.number(),
  state: stateName,
  since: z.string().nullable(),
  lastStatus: z.string().nullable(),
  lastMessage: z.string().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastAt: z.string().nullable(),
  metrics: z.record(z.string(), z.number()).nullable(),
  flapping: z.boolean(),
  incidentId: z.string().nullable(),
  maintenance: z.object({ id: z.string(), title: z.string(), until: z.string() }).nullable(),
  unreachableBecauseOf: z.string().nullable(),
  source: z.string(),
});

const checkProblem = z.object({
  object: z.string(),
  source: z.string(),
  path: z.string(),
  message: z.string(),
});

const incidentView = z.object({
  id: z.string(),
  checkId: z.string(),
  object: z.string(),
  objectName: z.string(),
  host: z.string().nullable(),
  tags: z.array(z.string()),
  severity: z.enum(['critical', 'warning']),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  durationMs: z.number(),
  message: z.string(),
  lastMessage: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  unreachableBecauseOf: z.string().nullable(),
  suppressedBy: z.string().nullable(),
  heldByMaintenance: z.string().nullable(),
  alerted: z.boolean(),
  flapping: z.boolean(),
});

const maintenanceView = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.object({ kind: z.enum(['host', 'object', 'tag', 'check']), value: z.string() }),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  cron: z.string().nullable(),
  durationMs: z.number().nullable(),
  timeZone: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
  activeUntil: z.string().nullable(),
});

const idSegment = z.string().min(1).max(200);

/** A page of checks: what the checks page shows, and at most what a script gets at once. */
const CHECKS_PAGE_DEFAULT = 100;
const CHECKS_PAGE_MAX = 500;
/** How long every dashboard shares one overview: well under the pages' 10 s poll. */
const OVERVIEW_KEPT_MS = 2000;

/** Mounted by the web app under `/api/v1`; acknowledgements alert through `alerts` (the outbox unless told). */
export async function monitoringRoutes(app: VigieFastify, deps: CoreDeps, alerts?: AlertSink): Promise<void> {
  const sink = alerts ?? outboxAlertSink(deps);
  // Shared by every open page: the checks derived once per inventory revision, the overview kept briefly.
  const views = { ...deps, derivedChecks: derivedChecksByRevision(deps) };
  const overview = sharedRead(() => monitoringOverview(deps), OVERVIEW_KEPT_MS);

  app.get(
    '/checks',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'The checks derived from the inventory with their state, a page at a time (filters by state, host, kind); invalid checks entries as problems',
        querystring: z.strictObject({
          state: stateName.optional(),
          host: z.string().min(1).max(200).optional(),
          kind: z.string().min(1).max(50).optional(),
          limit: z.coerce.number().int().min(1).max(CHECKS_PAGE_MAX).default(CHECKS_PAGE_DEFAULT),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(checkView),
            problems: z.array(checkProblem),
            total: z.number(),
            kinds: z.array(z.string()),
            hosts: z.array(z.string()),
          }),
          304: z.null(),
        },
      },
    },
    async (request, reply) => {
      const page = await pageChecks(views, request.query);
      const body = {
        ...page,
        items: page.items.map((check) => ({ ...check, tags: [...check.tags], parents: [...check.parents] })),
      };
      if (notModified(request, reply, etagOf(body))) return reply.code(304).send(null);
      return body;
    },
  );

  app.get(
    '/checks/:kind/:key/:name',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary:
          'One check (id kind/key/name) with its recent state changes, hourly figures and month availability',
        params: z.strictObject({ kind: idSegment, key: idSegment, name: idSegment }),
        response: {
          200: checkView.extend({
            changes: z.array(
              z.object({ at: z.string(), from: stateName, to: stateName, message: z.string() }),
            ),
            hourly: z.array(
              z.object({
                start: z.string(),
                count: z.number(),
                down: z.number(),
                degraded: z.number(),
                avgLatencyMs: z.number().nullable(),
              }),
            ),
            monthAvailability: z.number().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { kind, key, name } = request.params;
      const detail = await getCheck(views, `${kind}/${key}/${name}`);
      return { ...detail, tags: [...detail.tags], parents: [...detail.parents] };
    },
  );

  app.get(
    '/incidents',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'Incidents, newest first: open ones unless told',
        querystring: z.strictObject({
          state: z.enum(INCIDENT_FILTERS).default('open'),
          check: z.string().min(1).max(300).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(incidentView) }) },
      },
    },
    async (request) => ({
      items: await listIncidents(deps, {
        filter: request.query.state,
        checkId: request.query.check,
        limit: request.query.limit,
      }),
    }),
  );

  app.post(
    '/incidents/:id/ack',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['monitoring'],
        summary: 'Acknowledge an open incident with a comment (stops escalation); audited',
        params: z.strictObject({ id: z.string().min(6).max(64) }),
        body: ackInputSchema,
        response: { 200: incidentView },
      },
    },
    async (request) => {
      const incident = await acknowledgeIncident(
        { ...deps, alerts: sink },
        { id: request.params.id, actor: changeContextOf(request).actor, comment: request.body.comment },
      );
      overview.invalidate();
      return incident;
    },
  );

  app.get(
    '/maintenance',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['monitoring'],
        summary: 'Maintenance windows: current and coming unless all=true',
        querystring: z.strictObject({ all: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(maintenanceView) }) },
      },
    },
    async (request) => ({
      items: await listMaintenanceWindows(deps, { current: request.query.all !== 'true' }),
    }),
  );

  app.post(
    '/maintenance',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['monitoring'],
        summary: 'Add a maintenance window: one-off (end) or recurring (cron and duration); audited',
        body: maintenanceInputSchema,
        response: { 201: maintenanceView },
      },
    },
    async (request, reply) => {
      const view = await addMaintenanceWindow(deps, request.body, changeContextOf(request).actor);
      overview.invalidate();
      return reply.code(201).send(view);
    },
  );

  app.post(
    '/maintenance/:id/end',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['monitoring'],
        summary: 'End a maintenance window now; audited',
        params: z.strictObject({ id: z.string().min(6).max(64) }),
        response: { 200: maintenanceView },
      },
    },
    async (request) => {
      const ended = await endMaintenanceWindow(deps, request.params.id, changeContextOf(request).actor);
      overview.invalidate();
      return ended;
    },
  );

  await monitoringViewRoutes(app, views, overview);
}
