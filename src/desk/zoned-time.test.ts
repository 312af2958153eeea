import { describe, expect, it } from 'vitest';
import { dayNameOf, dayNumberOf, isoOfDayNumber, localStampOf } from './calendar-day.js';
import { instantOfLocalStamp, instantsOfLocalDay, isKnownTimeZone, localStampAt } from './zoned-time.js';

const PARIS = 'Europe/Paris';
const at = (iso: string) => Date.parse(iso);
const localIso = (stamp: number) => new Date(stamp).toISOString().slice(0, 16);

describe('zoned time', () => {
  it('reads the wall-clock time of an instant in winter and in summer', () => {
    expect(localIso(localStampAt(at('2026-01-15T08:00:00Z'), PARIS))).toBe('2026-01-15T09:00');
    expect(localIso(localStampAt(at('2026-07-15T08:00:00Z'), PARIS))).toBe('2026-07-15T10:00');
    expect(localStampAt(at('2026-07-15T08:00:00.250Z'), PARIS) % 1000).toBe(250);
  });

  it('finds the instant of a wall-clock time on both sides of the changes', () => {
    const local = (y: number, m: number, d: number, hh: number, mm = 0) =>
      localStampOf(dayNumberOf(y, m, d), hh * 60 + mm);
    expect(instantOfLocalStamp(local(2026, 3, 28, 9), PARIS)).toBe(at('2026-03-28T08:00:00Z'));
    expect(instantOfLocalStamp(local(2026, 3, 30, 9), PARIS)).toBe(at('2026-03-30T07:00:00Z'));
    // 02:30 does not exist on 29 March 2026 in Paris: it moves forward by the hour skipped.
    expect(instantOfLocalStamp(local(2026, 3, 29, 2, 30), PARIS)).toBe(at('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 25 October 2026: the first one (summer time, +02:00).
    expect(instantOfLocalStamp(local(2026, 10, 25, 2, 30), PARIS)).toBe(at('2026-10-25T00:30:00Z'));
    expect(instantOfLocalStamp(local(2026, 10, 25, 3, 30), PARIS)).toBe(at('2026-10-25T02:30:00Z'));
    expect(instantOfLocalStamp(local(2026, 1, 1, 0), 'America/New_York')).toBe(at('2026-01-01T05:00:00Z'));
  });

  it('converts a whole day at once, with the careful path on the days of change', () => {
    for (const [y, m, d] of [
      [2026, 3, 29],
      [2026, 10, 25],
      [2026, 6, 1],
      [2026, 3, 28],
      [2026, 10, 26],
    ] as const) {
      const midnight = localStampOf(dayNumberOf(y, m, d), 0);
      const instantOf = instantsOfLocalDay(midnight, PARIS);
      for (let minute = 0; minute <= 24 * 60; minute += 30) {
        const stamp = midnight + minute * 60_000;
        expect(instantOf(stamp)).toBe(instantOfLocalStamp(stamp, PARIS));
      }
    }
  });

  it('knows the platform time zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Europe/Marseille')).toBe(false);
  });

  it('names weekdays and dates of day numbers', () => {
    expect(dayNameOf(dayNumberOf(2026, 11, 28))).toBe('saturday');
    expect(dayNameOf(dayNumberOf(1969, 12, 29))).toBe('monday');
    expect(isoOfDayNumber(dayNumberOf(2028, 2, 29))).toBe('2028-02-29');
  });
});
