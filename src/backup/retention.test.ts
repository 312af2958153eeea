import { describe, expect, it } from 'vitest';
import { applyRetention, isoWeek } from './retention.js';

const PARIS = 'Europe/Paris';
const none = { daily: 0, weekly: 0, monthly: 0, yearly: 0 };

/** One backup a day at 02:00 Paris time (01:00 UTC in winter), newest first ids. */
function dailyBackups(fromIso: string, days: number): { id: string; takenAt: Date }[] {
  const start = new Date(fromIso).getTime();
  return Array.from({ length: days }, (_, i) => {
    const takenAt = new Date(start + i * 86_400_000);
    return { id: takenAt.toISOString().slice(0, 10), takenAt };
  });
}

describe('applyRetention', () => {
  it('keeps the newest backup even when every count is zero', () => {
    const backups = dailyBackups('2026-11-01T01:00:00Z', 5);
    const decision = applyRetention(backups, none, PARIS);
    expect(decision.keep.map((k) => k.backup.id)).toEqual(['2026-11-05']);
    expect(decision.keep[0]?.reasons).toEqual(['newest']);
    expect(decision.drop).toHaveLength(4);
  });

  it('keeps the last 7 days, the last 4 ISO weeks and the last 3 months, newest of each', () => {
    const backups = dailyBackups('2026-08-01T01:00:00Z', 120); // 1 Aug .. 28 Nov 2026
    const decision = applyRetention(backups, { daily: 7, weekly: 4, monthly: 3, yearly: 0 }, PARIS);
    const kept = decision.keep.map((k) => k.backup.id);
    // Days 22..28 Nov; weeks end on Sundays 22, 15, 8 Nov and the current week's newest (28 Nov);
    // months: 28 Nov, 31 Oct, 30 Sep.
    expect(kept).toEqual([
      '2026-11-28',
      '2026-11-27',
      '2026-11-26',
      '2026-11-25',
      '2026-11-24',
      '2026-11-23',
      '2026-11-22',
      '2026-11-15',
      '2026-11-08',
      '2026-10-31',
      '2026-09-30',
    ]);
    expect(decision.keep.find((k) => k.backup.id === '2026-11-22')?.reasons).toEqual(['daily', 'weekly']);
    expect(decision.keep.find((k) => k.backup.id === '2026-10-31')?.reasons).toEqual(['monthly']);
    expect(decision.drop).toHaveLength(120 - kept.length);
  });

  it('counts days in the policy time zone: 23:30 UTC on 30 November is 1 December in Paris', () => {
    const late = { id: 'late', takenAt: new Date('2026-11-30T23:30:00Z') };
    const early = { id: 'early', takenAt: new Date('2026-11-30T22:30:00Z') };
    const paris = applyRetention([late, early], { ...none, monthly: 2 }, PARIS);
    expect(paris.keep.map((k) => k.backup.id)).toEqual(['late', 'early']);
    const utc = applyRetention([late, early], { ...none, monthly: 2 }, 'UTC');
    expect(utc.keep.map((k) => k.backup.id)).toEqual(['late']);
  });

  it('keeps only the newest of several backups on one day', () => {
    const morning = { id: 'morning', takenAt: new Date('2026-11-27T07:00:00Z') };
    const evening = { id: 'evening', takenAt: new Date('2026-11-27T19:00:00Z') };
    const decision = applyRetention([morning, evening], { ...none, daily: 5 }, PARIS);
    expect(decision.keep.map((k) => k.backup.id)).toEqual(['evening']);
    expect(decision.drop.map((b) => b.id)).toEqual(['morning']);
  });

  it('keeps nothing from an empty list', () => {
    expect(applyRetention([], { daily: 7, weekly: 4, monthly: 12, yearly: 5 }, PARIS)).toEqual({
      keep: [],
      drop: [],
    });
  });
});

describe('isoWeek', () => {
  it('follows ISO 8601 at year boundaries', () => {
    expect(isoWeek(2026, 1, 1)).toBe('2026-W01'); // a Thursday
    expect(isoWeek(2025, 12, 29)).toBe('2026-W01'); // the Monday of that week
    expect(isoWeek(2027, 1, 1)).toBe('2026-W53'); // 2026 has 53 weeks
    expect(isoWeek(2027, 1, 4)).toBe('2027-W01');
    expect(isoWeek(2026, 11, 28)).toBe('2026-W48');
  });
});
