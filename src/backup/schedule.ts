/**
 * Backups and drills on their schedules inside `vigie serve`: at start, runs and drills a killed Vigie
 * left behind are failed and cleaned; then each source's backup runs at its cron times (in the backup
 * time zone), followed by retention on its destination and its off-site copies, and its drill at its
 * own. One piece of work runs at a time: a backup is heavy on the database server, and a drill on the
 * drill server. A new inventory revision is picked up at the next minute.
 */
import { Cron } from 'croner';
import { latestRevisionId } from '../inventory/service.js';
import type { SshRunner } from '../remote/remote-host.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import { listRuns, markPruned } from './catalog.js';
import { recoverInterruptedDrills } from './drill.js';
import { forgetSnapshots, pruneRepository } from './restic.js';
import { applyRetention } from './retention.js';
import { forgetRunSnapshots, recoverInterruptedRuns } from './run-backup.js';
import { backupSource, drillSource, openDestination, readBackupPlan } from './service.js';

export interface BackupSchedule {
  stop(): Promise<void>;
}

export interface BackupScheduleOptions {
  /** How often the inventory revision is looked at (default one minute). */
  readonly revisionPollMs?: number | undefined;
}

export async function startBackupSchedule(
  deps: CoreDeps & { readonly runner?: SshRunner | undefined },
  options: BackupScheduleOptions = {},
): Promise<BackupSchedule> {
  const runner = deps.runner ?? createRunnerFromConfig(deps);
  const serviceDeps = { ...deps, runner };
  let crons: Cron[] = [];
  let revision: number | null | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();

  /** One piece of work at a time, in the order the schedules fired; a failure is logged, never thrown. */
  const enqueue = (what: string, work: () => Promise<unknown>): void => {
    queue = queue.then(async () => {
      if (stopped) return;
      try {
        await work();
      } catch (error) {
        deps.logger.error({ err: error, work: what }, 'scheduled backup work failed');
      }
    });
  };

  const recover = async (): Promise<void> => {
    const plan = await readBackupPlan(deps);
    const destinations = new Map();
    for (const settings of plan.destinations) {
      const opened = await openDestination(deps, settings).catch(() => undefined);
      if (opened !== undefined) destinations.set(opened.id, opened);
    }
    const runs = await recoverInterruptedRuns(serviceDeps, destinations);
    for (const run of runs)
      deps.logger.warn({ run: run.id, source: run.source }, run.error ?? 'interrupted backup');
    // Scratch databases of drills a killed Vigie left behind are dropped by the next drill's server;
    // here only the drill rows are failed (the servers need their passwords, opened per drill).
    await recoverInterruptedDrills(serviceDeps, []);
  };

  const prune = async (source: string, destinationId: string): Promise<void> => {
    const plan = await readBackupPlan(deps);
    const policy = plan.sources.find((s) => s.source === source);
    const settings = plan.destinations.find((d) => d.id === destinationId);
    if (policy === undefined || settings === undefined) return;
    const destination = await openDestination(deps, settings);
    const verified = (await listRuns(deps.store.db, { source, status: 'verified', limit: 1000 })).filter(
      (run) => run.destination === destinationId && run.takenAt !== null,
    );
    const decision = applyRetention(
      verified.map((run) => ({ ...run, takenAt: new Date(run.takenAt ?? run.startedAt) })),
      policy.retention,
      plan.timeZone,
    );
    if (decision.drop.length === 0) return;
    await forgetSnapshots(
      destination.repo,
      decision.drop.flatMap((run) => run.artifacts.map((artifact) => artifact.snapshotId)),
    );
    await markPruned(
      deps.store.db,
      decision.drop.map((run) => run.id),
    );
    await pruneRepository(destination.repo);
    // The off-site copies follow: a copy is a new snapshot, found by the run's tag.
    for (const copyId of new Set(
      decision.drop.flatMap((run) => run.copies.map((copy) => copy.destination)),
    )) {
      const copySettings = plan.destinations.find((d) => d.id === copyId);
      if (copySettings === undefined) continue;
      const copy = await openDestination(deps, copySettings);
      for (const run of decision.drop) await forgetRunSnapshots(copy.repo, run.id);
      await pruneRepository(copy.repo);
    }
  };

  const reschedule = async (): Promise<void> => {
    const latest = await latestRevisionId(deps);
    if (latest === revision) return;
    revision = latest;
    for (const cron of crons) cron.stop();
    crons = [];
    const plan = await readBackupPlan(deps);
    for (const policy of plan.sources) {
      if (plan.problems.has(policy.source)) continue;
      crons.push(
        new Cron(policy.schedule, { timezone: plan.timeZone, mode: '5-part', protect: true }, () =>
          enqueue(`backup of ${policy.source}`, async () => {
            const run = await backupSource(serviceDeps, policy.source, {
              trigger: 'schedule',
              actor: 'job:backup',
            });
            if (run.status === 'verified') await prune(policy.source, run.destination);
          }),
        ),
      );
      if (policy.drill !== null && policy.kind !== 'files') {
        crons.push(
          new Cron(policy.drill.schedule, { timezone: plan.timeZone, mode: '5-part', protect: true }, () =>
            enqueue(`drill of ${policy.source}`, () =>
              drillSource(deps, policy.source, { trigger: 'schedule', actor: 'job:drill' }),
            ),
          ),
        );
      }
    }
    deps.logger.info({ sources: plan.sources.length, schedules: crons.length }, 'backup schedules');
  };

  await recover().catch((error: unknown) =>
    deps.logger.error({ err: error }, 'backup recovery at start failed'),
  );
  await reschedule();
  const poll = setInterval(() => {
    reschedule().catch((error: unknown) =>
      deps.logger.error({ err: error }, 'backup schedules not refreshed'),
    );
  }, options.revisionPollMs ?? 60_000);
  poll.unref();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(poll);
      for (const cron of crons) cron.stop();
      // What runs now finishes (a cut backup would only be failed at the next start).
      await queue;
      if (deps.runner === undefined) await runner.close();
    },
  };
}
