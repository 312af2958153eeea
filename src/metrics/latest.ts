/**
 * A host's present state: its latest sample, its filesystems as last read with their fill forecasts,
 * its thresholds and what they are breached by, and how its last collection went.
 */
import type { Store } from '../store/store.js';
import { type FillForecast, forecastFill, type UsagePoint } from './forecast.js';
import { hourOf } from './rollup.js';
import {
  evaluateThresholds,
  filesystemBreaches,
  filesystemLevels,
  type HostThresholds,
  type Levels,
  type ThresholdBreach,
} from './thresholds.js';

const DAY_MS = 86_400_000;
/** The forecast looks this far back. */
export const FORECAST_WINDOW_DAYS = 7;

export interface CollectionStatus {
  readonly lastAttemptAt: string;
  readonly lastSuccessAt: string | null;
  readonly result: 'ok' | 'failed';
  readonly errorCode: string | null;
  readonly error: string | null;
  readonly consecutiveFailures: number;
  readonly durationMs: number;
}

export interface HostSample {
  readonly at: string;
  readonly cpuPercent: number;
  readonly cpuCount: number;
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  readonly memoryTotalBytes: number;
  readonly memoryUsedBytes: number;
  readonly swapTotalBytes: number;
  readonly swapUsedBytes: number;
}

export interface FilesystemState {
  readonly host: string;
  readonly mountpoint: string;
  readonly device: string;
  readonly fstype: string;
  readonly at: string;
  readonly sizeBytes: number;
  readonly usedBytes: number;
  readonly availableBytes: number;
  /** Used over used plus available, 0 to 100, as df shows it. */
  readonly usedPercent: number;
  readonly levels: Levels;
  /** The worse of its use and its forecast against the host's thresholds; null when neither is reached. */
  readonly level: 'warning' | 'critical' | null;
  readonly forecast: FillForecast;
  /** Hourly averages of the forecast window, for sparklines. */
  readonly history: readonly UsagePoint[];
}

export interface LatestMetrics {
  readonly host: string;
  readonly collection: CollectionStatus | null;
  readonly sample: HostSample | null;
  readonly filesystems: readonly FilesystemState[];
  readonly thresholds: HostThresholds;
  readonly breaches: readonly ThresholdBreach[];
}

/** What `host` looks like now, judged against `thresholds`. */
export async function latestMetrics(
  store: Store,
  input: { readonly host: string; readonly thresholds: HostThresholds; readonly now: Date },
): Promise<LatestMetrics> {
  const { host, thresholds } = input;
  const [collection, sampleRow] = await Promise.all([
    store.db.selectFrom('metric_collections').selectAll().where('host', '=', host).executeTakeFirst(),
    store.db
      .selectFrom('metric_host_samples')
      .selectAll()
      .where('host', '=', host)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const filesystems = await filesystemStates(store, {
    hosts: [host],
    thresholdsOf: () => thresholds,
    now: input.now,
  });
  const sample: HostSample | null =
    sampleRow === undefined
      ? null
      : {
          at: sampleRow.at,
          cpuPercent: Number(sampleRow.cpu_percent),
          cpuCount: Number(sampleRow.cpu_count),
          load1: Number(sampleRow.load1),
          load5: Number(sampleRow.load5),
          load15: Number(sampleRow.load15),
          memoryTotalBytes: Number(sampleRow.memory_total_bytes),
          memoryUsedBytes: Number(sampleRow.memory_used_bytes),
          swapTotalBytes: Number(sampleRow.swap_total_bytes),
          swapUsedBytes: Number(sampleRow.swap_used_bytes),
        };
  const breaches = sample === null ? [] : evaluateThresholds({ ...sample, filesystems }, thresholds);
  return {
    host,
    collection:
      collection === undefined
        ? null
        : {
            lastAttemptAt: collection.last_attempt_at,
            lastSuccessAt: collection.last_success_at,
            result: collection.last_result === 'ok' ? 'ok' : 'failed',
            errorCode: collection.last_error_code,
            error: collection.last_error,
            consecutiveFailures: Number(collection.consecutive_failures),
            durationMs: Number(collection.duration_ms),
          },
    sample,
    filesystems,
    thresholds,
    breaches,
  };
}

/**
 * The filesystems of `hosts` (every host when omitted) as their latest round found them, each with its
 * forecast from the hourly averages of the last FORECAST_WINDOW_DAYS days.
 */
export async function filesystemStates(
  store: Store,
  input: {
    readonly hosts?: readonly string[] | undefined;
    readonly thresholdsOf: (host: string) => HostThresholds;
    readonly now: Date;
  },
): Promise<FilesystemState[]> {
  const hosts = input.hosts;
  if (hosts !== undefined && hosts.length === 0) return [];
  let latestRounds = store.db
    .selectFrom('metric_filesystem_samples')
    .select((eb) => ['host', eb.fn.max('at').as('at')])
    .groupBy('host');
  if (hosts !== undefined) latestRounds = latestRounds.where('host', 'in', hosts);
  const rounds = await latestRounds.execute();
  if (rounds.length === 0) return [];
  const current = await store.db
    .selectFrom('metric_filesystem_samples')
    .selectAll()
    .where((eb) =>
      eb.or(rounds.map((round) => eb.and([eb('host', '=', round.host), eb('at', '=', round.at)]))),
    )
    .execute();

  const since = new Date(input.now.getTime() - FORECAST_WINDOW_DAYS * DAY_MS).toISOString();
  let hourly = store.db
    .selectFrom('metric_filesystem_samples')
    .select((eb) => [
      'host',
      'mountpoint',
      eb.fn.avg<number | string>('used_bytes').as('used'),
      eb.fn.countAll<number | string>().as('samples'),
      eb.fn.min('at').as('first_at'),
      eb.fn.max('at').as('last_at'),
    ])
    .where('at', '>=', since)
    .groupBy(['host', 'mountpoint', hourOf]);
  if (hosts !== undefined) hourly = hourly.where('host', 'in', hosts);
  const history = new Map<string, UsagePoint[]>();
  for (const row of await hourly.execute()) {
    const key = `${row.host}\u0000${row.mountpoint}`;
    // Each hour's average stands at the middle of the readings it averages.
    const at = (Date.parse(row.first_at) + Date.parse(row.last_at)) / 2;
    const point = { at, usedBytes: Number(row.used), samples: Number(row.samples) };
    history.set(key, [...(history.get(key) ?? []), point]);
  }

  return current
    .map((row): FilesystemState => {
      const used = Number(row.used_bytes);
      const available = Number(row.available_bytes);
      const capacity = used + available;
      const points = (history.get(`${row.host}\u0000${row.mountpoint}`) ?? []).sort((a, b) => a.at - b.at);
      const forecast = forecastFill(points, capacity, { windowDays: FORECAST_WINDOW_DAYS });
      const usedPercent = capacity > 0 ? (100 * used) / capacity : 0;
      const thresholds = input.thresholdsOf(row.host);
      const levels = filesystemLevels(thresholds, row.mountpoint);
      const judged = filesystemBreaches({ mountpoint: row.mountpoint, usedPercent, forecast }, thresholds);
      const level = judged.some((b) => b.level === 'critical')
        ? 'critical'
        : judged.length > 0
          ? 'warning'
          : null;
      return {
        host: row.host,
        mountpoint: row.mountpoint,
        device: row.device,
        fstype: row.fstype,
        at: row.at,
        sizeBytes: Number(row.size_bytes),
        usedBytes: used,
        availableBytes: available,
        usedPercent,
        levels,
        level,
        forecast,
        history: points,
      };
    })
    .sort((a, b) => a.host.localeCompare(b.host) || a.mountpoint.localeCompare(b.mountpoint));
}
