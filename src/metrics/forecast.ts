/**
 * When will a filesystem be full at its current growth: a least-squares line through its used bytes
 * over the last days, extended to its capacity. Growth that is flat or shrinking is "not filling";
 * too little data says so rather than guess.
 */

export interface UsagePoint {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly usedBytes: number;
  /** Raw samples behind this point (1 for a raw sample, more for an hourly average). */
  readonly samples?: number | undefined;
}

export type ForecastStatus = 'filling' | 'not_filling' | 'full' | 'insufficient_data';
export type ForecastConfidence = 'high' | 'medium' | 'low';

export interface FillForecast {
  readonly status: ForecastStatus;
  /** Days from the last reading until full; null unless filling or full. */
  readonly daysToFull: number | null;
  /** ISO instant the line reaches the capacity; null unless filling or full. */
  readonly fullAt: string | null;
  /** Slope of the line in bytes per day (negative when shrinking); null without enough data. */
  readonly growthBytesPerDay: number | null;
  /** How well the line fits, 0 to 1; null when it cannot be computed (a flat series, too few points). */
  readonly r2: number | null;
  readonly confidence: ForecastConfidence | null;
  /** Points the line was fitted on, and the raw samples behind them. */
  readonly points: number;
  readonly samples: number;
  /** Days of data actually used: less than the window asked when the history is shorter. */
  readonly windowDays: number;
}

export interface ForecastOptions {
  /** How far back from the last point to look (default 7 days). */
  readonly windowDays?: number;
  /** Fewer points than this is not enough (default 3). */
  readonly minPoints?: number;
  /** Data spanning less than this is not enough (default 2 hours). */
  readonly minSpanHours?: number;
}

const DAY_MS = 86_400_000;
/** Beyond ten years the growth is noise, not a trend: reported as not filling. */
const HORIZON_DAYS = 3650;

/**
 * Fits `usedBytes = a + b·t` on the points of the last `windowDays` and extends it to `capacityBytes`
 * (used plus available at the last reading).
 *
 * @example forecastFill(hourlyAverages, 100 * GiB).daysToFull // 12.5
 */
export function forecastFill(
  series: readonly UsagePoint[],
  capacityBytes: number,
  options: ForecastOptions = {},
): FillForecast {
  const windowDays = options.windowDays ?? 7;
  const minPoints = options.minPoints ?? 3;
  const minSpanHours = options.minSpanHours ?? 2;
  const sorted = [...series].filter((p) => Number.isFinite(p.usedBytes)).sort((a, b) => a.at - b.at);
  const last = sorted.at(-1);
  const points = last === undefined ? [] : sorted.filter((p) => p.at >= last.at - windowDays * DAY_MS);
  const first = points[0];
  const spanDays = last === undefined || first === undefined ? 0 : (last.at - first.at) / DAY_MS;
  const base = {
    points: points.length,
    samples: points.reduce((sum, p) => sum + (p.samples ?? 1), 0),
    windowDays: round(spanDays, 2),
  };
  const none = { daysToFull: null, fullAt: null, growthBytesPerDay: null, r2: null, confidence: null };
  if (last === undefined || first === undefined) return { status: 'insufficient_data', ...base, ...none };
  if (last.usedBytes >= capacityBytes) {
    return {
      status: 'full',
      ...base,
      ...none,
      daysToFull: 0,
      fullAt: new Date(last.at).toISOString(),
    };
  }
  if (points.length < minPoints || spanDays * 24 < minSpanHours)
    return { status: 'insufficient_data', ...base, ...none };

  const fit = leastSquares(points.map((p) => [(p.at - first.at) / DAY_MS, p.usedBytes] as const));
  const confidence = confidenceOf(fit.r2, spanDays, points.length);
  const daysToFull = fit.slope > 0 ? (capacityBytes - last.usedBytes) / fit.slope : Number.POSITIVE_INFINITY;
  if (daysToFull > HORIZON_DAYS) {
    return {
      status: 'not_filling',
      ...base,
      daysToFull: null,
      fullAt: null,
      growthBytesPerDay: fit.slope,
      r2: fit.r2,
      confidence,
    };
  }
  return {
    status: 'filling',
    ...base,
    daysToFull: round(daysToFull, 1),
    fullAt: new Date(last.at + daysToFull * DAY_MS).toISOString(),
    growthBytesPerDay: fit.slope,
    r2: fit.r2,
    confidence,
  };
}

interface Fit {
  readonly slope: number;
  readonly intercept: number;
  readonly r2: number | null;
}

function leastSquares(xy: ReadonlyArray<readonly [number, number]>): Fit {
  const n = xy.length;
  const meanX = xy.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = xy.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of xy) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  // A perfectly flat series has nothing to explain: no r².
  const r2 = syy === 0 || sxx === 0 ? null : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2: r2 === null ? null : round(r2, 3) };
}

function confidenceOf(r2: number | null, spanDays: number, points: number): ForecastConfidence {
  if (r2 !== null && r2 >= 0.9 && spanDays >= 3 && points >= 24) return 'high';
  if (r2 !== null && r2 >= 0.6 && spanDays >= 1) return 'medium';
  return 'low';
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
