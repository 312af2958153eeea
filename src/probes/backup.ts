/**
 * The `backup` check: judges a backup source from the catalog (it never connects): DOWN when its last
 * run or its last drill failed, or when its last good backup is older than its RPO target; UNKNOWN
 * before its first run. So a failed backup or drill, or a late RPO, is an incident and an alert like
 * any other failure, with the monitor's routing, grouping and journal.
 */
import { z } from 'zod';
import type { Probe, ProbeDeps } from './probe.js';
import { runAttempt } from './probe-run.js';
import { baseSpecShape } from './probe-spec.js';

export const backupSpecSchema = z.strictObject({
  ...baseSpecShape,
  /** The backup source, e.g. `database:opendata` or `files:website-intranet`. */
  source: z.string().trim().min(1).meta({ description: 'The backup source, e.g. database:opendata.' }),
});

export type BackupSpec = z.infer<typeof backupSpecSchema>;

export const backupProbe: Probe<BackupSpec> = {
  kind: 'backup',
  specSchema: backupSpecSchema,
  run: (deps: ProbeDeps, spec: BackupSpec, signal: AbortSignal) =>
    runAttempt(signal, spec.timeout, `backups of ${spec.source}`, async (attempt) => {
      const store = deps.store;
      if (store === undefined) {
        return attempt.result(
          'unknown',
          `Backups of ${spec.source} cannot be read by this process (no store)`,
          {
            details: { error: 'NO_STORE' },
          },
        );
      }
      // Imported when run: the inventory's schema imports the probe registry, which imports this file.
      const { readBackupPlan } = await import('../backup/service.js');
      const { backupStatus } = await import('../backup/status.js');
      const plan = await readBackupPlan({ store });
      const policy = plan.sources.find((candidate) => candidate.source === spec.source);
      if (policy === undefined) {
        return attempt.result('unknown', `${spec.source} is not backed up by the inventory any more`, {
          details: { error: 'NOT_FOUND' },
        });
      }
      const [status] = await backupStatus({ store, clock: deps.clock }, { ...plan, sources: [policy] });
      if (status === undefined) throw new Error('unreachable: one source in, one status out');
      const target = hours(status.rpoTargetSeconds);
      const metrics: Record<string, number> = { rpo_target_s: status.rpoTargetSeconds };
      if (status.rpoSeconds !== null) metrics.rpo_s = status.rpoSeconds;
      if (status.rtoMs !== null) metrics.rto_ms = status.rtoMs;
      const details = { lastRunId: status.lastRun?.id ?? null, lastDrillId: status.lastDrill?.id ?? null };
      // A run in progress says nothing yet: the run before it decides (listRuns is newest first).
      const lastRun = status.lastRun?.status === 'running' ? null : status.lastRun;
      if (status.problem !== null && status.lastVerified === null) {
        return attempt.result('down', `${spec.source} cannot be backed up: ${status.problem}`, {
          metrics,
          details,
        });
      }
      if (lastRun?.status === 'failed') {
        return attempt.result(
          'down',
          `The last backup of ${spec.source} failed: ${lastRun.error ?? 'no reason recorded'}`,
          {
            metrics,
            details,
          },
        );
      }
      if (status.lastDrill?.status === 'failed') {
        return attempt.result(
          'down',
          `The last restore drill of ${spec.source} failed: ${status.lastDrill.error ?? 'no reason recorded'}`,
          { metrics, details },
        );
      }
      if (status.rpoSeconds === null) {
        return attempt.result('unknown', `No verified backup of ${spec.source} yet`, { metrics, details });
      }
      if (status.rpoState === 'late') {
        return attempt.result(
          'down',
          `The last good backup of ${spec.source} is ${hours(status.rpoSeconds)} old, over its RPO target of ${target}`,
          { metrics, details },
        );
      }
      const drill =
        status.rtoMs === null
          ? 'no drill passed yet'
          : `last drill restored it in ${(status.rtoMs / 1000).toFixed(1)} s`;
      return attempt.result(
        'up',
        `Last good backup of ${spec.source} ${hours(status.rpoSeconds)} ago (target ${target}); ${drill}`,
        {
          metrics,
          details,
        },
      );
    }),
};

function hours(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
