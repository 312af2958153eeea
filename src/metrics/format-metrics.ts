/** Host metrics as text for the terminal: a collection round, one host's state, the capacity ranking. */
import { formatSize } from '../inventory/schema/units.js';
import { formatInstant } from '../time/format.js';
import type { CapacityItem } from './capacity.js';
import type { CollectionOutcome } from './collect.js';
import type { FillForecast } from './forecast.js';
import type { LatestMetrics } from './latest.js';
import type { ThresholdBreach } from './thresholds.js';

/** Lines of a table whose columns are as wide as their widest cell. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

const percent = (value: number): string => `${value.toFixed(0)}%`;
const ratio = (used: number, total: number): string => (total > 0 ? percent((100 * used) / total) : '-');

/** One line per host: what the round read, or why it could not. */
export function formatCollection(outcomes: readonly CollectionOutcome[]): string[] {
  const rows = outcomes.map((outcome) =>
    outcome.ok
      ? [
          outcome.host,
          'ok',
          percent(outcome.reading.cpuPercent),
          `${outcome.reading.load1.toFixed(2)} / ${outcome.reading.cpuCount} cores`,
          `${ratio(outcome.reading.memoryUsedBytes, outcome.reading.memoryTotalBytes)} of ${formatSize(outcome.reading.memoryTotalBytes)}`,
          outcome.reading.swapTotalBytes > 0
            ? ratio(outcome.reading.swapUsedBytes, outcome.reading.swapTotalBytes)
            : 'none',
          outcome.reading.filesystems
            .map((fs) => `${fs.mountpoint} ${ratio(fs.usedBytes, fs.usedBytes + fs.availableBytes)}`)
            .join(', '),
        ]
      : [outcome.host, 'FAILED', '', '', '', '', `${outcome.code}: ${outcome.message}`],
  );
  return table([['host', 'result', 'cpu', 'load', 'memory', 'swap', 'filesystems'], ...rows]);
}

/** The forecast in words: `full in 12.5 days (5 Dec), r² 0.98, high confidence, 7 days of data`. */
export function describeForecast(forecast: FillForecast, timeZone: string): string {
  const basis = `${forecast.samples} samples over ${forecast.windowDays} days`;
  switch (forecast.status) {
    case 'insufficient_data':
      return `not enough data yet (${basis})`;
    case 'full':
      return 'full now';
    case 'not_filling':
      return `not filling (${basis})`;
    case 'filling':
      return `full in ${forecast.daysToFull} days (${forecast.fullAt === null ? '?' : formatInstant(forecast.fullAt, timeZone).split(' ')[0]}), +${formatSize(Math.round(forecast.growthBytesPerDay ?? 0))}/day, r² ${forecast.r2 ?? '-'}, ${forecast.confidence} confidence, ${basis}`;
  }
}

function describeBreach(breach: ThresholdBreach): string {
  const what = breach.mountpoint === undefined ? breach.metric : `${breach.metric} ${breach.mountpoint}`;
  const value =
    breach.metric === 'fill_days'
      ? `${breach.value} days (threshold ${breach.threshold})`
      : breach.metric === 'load_per_core'
        ? `${breach.value.toFixed(2)} per core (threshold ${breach.threshold})`
        : `${breach.value.toFixed(1)}% (threshold ${breach.threshold}%)`;
  return `${breach.level.toUpperCase()} ${what}: ${value}`;
}

/** A host's latest readings, its thresholds' state and its filesystems' forecasts. */
export function formatLatest(latest: LatestMetrics, timeZone: string): string[] {
  const lines: string[] = [];
  const { collection, sample } = latest;
  if (collection !== null) {
    lines.push(
      collection.result === 'ok'
        ? `last reading ${formatInstant(collection.lastAttemptAt, timeZone)} (${collection.durationMs} ms)`
        : `last reading FAILED at ${formatInstant(collection.lastAttemptAt, timeZone)} (${collection.consecutiveFailures} in a row): ${collection.errorCode}: ${collection.error}`,
    );
  }
  if (sample === null) {
    lines.push(`No metrics of ${latest.host} yet: run "vigie metrics collect ${latest.host}".`);
    return lines;
  }
  lines.push(
    `cpu       ${percent(sample.cpuPercent)} of ${sample.cpuCount} cores`,
    `load      ${sample.load1.toFixed(2)} ${sample.load5.toFixed(2)} ${sample.load15.toFixed(2)}`,
    `memory    ${formatSize(sample.memoryUsedBytes)} used of ${formatSize(sample.memoryTotalBytes)} (${ratio(sample.memoryUsedBytes, sample.memoryTotalBytes)})`,
    `swap      ${sample.swapTotalBytes > 0 ? `${formatSize(sample.swapUsedBytes)} used of ${formatSize(sample.swapTotalBytes)} (${ratio(sample.swapUsedBytes, sample.swapTotalBytes)})` : 'none'}`,
    'filesystems',
  );
  for (const fs of latest.filesystems) {
    lines.push(
      `  ${fs.mountpoint.padEnd(24)} ${formatSize(fs.usedBytes).padStart(9)} of ${formatSize(fs.usedBytes + fs.availableBytes).padEnd(9)} ${percent(fs.usedPercent).padStart(4)}  ${describeForecast(fs.forecast, timeZone)}`,
    );
  }
  lines.push(
    latest.breaches.length === 0
      ? 'thresholds: all readings within their thresholds'
      : `thresholds: ${latest.breaches.length} reached`,
  );
  for (const breach of latest.breaches) lines.push(`  ${describeBreach(breach)}`);
  return lines;
}

/** Every filesystem, soonest full first. */
export function formatCapacity(items: readonly CapacityItem[], timeZone: string): string[] {
  if (items.length === 0) return ['No filesystem readings yet: run "vigie metrics collect".'];
  return table([
    ['host', 'mountpoint', 'used', 'size', 'level', 'forecast'],
    ...items.map((item) => [
      item.host,
      item.mountpoint,
      percent(item.usedPercent),
      formatSize(item.usedBytes + item.availableBytes),
      item.level ?? 'ok',
      describeForecast(item.forecast, timeZone),
    ]),
  ]);
}
