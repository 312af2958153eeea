/**
 * The `host_metrics` check: judges the latest host metrics sample `vigie serve` stored (it never
 * connects itself) against the host's thresholds: DOWN at a critical level, DEGRADED at a warning
 * level, UNKNOWN when no sample is recent enough to say anything.
 */
import { z } from 'zod';
import { isAppError } from '../errors/app-error.js';
import { latestMetrics } from '../metrics/latest.js';
import type { HostThresholds, ThresholdBreach } from '../metrics/thresholds.js';
import type { Probe, ProbeDeps } from './probe.js';
import { formatMs, runAttempt } from './probe-run.js';
import { baseSpecShape, durationMsSchema } from './probe-spec.js';

/** The collection interval assumed when the process does not say (VIGIE_METRICS_INTERVAL's default). */
export const DEFAULT_METRICS_INTERVAL_MS = 60_000;
/** A sample older than this many collection intervals is stale: one missed round is not yet news. */
export const STALE_INTERVALS = 3;

export const hostMetricsSpecSchema = z.strictObject({
  ...baseSpecShape,
  /** The VM or device id in the inventory whose samples are judged. */
  hostId: z.string().trim().min(1).meta({ description: 'The VM or device id, e.g. host03.' }),
  /** Older samples mean UNKNOWN; three collection intervals unless told. */
  staleAfter: durationMsSchema.optional(),
});

export type HostMetricsSpec = z.infer<typeof hostMetricsSpecSchema>;

export const hostMetricsProbe: Probe<HostMetricsSpec> = {
  kind: 'host_metrics',
  specSchema: hostMetricsSpecSchema,
  run: (deps: ProbeDeps, spec: HostMetricsSpec, signal: AbortSignal) => {
    const host = spec.hostId;
    return runAttempt(signal, spec.timeout, `metrics of ${host}`, async (attempt) => {
      const store = deps.store;
      if (store === undefined) {
        return attempt.result('unknown', `Metrics of ${host} cannot be read by this process (no store)`, {
          details: { error: 'NO_STORE' },
        });
      }
      const thresholds = await thresholdsOf(store, host);
      if ('missing' in thresholds) {
        return attempt.result('unknown', thresholds.missing, { details: { error: 'NOT_FOUND' } });
      }
      const now = deps.clock.now();
      const latest = await latestMetrics(store, { host, thresholds: thresholds.found, now });
      const staleAfter =
        spec.staleAfter ?? STALE_INTERVALS * (deps.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS);
      const sample = latest.sample;
      const failure =
        latest.collection?.result === 'failed' && latest.collection.error !== null
          ? ` (last collection failed: ${latest.collection.error})`
          : '';
      if (sample === null) {
        return attempt.result('unknown', `No metrics sample of ${host} yet${failure}`, {
          details: { error: 'NO_SAMPLE' },
        });
      }
      const ageMs = now.getTime() - Date.parse(sample.at);
      if (ageMs > staleAfter) {
        return attempt.result(
          'unknown',
          `No metrics sample of ${host} since ${sample.at} (older than ${formatMs(staleAfter)})${failure}`,
          { details: { error: 'STALE_SAMPLE', lastSampleAt: sample.at, staleAfterMs: staleAfter } },
        );
      }
      const metrics: Record<string, number> = {
        cpu_percent: round(sample.cpuPercent),
        load_per_core: round(sample.load5 / Math.max(sample.cpuCount, 1)),
        sample_age_s: Math.round(ageMs / 1000),
      };
      if (sample.memoryTotalBytes > 0)
        metrics.memory_percent = round((100 * sample.memoryUsedBytes) / sample.memoryTotalBytes);
      if (sample.swapTotalBytes > 0)
        metrics.swap_percent = round((100 * sample.swapUsedBytes) / sample.swapTotalBytes);
      const fullest = Math.max(...latest.filesystems.map((fs) => fs.usedPercent));
      if (Number.isFinite(fullest)) metrics.filesystem_max_percent = round(fullest);
      const details = { sampleAt: sample.at, breaches: latest.breaches };
      const breaches = [...latest.breaches].sort(
        (a, b) => Number(b.level === 'critical') - Number(a.level === 'critical'),
      );
      if (breaches.length === 0) {
        return attempt.result(
          'up',
          `${host}: CPU ${metrics.cpu_percent}%, load per core ${metrics.load_per_core}` +
            `${metrics.memory_percent === undefined ? '' : `, memory ${metrics.memory_percent}%`}` +
            `, ${latest.filesystems.length} filesystem(s), all within thresholds`,
          { metrics, details },
        );
      }
      const critical = breaches.some((breach) => breach.level === 'critical');
      return attempt.result(
        critical ? 'down' : 'degraded',
        `${host}: ${breaches.map(describeBreach).join('; ')}`,
        { metrics, details },
      );
    });
  },
};

/** The host's thresholds, or why there are none (the host left the inventory). */
async function thresholdsOf(
  store: NonNullable<ProbeDeps['store']>,
  host: string,
): Promise<{ found: HostThresholds } | { missing: string }> {
  // Imported when run: the inventory's schema imports the probe registry, which imports this file.
  const { hostThresholds } = await import('../metrics/hosts.js');
  try {
    return { found: await hostThresholds({ store }, host) };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return { missing: error.message };
    throw error;
  }
}

/** `memory 96.2% reached the critical threshold 95%`, `/var full in 5 days (warning threshold 30 days)`. */
export function describeBreach(breach: ThresholdBreach): string {
  const level = breach.level;
  switch (breach.metric) {
    case 'fill_days':
      return `${breach.mountpoint} forecast full in ${breach.value} days (${level} threshold ${breach.threshold} days)`;
    case 'load_per_core':
      return `load per core ${round(breach.value)} reached the ${level} threshold ${breach.threshold}`;
    case 'filesystem':
      return `filesystem ${breach.mountpoint} at ${round(breach.value)}% reached the ${level} threshold ${breach.threshold}%`;
    default:
      return `${breach.metric} at ${round(breach.value)}% reached the ${level} threshold ${breach.threshold}%`;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
