/**
 * The monitor process role: derives the checks from the inventory, resumes their stored states and
 * open incidents, runs them on the scheduler, decides states and incidents in memory, and writes
 * each second's decisions in one transaction. `vigie monitor` runs it in the foreground.
 */
import type { ProbeDeps, ProbeResult } from '../probes/probe.js';
import { findProbe } from '../probes/registry.js';
import type { CoreDeps } from '../runtime/deps.js';
import type { AlertSink } from './alert-sink.js';
import type { CheckDefinition, CheckProblem } from './check-definition.js';
import { allChecksLease, type CheckLease } from './check-lease.js';
import type { DerivedChecks } from './derive-checks.js';
import { inventoryChecks } from './inventory-checks.js';
import { loadMaintenanceWindows } from './maintenance.js';
import { MonitorCore } from './monitor-core.js';
import { lastWriteOf, loadRestoredChecks, presumedLastRun } from './monitor-store.js';
import { writePending } from './result-writer.js';
import { CheckScheduler, type SchedulerStats } from './scheduler.js';

export interface MonitorDeps extends CoreDeps {
  readonly alerts: AlertSink;
  readonly probe: ProbeDeps;
}

export interface MonitorOptions {
  /** Where the checks come from; the stored inventory unless told. */
  readonly source?: (() => Promise<DerivedChecks>) | undefined;
  readonly lease?: CheckLease | undefined;
  readonly flushIntervalMs?: number | undefined;
  /** How often the checks are derived again and leases renewed. */
  readonly refreshIntervalMs?: number | undefined;
  readonly windowsRefreshMs?: number | undefined;
  readonly maxConcurrent?: number | undefined;
  readonly maxPerHost?: number | undefined;
  /** How long an UP check's unchanged latest state may wait to be written (see `MonitorCore`). */
  readonly stateRefreshMs?: number | undefined;
  /** How often hour rollups get the increments of the open hour (see `RollupBuffer`). */
  readonly hourSliceMs?: number | undefined;
}

export interface MonitorStats extends SchedulerStats {
  readonly problems: number;
  readonly lastFlushMs: number;
  readonly flushFailures: number;
}

export interface Monitor {
  readonly core: MonitorCore;
  /** Located problems of the inventory's `checks:`; those checks are not run. */
  problems(): readonly CheckProblem[];
  stats(): MonitorStats;
  /** Writes everything decided so far (the periodic flush writes only what is due). */
  flush(): Promise<void>;
  /** Derives the checks again and renews leases. */
  refresh(): Promise<void>;
  /** Stops taking work, aborts running checks, writes the last decisions, gives leases back. */
  stop(): Promise<void>;
}

/** Minute rollups are kept this long; hour rollups stay for SLA history. */
const MINUTE_ROLLUP_RETENTION_MS = 8 * 86_400_000;

export async function startMonitor(deps: MonitorDeps, options: MonitorOptions = {}): Promise<Monitor> {
  const source = options.source ?? (() => inventoryChecks(deps));
  const lease = options.lease ?? allChecksLease();
  const core = new MonitorCore({
    stateRefreshMs: options.stateRefreshMs,
    hourSliceMs: options.hourSliceMs,
  });
  let problems: readonly CheckProblem[] = [];
  let lastFlushMs = 0;
  let flushFailures = 0;
  let stopped = false;

  const scheduler = new CheckScheduler<{ id: string; host: string | undefined; intervalMs: number }>({
    maxConcurrent: options.maxConcurrent,
    maxPerHost: options.maxPerHost,
    now: () => deps.clock.now().getTime(),
    run: async (entry, _scheduledAt, signal) => {
      const def = core.get(entry.id)?.def;
      if (def === undefined) return;
      const result = await runSafely(deps.probe, def, signal);
      // A check cut short by the monitor stopping says nothing about its target.
      if (signal.aborted) return;
      core.record(def.id, result, deps.clock.now().getTime());
    },
    onError: (entry, error) => deps.logger.error({ err: error, check: entry.id }, 'check run failed'),
  });

  let lastDerived: DerivedChecks | undefined;
  let lastOwned: ReadonlySet<string> = new Set();
  const refresh = async (): Promise<void> => {
    const derived = await source();
    const owned = await lease.claim(derived.checks.map((check) => check.id));
    // The same derivation and leases: nothing to set again (a source may return its last result
    // while the inventory has not changed, sparing 10,000 checks' worth of garbage every minute).
    if (derived === lastDerived && sameMembers(owned, lastOwned)) return;
    if (derived !== lastDerived)
      for (const problem of derived.problems)
        deps.logger.warn({ problem }, 'check not run: invalid checks entry');
    lastDerived = derived;
    lastOwned = owned;
    problems = derived.problems;
    const mine = derived.checks.filter((check) => owned.has(check.id));
    const fresh = mine.filter((check) => core.get(check.id) === undefined).map((check) => check.id);
    const restored = await loadRestoredChecks(deps.store.db, fresh);
    core.setChecks(mine, restored);
    // The restored states' last runs: checks that missed their slot while stopped catch up.
    const stoppedAtMs = lastWriteOf(restored);
    const intervals = new Map(mine.map((check) => [check.id, check.policy.intervalMs]));
    scheduler.setChecks(
      mine.map((check) => ({ id: check.id, host: check.host, intervalMs: check.policy.intervalMs })),
      (id) => {
        const seed = restored.get(id);
        const intervalMs = intervals.get(id);
        return seed === undefined || intervalMs === undefined
          ? core.get(id)?.state.lastAtMs
          : presumedLastRun(seed, intervalMs, stoppedAtMs);
      },
    );
  };
  const refreshWindows = async (): Promise<void> => {
    core.setWindows(await loadMaintenanceWindows(deps.store.db));
  };

  let flushing: Promise<void> = Promise.resolve();
  /** Writes what is due by now, or everything. */
  const flush = (due: 'due' | 'all' = 'all'): Promise<void> => {
    flushing = flushing.then(async () => {
      const pending = core.takePending(due === 'all' ? undefined : deps.clock.now().getTime());
      if (pending.empty) return;
      const started = performance.now();
      try {
        await writePending(deps, core, pending);
      } catch (error) {
        flushFailures += 1;
        core.restorePending(pending);
        deps.logger.error({ err: error }, 'monitor could not write results; will retry');
      }
      lastFlushMs = performance.now() - started;
    });
    return flushing;
  };

  await refreshWindows();
  await refresh();
  scheduler.start();
  let lastCleanup = 0;
  const every = (ms: number, work: () => Promise<void>, what: string): NodeJS.Timeout =>
    setInterval(() => {
      if (stopped) return;
      work().catch((error: unknown) => deps.logger.error({ err: error }, `monitor ${what} failed`));
    }, ms);
  const timers = [
    every(options.flushIntervalMs ?? 1000, () => flush('due'), 'flush'),
    every(options.windowsRefreshMs ?? 5000, refreshWindows, 'maintenance refresh'),
    every(
      options.refreshIntervalMs ?? 60_000,
      async () => {
        await refresh();
        const nowMs = deps.clock.now().getTime();
        if (nowMs - lastCleanup < 3_600_000) return;
        lastCleanup = nowMs;
        await deps.store.db
          .deleteFrom('check_rollups')
          .where('resolution', '=', 'minute')
          .where('bucket_start', '<', new Date(nowMs - MINUTE_ROLLUP_RETENTION_MS).toISOString())
          .execute();
      },
      'refresh',
    ),
  ];

  return {
    core,
    problems: () => problems,
    stats: () => ({ ...scheduler.stats(), problems: problems.length, lastFlushMs, flushFailures }),
    flush: () => flush('all'),
    refresh,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await scheduler.stop();
      await flush();
      await lease.release();
    },
  };
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}

/** Runs a check's probe; a probe that throws (a bug, not the target's fault) still gives a DOWN result. */
export async function runSafely(
  deps: ProbeDeps,
  def: CheckDefinition,
  signal: AbortSignal,
): Promise<ProbeResult> {
  const started = performance.now();
  try {
    return await findProbe(def.kind).run(deps, def.spec, signal);
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      message: `The ${def.kind} check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      details: { error: 'CHECK_CRASHED' },
    };
  }
}
