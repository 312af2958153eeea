import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import {
  addDays,
  addMonths,
  assertCalendarDate,
  calendarDateAt,
  daysBetween,
  eachDay,
  isoWeekday,
  mondayOf,
} from './calendar-date.js';

describe('calendar dates', () => {
  it('counts whole days across both daylight-saving changes of 2026 in Paris', () => {
    // 29 March and 25 October 2026 are 23 and 25 hours long in Paris: still one day each.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(addDays('2026-10-26', -2)).toBe('2026-10-24');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('reads the Paris calendar date of an instant on each side of midnight and of DST', () => {
    expect(calendarDateAt(new Date('2026-03-28T22:59:00Z'))).toBe('2026-03-28');
    expect(calendarDateAt(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // UTC+1
    expect(calendarDateAt(new Date('2026-03-29T21:59:00Z'))).toBe('2026-03-29'); // UTC+2 now
    expect(calendarDateAt(new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
    expect(calendarDateAt(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25'); // still UTC+2
    expect(calendarDateAt(new Date('2026-10-25T22:30:00Z'))).toBe('2026-10-25'); // UTC+1 again
    expect(calendarDateAt(new Date('2026-10-25T22:30:00Z'), 'UTC')).toBe('2026-10-25');
    expect(calendarDateAt(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-26');
  });

  it('adds months keeping the day, or the month end when the day does not exist', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-01-01', 12)).toBe('2028-01-01');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('knows weekdays and the Monday that opens each calendar week', () => {
    expect(isoWeekday('2027-07-05')).toBe(1);
    expect(isoWeekday('2026-03-01')).toBe(7);
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
    expect(mondayOf('2027-07-07')).toBe('2027-07-05');
    expect(mondayOf('2027-07-05')).toBe('2027-07-05');
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('refuses days that do not exist, naming the field and the expected form', () => {
    expect(() => assertCalendarDate('2027-02-29', 'absence start')).toThrow(/absence start: "2027-02-29"/);
    expect(() => assertCalendarDate('05/07/2027', 'absence start')).toThrow(AppError);
    expect(assertCalendarDate('2028-02-29', 'absence start')).toBe('2028-02-29');
  });
});
