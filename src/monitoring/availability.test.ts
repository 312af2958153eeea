import { describe, expect, it } from 'vitest';
import { computeAvailability, mergeIntervals, monthBounds } from './availability.js';

const H = 3_600_000;

describe('availability from state history', () => {
  it('counts DOWN time against the period, DEGRADED as available, UNKNOWN not at all', () => {
    const result = computeAvailability({
      fromMs: 0,
      toMs: 100 * H,
      initialState: 'up',
      changes: [
        { atMs: 10 * H, to: 'down' },
        { atMs: 12 * H, to: 'degraded' },
        { atMs: 13 * H, to: 'up' },
        { atMs: 90 * H, to: 'unknown' },
      ],
      excluded: [],
    });
    expect(result).toMatchObject({ upMs: 87 * H, degradedMs: H, downMs: 2 * H, unknownMs: 10 * H });
    expect(result.ratio).toBeCloseTo(88 / 90, 10);
  });

  it('leaves maintenance windows out, overlapping or not', () => {
    const result = computeAvailability({
      fromMs: 0,
      toMs: 100 * H,
      initialState: 'up',
      changes: [
        { atMs: 20 * H, to: 'down' },
        { atMs: 24 * H, to: 'up' },
      ],
      excluded: [
        { start: 19 * H, end: 22 * H },
        { start: 21 * H, end: 23 * H },
        { start: 99 * H, end: 200 * H },
      ],
    });
    expect(result.excludedMs).toBe(5 * H);
    expect(result.downMs).toBe(H);
    expect(result.ratio).toBeCloseTo(1 - 1 / 95, 10);
  });

  it('starts from the state before the period and ignores changes after it', () => {
    const result = computeAvailability({
      fromMs: 10 * H,
      toMs: 20 * H,
      initialState: 'down',
      changes: [
        { atMs: 15 * H, to: 'up' },
        { atMs: 25 * H, to: 'down' },
      ],
      excluded: [],
    });
    expect(result).toMatchObject({ downMs: 5 * H, upMs: 5 * H, ratio: 0.5 });
  });

  it('has no figure when nothing was measured', () => {
    expect(
      computeAvailability({ fromMs: 0, toMs: H, initialState: 'unknown', changes: [], excluded: [] }).ratio,
    ).toBeNull();
  });

  it('merges intervals and reads months', () => {
    expect(
      mergeIntervals(
        [
          { start: 5, end: 8 },
          { start: 1, end: 3 },
          { start: 2, end: 4 },
        ],
        0,
        7,
      ),
    ).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 7 },
    ]);
    expect(monthBounds('2026-02')).toEqual({ fromMs: Date.UTC(2026, 1, 1), toMs: Date.UTC(2026, 2, 1) });
    expect(monthBounds('2026-13')).toBeUndefined();
  });
});
