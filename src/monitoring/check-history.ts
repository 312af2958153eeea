/**
 * Response-time and up/down history of one check for charts, read from the rollups (never from results):
 * at most a few hundred points whatever the range.
 */
import type { CoreDeps } from '../runtime/deps.js';
import type { CheckRollupsTable, RollupResolution } from './tables.js';

export const HISTORY_RANGES = ['24h', '7d', '30d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

const HOUR_MS = 3_600_000;

/** Which rollups each range reads and how wide its points are: 288, 168 and 360 points. */
const RANGE_PLAN: Record<HistoryRange, { spanMs: number; resolution: RollupResolution; bucketMs: number }> = {
  '24h': { spanMs: 24 * HOUR_MS, resolution: 'minute', bucketMs: 5 * 60_000 },
  '7d': { spanMs: 7 * 24 * HOUR_MS, resolution: 'hour', bucketMs: HOUR_MS },
  '30d': { spanMs: 30 * 24 * HOUR_MS, resolution: 'hour', bucketMs: 2 * HOUR_MS },
};

export interface HistoryPoint {
  readonly start: string;
  readonly count: number;
  readonly up: number;
  readonly degraded: number;
  readonly down: number;
  readonly avgLatencyMs: number | null;
  /** Median of the finer rollups' averages inside the point (the rollups keep no percentile). */
  readonly p50LatencyMs: number | null;
  readonly maxLatencyMs: number | null;
}

export interface CheckHistory {
  readonly checkId: string;
  readonly range: HistoryRange;
  readonly from: string;
  readonly to: string;
  readonly bucketMs: number;
  /** Only the buckets that had results, oldest first. */
  readonly points: HistoryPoint[];
}

/** The history of `checkId` over the `range` ending now. */
export async function checkHistory(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  checkId: string,
  range: HistoryRange,
): Promise<CheckHistory> {
  const plan = RANGE_PLAN[range];
  const toMs = deps.clock.now().getTime();
  const fromMs = toMs - plan.spanMs;
  const rows = await deps.store.db
    .selectFrom('check_rollups')
    .selectAll()
    .where('check_id', '=', checkId)
    .where('resolution', '=', plan.resolution)
    .where('bucket_start', '>=', new Date(fromMs - (fromMs % plan.bucketMs)).toISOString())
    .orderBy('bucket_start')
    .execute();
  return {
    checkId,
    range,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    bucketMs: plan.bucketMs,
    points: bucketRollups(rows, plan.bucketMs),
  };
}

/** Groups rollup rows (sorted by start) into points `bucketMs` wide. */
export function bucketRollups(rows: readonly CheckRollupsTable[], bucketMs: number): HistoryPoint[] {
  const groups = new Map<number, CheckRollupsTable[]>();
  for (const row of rows) {
    const startMs = Date.parse(row.bucket_start);
    const key = startMs - (startMs % bucketMs);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return [...groups.entries()].map(([startMs, group]) => {
    const count = sum(group, (row) => row.count);
    const averages = group
      .filter((row) => Number(row.count) > 0)
      .map((row) => Number(row.latency_sum_ms) / Number(row.count))
      .sort((a, b) => a - b);
    return {
      start: new Date(startMs).toISOString(),
      count,
      up: sum(group, (row) => row.up_count),
      degraded: sum(group, (row) => row.degraded_count),
      down: sum(group, (row) => row.down_count),
      avgLatencyMs: count === 0 ? null : round(sum(group, (row) => row.latency_sum_ms) / count),
      p50LatencyMs: averages.length === 0 ? null : round(median(averages)),
      maxLatencyMs: count === 0 ? null : Math.max(...group.map((row) => Number(row.latency_max_ms))),
    };
  });
}

function sum(rows: readonly CheckRollupsTable[], pick: (row: CheckRollupsTable) => number): number {
  return rows.reduce((total, row) => total + Number(pick(row)), 0);
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
