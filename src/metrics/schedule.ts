/**
 * The metrics schedule inside `vigie serve`: every interval, one reading of each host, the hosts spread
 * evenly over the interval; a host still being read when its next turn comes is skipped that turn, so
 * two readings of one host never overlap. Once an hour, rollups and pruning. A real job queue (issue 4)
 * will take this over; until then it stays this small loop behind `startMetricsCollection`.
 */

import type { SshRunner } from '../remote/remote-host.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import { collectHost } from './collect.js';
import { metricHosts } from './hosts.js';
import { DEFAULT_RETENTION, type Retention, rollUpAndPrune } from './rollup.js';

export interface MetricsScheduleDeps extends CoreDeps {
  /** The SSH runner to read with; by default one is built from the configuration, and closed on stop. */
  readonly runner?: SshRunner | undefined;
}

export interface MetricsScheduleOptions {
  readonly intervalMs: number;
  /** How often to roll up and prune (default hourly); the first time is right after the first round starts. */
  readonly maintenanceEveryMs?: number | undefined;
  readonly retention?: Retention | undefined;
}

export interface MetricsScheduleStatus {
  readonly rounds: number;
  readonly readings: number;
  readonly failures: number;
  /** Turns skipped because the host's previous reading had not finished. */
  readonly skippedBusy: number;
}

export interface MetricsCollection {
  status(): MetricsScheduleStatus;
  /** Stops starting readings, waits for those running, closes the runner it built. */
  stop(): Promise<void>;
}

/** Starts the schedule; the first round starts at once. */
export function startMetricsCollection(
  deps: MetricsScheduleDeps,
  options: MetricsScheduleOptions,
): MetricsCollection {
  const { intervalMs } = options;
  const maintenanceEveryMs = options.maintenanceEveryMs ?? 3_600_000;
  const runner = deps.runner ?? createRunnerFromConfig(deps);
  const collectDeps = { ...deps, runner };
  const timers = new Set<NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let maintenance: Promise<void> | undefined;
  let lastMaintenance = Number.NEGATIVE_INFINITY;
  let stopped = false;
  let currentRound: Promise<void> | undefined;
  const counts = { rounds: 0, readings: 0, failures: 0, skippedBusy: 0 };

  const later = (delayMs: number, work: () => void): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) work();
    }, delayMs);
    // The HTTP server keeps `serve` alive; these timers must not keep a finished process up.
    timer.unref();
    timers.add(timer);
  };

  const readHost = (host: string): void => {
    if (running.has(host)) {
      counts.skippedBusy += 1;
      deps.logger.warn({ host }, 'metrics: the previous reading of this host is still running; turn skipped');
      return;
    }
    const reading = collectHost(collectDeps, host, {
      actor: 'job:metrics',
      timeoutMs: Math.min(30_000, Math.max(intervalMs, 5_000)),
    })
      .then((outcome) => {
        counts.readings += 1;
        if (!outcome.ok) {
          counts.failures += 1;
          deps.logger.warn({ host, code: outcome.code, error: outcome.message }, 'metrics: reading failed');
        }
      })
      .catch((error: unknown) => {
        counts.failures += 1;
        deps.logger.error({ err: error, host }, 'metrics: could not record a reading');
      })
      .finally(() => running.delete(host));
    running.set(host, reading);
  };

  const runMaintenance = (): void => {
    if (maintenance !== undefined || stopped) return;
    lastMaintenance = Date.now();
    maintenance = rollUpAndPrune(deps.store, deps.clock.now(), options.retention ?? DEFAULT_RETENTION)
      .then(
        (result) => deps.logger.debug(result, 'metrics: rolled up and pruned'),
        (error: unknown) => deps.logger.error({ err: error }, 'metrics: rollup or pruning failed'),
      )
      .finally(() => {
        maintenance = undefined;
      });
  };

  const round = async (): Promise<void> => {
    const startedAt = Date.now();
    counts.rounds += 1;
    try {
      const hosts = await metricHosts(deps);
      hosts.forEach((host, index) => {
        later(Math.floor((index * intervalMs) / hosts.length), () => readHost(host));
      });
      if (startedAt - lastMaintenance >= maintenanceEveryMs) runMaintenance();
    } catch (error) {
      deps.logger.error({ err: error }, 'metrics: could not list the hosts to read');
    } finally {
      later(Math.max(0, startedAt + intervalMs - Date.now()), startRound);
    }
  };

  const startRound = (): void => {
    currentRound = round();
  };

  startRound();
  return {
    status: () => ({ ...counts }),
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await currentRound;
      await Promise.all([...running.values(), maintenance]);
      if (deps.runner === undefined) await runner.close();
    },
  };
}
