/**
 * Backups over HTTP: `GET /backups` (RPO and RTO of every source), the catalog of runs and drills,
 * and `POST` to back up, verify or drill now, run in the background with progress under `/backups/jobs`.
 */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import { listRuns } from './catalog.js';
import { listDrills } from './drill-catalog.js';
import { BackupJobs, JOB_KINDS } from './jobs.js';
import { renderRestorePlan } from './restore-plan.js';
import { restorePlanOptionsSchema } from './restore-plan-options.js';
import { backupSource, drillSource, readBackupPlan, verifyRun } from './service.js';
import { backupStatus } from './status.js';

const artifactSchema = z.object({
  filename: z.string(),
  snapshotId: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  addedBytes: z.number(),
  reader: z.string(),
});

export const runSchema = z.object({
  id: z.string(),
  source: z.string(),
  sourceKind: z.string(),
  destination: z.string(),
  trigger: z.string(),
  actor: z.string(),
  status: z.enum(['running', 'written', 'verified', 'failed', 'pruned']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  takenAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  artifacts: z.array(artifactSchema),
  sizeBytes: z.number().nullable(),
  addedBytes: z.number().nullable(),
  sourceVersion: z.string().nullable(),
  toolVersion: z.string().nullable(),
  rowCounts: z.array(z.object({ table: z.string(), rows: z.number() })).nullable(),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  copies: z.array(z.object({ destination: z.string(), at: z.string(), error: z.string().nullable() })),
});

export const drillSchema = z.object({
  id: z.string(),
  runId: z.string(),
  source: z.string(),
  trigger: z.string(),
  actor: z.string(),
  status: z.enum(['running', 'passed', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  target: z.string(),
  restoreMs: z.number().nullable(),
  checks: z.array(z.object({ check: z.string(), ok: z.boolean(), detail: z.string() })),
  error: z.string().nullable(),
});

const statusSchema = z.object({
  source: z.string(),
  kind: z.string(),
  object: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
  host: z.string(),
  schedule: z.string(),
  destinations: z.array(z.string()),
  rpoSeconds: z.number().nullable(),
  rpoTargetSeconds: z.number(),
  rpoState: z.enum(['ok', 'late', 'none']),
  lastVerified: runSchema.nullable(),
  lastRun: runSchema.nullable(),
  rtoMs: z.number().nullable(),
  lastDrill: drillSchema.nullable(),
  problem: z.string().nullable(),
});

const overviewSchema = z.object({
  timeZone: z.string(),
  sources: z.array(statusSchema),
  disabled: z.array(z.object({ source: z.string(), reason: z.string() })),
  destinations: z.array(z.object({ id: z.string(), type: z.string() })),
});

const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  source: z.string(),
  actor: z.string(),
  startedAt: z.string(),
  stage: z.string(),
  bytes: z.number(),
  finishedAt: z.string().nullable(),
  result: z
    .object({ runId: z.string().optional(), drillId: z.string().optional(), status: z.string() })
    .nullable(),
  error: z.string().nullable(),
});

const runsResponse = z.object({ items: z.array(runSchema) });
const drillsResponse = z.object({ items: z.array(drillSchema) });

const listQuery = z.strictObject({
  source: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const sourceBody = z.strictObject({ source: z.string().min(1).max(200) });
const runParams = z.strictObject({ id: z.string().uuid() });
const restorePlanQuery = restorePlanOptionsSchema.extend({
  source: z.string().min(1).max(200).optional(),
});

/** Mounted by the web app under `/api/v1`; `jobs` are this process's background work. */
export async function backupRoutes(
  app: VigieFastify,
  deps: CoreDeps,
  jobs = new BackupJobs(),
): Promise<void> {
  app.get(
    '/backups',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['backups'],
        summary:
          'Every backup source with its RPO (age of the last verified backup), target, and RTO (last passed drill)',
        response: { 200: overviewSchema },
      },
    },
    async () => {
      const plan = await readBackupPlan(deps);
      return overviewSchema.parse({
        timeZone: plan.timeZone,
        sources: await backupStatus(deps, plan),
        disabled: plan.disabled,
        destinations: plan.destinations.map((d) => ({ id: d.id, type: d.type })),
      });
    },
  );

  app.get(
    '/backups/restore-plan',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['backups'],
        summary:
          'The restore plan, generated now: per source what is backed up, where, how often, how to restore, measured RPO and RTO (HTML or PDF; fr or en)',
        querystring: restorePlanQuery,
      },
    },
    async (request, reply) => {
      const rendered = await renderRestorePlan(deps, {
        source: request.query.source,
        language: request.query.lang,
        format: request.query.format,
      });
      // Inline: a browser shows it (the web page opens the PDF in a tab); saving keeps the file name.
      return reply
        .header('content-type', rendered.contentType)
        .header('content-disposition', `inline; filename="${rendered.filename}"`)
        .header('cache-control', 'private, no-cache')
        .send(rendered.body);
    },
  );

  app.get(
    '/backups/runs',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['backups'],
        summary: 'Backup runs, newest first',
        querystring: listQuery,
        response: { 200: runsResponse },
      },
    },
    async (request) => runsResponse.parse({ items: await listRuns(deps.store.db, request.query) }),
  );

  app.get(
    '/backups/drills',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['backups'],
        summary: 'Restore drills, newest first',
        querystring: listQuery,
        response: { 200: drillsResponse },
      },
    },
    async (request) => drillsResponse.parse({ items: await listDrills(deps.store.db, request.query) }),
  );

  app.get(
    '/backups/jobs',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['backups'],
        summary: 'Backups, verifications and drills running or ended in the last ten minutes, with progress',
        response: { 200: z.object({ items: z.array(jobSchema) }) },
      },
    },
    async () => ({ items: jobs.list() }),
  );

  app.post(
    '/backups/run',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['backups'],
        summary: 'Back up a source now (in the background; follow it under /backups/jobs)',
        body: sourceBody,
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const actor = changeContextOf(request).actor;
      const job = jobs.start('backup', request.body.source, actor, async (progress) => {
        const runner = createRunnerFromConfig(deps);
        try {
          const run = await backupSource({ ...deps, runner }, request.body.source, {
            trigger: 'manual',
            actor,
            onProgress: (bytes, stage) => progress.report(stage, bytes),
          });
          return { runId: run.id, status: run.status };
        } finally {
          await runner.close();
        }
      });
      return reply.code(202).send(job);
    },
  );

  app.post(
    '/backups/runs/:id/verify',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['backups'],
        summary: 'Read a stored run back in full again (in the background)',
        params: runParams,
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const actor = changeContextOf(request).actor;
      const job = jobs.start('verify', `run:${request.params.id}`, actor, async () => {
        const run = await verifyRun(deps, request.params.id, actor);
        return { runId: run.id, status: run.status };
      });
      return reply.code(202).send(job);
    },
  );

  app.post(
    '/backups/drill',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['backups'],
        summary: "Drill a source's latest verified backup now (in the background)",
        body: sourceBody,
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const actor = changeContextOf(request).actor;
      const job = jobs.start('drill', request.body.source, actor, async () => {
        const drill = await drillSource(deps, request.body.source, { trigger: 'manual', actor });
        return { drillId: drill.id, runId: drill.runId, status: drill.status };
      });
      return reply.code(202).send(job);
    },
  );
}
