/**
 * Metric thresholds: Vigie's defaults, a host's overrides from the inventory, and the evaluation of
 * its latest readings against them. Monitoring (issue 4) turns the breaches into alerts.
 */
import type { HostMetricsSettings } from '../inventory/schema/metrics.js';
import type { FillForecast } from './forecast.js';

export interface Levels {
  readonly warning: number;
  readonly critical: number;
}

/** Every threshold of one host, defaults filled in. Percentages are 0 to 100. */
export interface HostThresholds {
  readonly cpu: Levels;
  readonly memory: Levels;
  readonly swap: Levels;
  /** The 5-minute load average divided by the number of cores. */
  readonly loadPerCore: Levels;
  /** For filesystems not named in `filesystems`. */
  readonly filesystemDefault: Levels;
  /** By mountpoint. */
  readonly filesystems: Readonly<Record<string, Levels>>;
  /** Days until full: lower is worse, so `warning` is the larger number. */
  readonly fillDays: Levels;
}

export const DEFAULT_THRESHOLDS: HostThresholds = {
  cpu: { warning: 85, critical: 95 },
  memory: { warning: 90, critical: 95 },
  swap: { warning: 50, critical: 80 },
  loadPerCore: { warning: 1.5, critical: 3 },
  filesystemDefault: { warning: 80, critical: 90 },
  filesystems: {},
  fillDays: { warning: 30, critical: 7 },
};

type PartialLevels = { readonly warning?: number | undefined; readonly critical?: number | undefined };

function merge(base: Levels, given: PartialLevels | undefined): Levels {
  return { warning: given?.warning ?? base.warning, critical: given?.critical ?? base.critical };
}

/** The defaults with a host's `metrics.thresholds` laid over them, field by field. */
export function thresholdsFor(settings: HostMetricsSettings | undefined): HostThresholds {
  const given = settings?.thresholds;
  if (given === undefined) return DEFAULT_THRESHOLDS;
  const { default: fsDefault, ...byMountpoint } = given.filesystems ?? {};
  const filesystemDefault = merge(DEFAULT_THRESHOLDS.filesystemDefault, fsDefault);
  return {
    cpu: merge(DEFAULT_THRESHOLDS.cpu, given.cpu),
    memory: merge(DEFAULT_THRESHOLDS.memory, given.memory),
    swap: merge(DEFAULT_THRESHOLDS.swap, given.swap),
    loadPerCore: merge(DEFAULT_THRESHOLDS.loadPerCore, given.load_per_core),
    filesystemDefault,
    filesystems: Object.fromEntries(
      Object.entries(byMountpoint).map(([mountpoint, levels]) => [
        mountpoint,
        merge(filesystemDefault, levels),
      ]),
    ),
    fillDays: merge(DEFAULT_THRESHOLDS.fillDays, given.fill_days),
  };
}

/** The levels of one filesystem: its own, else the host's default. */
export function filesystemLevels(thresholds: HostThresholds, mountpoint: string): Levels {
  return thresholds.filesystems[mountpoint] ?? thresholds.filesystemDefault;
}

/** The readings `evaluateThresholds` judges: a host's latest sample and its filesystems. */
export interface LatestReadings {
  readonly cpuPercent: number;
  readonly cpuCount: number;
  readonly load5: number;
  readonly memoryTotalBytes: number;
  readonly memoryUsedBytes: number;
  readonly swapTotalBytes: number;
  readonly swapUsedBytes: number;
  readonly filesystems: readonly {
    readonly mountpoint: string;
    /** Used over used plus available, 0 to 100, as df shows it. */
    readonly usedPercent: number;
    readonly forecast?: FillForecast | undefined;
  }[];
}

export type BreachLevel = 'warning' | 'critical';
export type BreachMetric = 'cpu' | 'memory' | 'swap' | 'load_per_core' | 'filesystem' | 'fill_days';

export interface ThresholdBreach {
  readonly metric: BreachMetric;
  /** The filesystem's mountpoint, for `filesystem` and `fill_days`. */
  readonly mountpoint?: string | undefined;
  /** The reading: a percentage, a load per core, or days until full. */
  readonly value: number;
  readonly level: BreachLevel;
  /** The threshold it reached. */
  readonly threshold: number;
}

/**
 * Every threshold the readings reach, the worse level only for each reading.
 *
 * @example evaluateThresholds(latest, thresholdsFor(settings)).filter((b) => b.level === 'critical')
 */
export function evaluateThresholds(latest: LatestReadings, thresholds: HostThresholds): ThresholdBreach[] {
  const breaches: ThresholdBreach[] = [];
  const rising = (metric: BreachMetric, value: number, levels: Levels): void => {
    const breach = risingBreach(metric, value, levels);
    if (breach !== undefined) breaches.push(breach);
  };
  rising('cpu', latest.cpuPercent, thresholds.cpu);
  if (latest.memoryTotalBytes > 0)
    rising('memory', (100 * latest.memoryUsedBytes) / latest.memoryTotalBytes, thresholds.memory);
  // A host without swap cannot be short of it.
  if (latest.swapTotalBytes > 0)
    rising('swap', (100 * latest.swapUsedBytes) / latest.swapTotalBytes, thresholds.swap);
  rising('load_per_core', latest.load5 / Math.max(latest.cpuCount, 1), thresholds.loadPerCore);
  for (const filesystem of latest.filesystems) breaches.push(...filesystemBreaches(filesystem, thresholds));
  return breaches;
}

/** The breaches of one filesystem: its use, and its forecast days until full. */
export function filesystemBreaches(
  filesystem: LatestReadings['filesystems'][number],
  thresholds: HostThresholds,
): ThresholdBreach[] {
  const { mountpoint } = filesystem;
  const breaches: ThresholdBreach[] = [];
  const use = risingBreach('filesystem', filesystem.usedPercent, filesystemLevels(thresholds, mountpoint));
  if (use !== undefined) breaches.push({ ...use, mountpoint });
  const days = filesystem.forecast?.daysToFull;
  if (days !== undefined && days !== null) {
    const { warning, critical } = thresholds.fillDays;
    const level = days <= critical ? 'critical' : days <= warning ? 'warning' : undefined;
    if (level !== undefined)
      breaches.push({
        metric: 'fill_days',
        mountpoint,
        value: days,
        level,
        threshold: thresholds.fillDays[level],
      });
  }
  return breaches;
}

function risingBreach(metric: BreachMetric, value: number, levels: Levels): ThresholdBreach | undefined {
  const level = value >= levels.critical ? 'critical' : value >= levels.warning ? 'warning' : undefined;
  return level === undefined ? undefined : { metric, value, level, threshold: levels[level] };
}
