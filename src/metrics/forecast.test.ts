import { describe, expect, it } from 'vitest';
import { forecastFill, type UsagePoint } from './forecast.js';

const GiB = 1024 ** 3;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-01T00:00:00.000Z');

/** Hourly points over `days` days whose used bytes follow `used(day)`. */
function hourly(days: number, used: (day: number, hour: number) => number): UsagePoint[] {
  return Array.from({ length: days * 24 }, (_, hour) => ({
    at: START + hour * HOUR,
    usedBytes: used(hour / 24, hour),
    samples: 60,
  }));
}

/** A deterministic pseudo-random sequence in [-1, 1], so the "noisy" series is the same every run. */
function noise(seed: number): (i: number) => number {
  return (i) => {
    const x = Math.sin(seed * 12.9898 + i * 78.233) * 43_758.5453;
    return 2 * (x - Math.floor(x)) - 1;
  };
}

describe('fill forecast', () => {
  it('extends a steady growth to the capacity, with high confidence', () => {
    // 50 GiB used, +1 GiB a day, on 100 GiB: the last point (day 7 less an hour) is at ~57 GiB.
    const series = hourly(7, (day) => 50 * GiB + day * GiB);
    const forecast = forecastFill(series, 100 * GiB);
    const last = series.at(-1) as UsagePoint;
    const expectedDays = (100 * GiB - last.usedBytes) / GiB;
    expect(forecast.status).toBe('filling');
    expect(forecast.daysToFull).toBeCloseTo(expectedDays, 1);
    expect(forecast.growthBytesPerDay).toBeCloseTo(GiB, -3);
    expect(forecast.r2).toBe(1);
    expect(forecast.confidence).toBe('high');
    expect(forecast.points).toBe(168);
    expect(forecast.samples).toBe(168 * 60);
    expect(Date.parse(forecast.fullAt ?? '')).toBeCloseTo(last.at + expectedDays * DAY, -4);
  });

  it('finds the trend under noise, with a lower r² but still a usable date', () => {
    const jitter = noise(7);
    const series = hourly(7, (day, hour) => 200 * GiB + day * 2 * GiB + jitter(hour) * 3 * GiB);
    const forecast = forecastFill(series, 300 * GiB);
    expect(forecast.status).toBe('filling');
    expect(forecast.growthBytesPerDay ?? 0).toBeGreaterThan(1.8 * GiB);
    expect(forecast.growthBytesPerDay ?? 0).toBeLessThan(2.2 * GiB);
    expect(forecast.r2 ?? 1).toBeLessThan(0.95);
    expect(forecast.r2 ?? 0).toBeGreaterThan(0.6);
    // About (300 - 214) / 2 = 43 days, give or take the noise on the last point.
    expect(forecast.daysToFull ?? 0).toBeGreaterThan(38);
    expect(forecast.daysToFull ?? 0).toBeLessThan(48);
  });

  it('says a shrinking filesystem is not filling, and a flat one too', () => {
    const shrinking = forecastFill(
      hourly(5, (day) => 80 * GiB - day * GiB),
      100 * GiB,
    );
    expect(shrinking).toMatchObject({ status: 'not_filling', daysToFull: null, fullAt: null });
    expect(shrinking.growthBytesPerDay ?? 0).toBeLessThan(0);

    const flat = forecastFill(
      hourly(5, () => 42 * GiB),
      100 * GiB,
    );
    expect(flat).toMatchObject({ status: 'not_filling', daysToFull: null, r2: null, growthBytesPerDay: 0 });

    // A few bytes a day on a large disk: centuries away, reported as not filling.
    const crawling = forecastFill(
      hourly(7, (day) => 10 * GiB + day * 1024),
      1024 * GiB,
    );
    expect(crawling.status).toBe('not_filling');
  });

  it('fits a step change with a positive slope but a visibly poorer fit', () => {
    // Flat for six days, then 20 GiB written at once (a dump restored, a log burst).
    const series = hourly(7, (day) => (day < 6 ? 40 * GiB : 60 * GiB));
    const forecast = forecastFill(series, 100 * GiB);
    expect(forecast.status).toBe('filling');
    expect(forecast.r2 ?? 1).toBeLessThan(0.6);
    expect(forecast.confidence).toBe('low');
  });

  it('refuses to guess from too few points or too short a span, and says how much it had', () => {
    expect(forecastFill([], 100 * GiB)).toMatchObject({ status: 'insufficient_data', points: 0, samples: 0 });
    const two = [
      { at: START, usedBytes: GiB },
      { at: START + 6 * HOUR, usedBytes: 2 * GiB },
    ];
    expect(forecastFill(two, 100 * GiB)).toMatchObject({ status: 'insufficient_data', points: 2 });
    const quick = [0, 1, 2, 3].map((i) => ({ at: START + i * 10 * 60_000, usedBytes: (1 + i) * GiB }));
    expect(forecastFill(quick, 100 * GiB)).toMatchObject({
      status: 'insufficient_data',
      points: 4,
      windowDays: 0.02,
    });
  });

  it('uses only the last 7 days, and fewer when that is all there is', () => {
    // Shrinking long ago, growing in the last week: only the growth counts.
    const old = hourly(20, (day) => (day < 13 ? 90 * GiB - day * GiB : 77 * GiB + (day - 13) * GiB));
    const forecast = forecastFill(old, 100 * GiB);
    expect(forecast.status).toBe('filling');
    expect(forecast.windowDays).toBe(7);
    expect(Math.abs((forecast.growthBytesPerDay ?? 0) / GiB - 1)).toBeLessThan(0.01);

    const short = forecastFill(
      hourly(2, (day) => 10 * GiB + day * GiB),
      100 * GiB,
    );
    expect(short.windowDays).toBeCloseTo(1.96, 2);
    expect(short.confidence).toBe('medium');
  });

  it('reports a filesystem with no space left as full', () => {
    const forecast = forecastFill(
      hourly(1, () => 100 * GiB),
      100 * GiB,
    );
    expect(forecast).toMatchObject({ status: 'full', daysToFull: 0 });
  });
});
