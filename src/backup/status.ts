/**
 * RPO and RTO per source, the figures the customer reads: the recovery point is the age of the
 * last verified backup's data, the recovery time the last passed drill's restore time.
 */
import type { CoreDeps } from '../runtime/deps.js';
import { type BackupRunView, latestVerifiedRun, listRuns } from './catalog.js';
import { type DrillView, listDrills } from './drill-catalog.js';
import type { BackupPlan, SourcePolicy } from './policies.js';

export interface SourceStatus {
  readonly source: string;
  readonly kind: SourcePolicy['kind'];
  readonly object: SourcePolicy['object'];
  readonly host: string;
  readonly schedule: string;
  readonly destinations: readonly string[];
  /** Seconds since the last verified backup's data was taken; null without one. */
  readonly rpoSeconds: number | null;
  readonly rpoTargetSeconds: number;
  /** `ok` within target, `late` past it, `none` without any verified backup. */
  readonly rpoState: 'ok' | 'late' | 'none';
  readonly lastVerified: BackupRunView | null;
  readonly lastRun: BackupRunView | null;
  /** The last passed drill's restore time, in milliseconds: the measured RTO. */
  readonly rtoMs: number | null;
  readonly lastDrill: DrillView | null;
  /** Why the source cannot run as configured (no account...), from the plan. */
  readonly problem: string | null;
}

export async function backupStatus(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  plan: BackupPlan,
): Promise<SourceStatus[]> {
  const now = deps.clock.now().getTime();
  return Promise.all(
    plan.sources.map(async (policy) => {
      const [lastVerified, lastRuns, drills, passed] = await Promise.all([
        latestVerifiedRun(deps.store.db, policy.source),
        listRuns(deps.store.db, { source: policy.source, limit: 1 }),
        listDrills(deps.store.db, { source: policy.source, limit: 1 }),
        listDrills(deps.store.db, { source: policy.source, status: 'passed', limit: 1 }),
      ]);
      const takenAt = lastVerified?.takenAt ?? null;
      const rpoSeconds =
        takenAt === null ? null : Math.max(0, Math.round((now - new Date(takenAt).getTime()) / 1000));
      return {
        source: policy.source,
        kind: policy.kind,
        object: policy.object,
        host: policy.host,
        schedule: policy.schedule,
        destinations: policy.destinations,
        rpoSeconds,
        rpoTargetSeconds: policy.rpoTargetSeconds,
        rpoState: rpoSeconds === null ? 'none' : rpoSeconds > policy.rpoTargetSeconds ? 'late' : 'ok',
        lastVerified: lastVerified ?? null,
        lastRun: lastRuns[0] ?? null,
        rtoMs: passed[0]?.restoreMs ?? null,
        lastDrill: drills[0] ?? null,
        problem: plan.problems.get(policy.source) ?? null,
      } satisfies SourceStatus;
    }),
  );
}
