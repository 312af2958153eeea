/**
 * Restores over HTTP: `POST /backups/restore` answers a dry run with the plan, and otherwise starts
 * the restore in the background (a job under `/backups/jobs`, shared with backups and drills).
 */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import { getRun } from './catalog.js';
import { type BackupJobs, JOB_KINDS } from './jobs.js';
import { planRestore, type RestoreRequest, requireConfirmation, restoreRun } from './restore.js';

const restoreBody = z.strictObject({
  runId: z.string().uuid(),
  target: z
    .strictObject({
      database: z.string().min(1).max(63).optional(),
      server: z.string().min(1).max(200).optional(),
      host: z.string().min(1).max(200).optional(),
      path: z.string().min(1).max(4096).optional(),
    })
    .optional(),
  dryRun: z.boolean().optional(),
  confirm: z.string().max(4096).optional(),
  allowUnverified: z.boolean().optional(),
});

export const restorePlanSchema = z.object({
  runId: z.string(),
  source: z.string(),
  sourceKind: z.string(),
  takenAt: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  verified: z.boolean(),
  target: z.object({ kind: z.enum(['database', 'files']), description: z.string(), name: z.string() }),
  destructive: z.boolean(),
  confirmWith: z.string().nullable(),
  steps: z.array(z.string()),
  tools: z.array(z.string()),
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

/** Mounted by the web app under `/api/v1`, with the same `jobs` as `backupRoutes`. */
export async function restoreRoutes(app: VigieFastify, deps: CoreDeps, jobs: BackupJobs): Promise<void> {
  app.post(
    '/backups/restore',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['backups'],
        summary:
          'Restore a backup run to its origin or elsewhere: dryRun answers the plan; otherwise a background job (a destructive target needs confirm equal to the plan’s confirmWith)',
        body: restoreBody,
        response: { 200: z.object({ plan: restorePlanSchema }), 202: jobSchema },
      },
    },
    async (request, reply) => {
      const actor = changeContextOf(request).actor;
      const body = request.body;
      const restore: RestoreRequest = {
        runId: body.runId,
        target: body.target,
        confirm: body.confirm,
        allowUnverified: body.allowUnverified,
      };
      const runner = createRunnerFromConfig(deps);
      // The plan is checked before answering: a refusal (no confirmation, an unverified run, a wrong
      // key) is an error of this request, not of a job that ends later.
      let plan: Awaited<ReturnType<typeof planRestore>>;
      try {
        plan = await planRestore({ ...deps, runner }, restore, actor);
      } catch (error) {
        await runner.close();
        throw error;
      }
      if (body.dryRun === true) {
        await runner.close();
        return reply.code(200).send({ plan });
      }
      try {
        requireConfirmation(plan, body.confirm);
      } catch (error) {
        await runner.close();
        throw error;
      }
      const run = await getRun(deps.store.db, body.runId);
      try {
        const job = jobs.start('restore', run?.source ?? `run:${body.runId}`, actor, async (progress) => {
          try {
            await restoreRun({ ...deps, runner }, restore, {
              actor,
              onProgress: (p) => progress.report(p.stage, p.bytes),
            });
            return { runId: body.runId, status: 'restored' };
          } finally {
            await runner.close();
          }
        });
        return reply.code(202).send(job);
      } catch (error) {
        await runner.close();
        throw error;
      }
    },
  );
}
