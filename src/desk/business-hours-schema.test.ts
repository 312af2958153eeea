import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { parseBusinessDelay } from './business-delay.js';
import { businessHoursSchema, parseBusinessHours } from './business-hours-schema.js';
import { parseTimeRange } from './opening-hours.js';

/** The problems of an invalid input as `path: message (hint)` lines. */
function problemsOf(input: unknown): string[] {
  const result = businessHoursSchema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error.issues.map((issue) => {
    const hint = (issue as { params?: { hint?: string } }).params?.hint;
    return `${issue.path.join('.')}: ${issue.message}${hint === undefined ? '' : ` (${hint})`}`;
  });
}

describe('businessHoursSchema', () => {
  it('defaults to Paris time, Monday to Friday, 09:00-12:00 and 14:00-18:00', () => {
    expect(parseBusinessHours({})).toEqual({
      time_zone: 'Europe/Paris',
      working_days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      hours: [
        { start: 540, end: 720 },
        { start: 840, end: 1080 },
      ],
      hours_by_day: {},
      alsace_moselle: false,
      closed_days: [],
    });
    expect(parseBusinessHours(undefined).time_zone).toBe('Europe/Paris');
  });

  it('reads days, ranges in any order, per-day hours and named closure days', () => {
    const settings = parseBusinessHours({
      time_zone: 'Europe/Paris',
      working_days: ['monday', 'friday', 'saturday'],
      hours: ['14:00-18:00', '08:30-12:30'],
      hours_by_day: { saturday: ['09:00-12:00'], friday: ['00:00-24:00'] },
      alsace_moselle: true,
      closed_days: ['2026-05-15', { date: '2026-12-24', name: 'Veille de Noël' }],
    });
    expect(settings.hours).toEqual([
      { start: 510, end: 750 },
      { start: 840, end: 1080 },
    ]);
    expect(settings.hours_by_day.friday).toEqual([{ start: 0, end: 1440 }]);
    expect(settings.closed_days).toEqual([
      { date: '2026-05-15', name: 'Fermeture' },
      { date: '2026-12-24', name: 'Veille de Noël' },
    ]);
  });

  it('refuses a range that ends before it starts, naming the field', () => {
    expect(problemsOf({ hours: ['09:00-12:00', '18:00-14:00'] })).toEqual([
      'hours.1: "18:00-14:00" ends before it starts (hours cannot run past midnight: split the range into ...-24:00 and 00:00-... on the next day)',
    ]);
  });

  it('refuses overlapping ranges and says which ones', () => {
    expect(problemsOf({ hours_by_day: { monday: ['09:00-12:00', '11:30-14:00'] } })).toEqual([
      'hours_by_day.monday.1: 11:30-14:00 overlaps 09:00-12:00 at [0] (merge them into one range or shorten one)',
    ]);
  });

  it('refuses unknown day names with the English name to write', () => {
    expect(problemsOf({ working_days: ['lundi', 'Tuesday', 'wed', 'someday'] })).toEqual([
      'working_days.0: "lundi" is not a day name (write monday)',
      'working_days.1: "Tuesday" is not a day name (write tuesday)',
      'working_days.2: "wed" is not a day name (write wednesday)',
      'working_days.3: "someday" is not a day name (day names: monday, tuesday, wednesday, thursday, friday, saturday, sunday)',
    ]);
    expect(problemsOf({ hours_by_day: { mondy: ['09:00-12:00'] } })).toEqual(
      [': Unrecognized key: "mondy"'].map((line) => `hours_by_day${line}`),
    );
  });

  it('refuses an unknown time zone and suggests the IANA name of a city', () => {
    expect(problemsOf({ time_zone: 'Paris' })).toEqual([
      'time_zone: "Paris" is not a time zone (did you mean "Europe/Paris"?)',
    ]);
    expect(problemsOf({ time_zone: 'CEST+2' })).toEqual([
      'time_zone: "CEST+2" is not a time zone (write an IANA time zone such as Europe/Paris)',
    ]);
  });

  it('refuses hours on a day that is not worked, repeated days and dates, and an empty week', () => {
    expect(
      problemsOf({
        working_days: ['monday', 'monday'],
        hours_by_day: { sunday: ['10:00-12:00'] },
        closed_days: ['2026-05-15', { date: '2026-05-15', name: 'Pont' }, '15/05/2026'],
      }),
    ).toEqual([
      'closed_days.2: "15/05/2026" is not a date: write it as 2026-05-15',
      'hours_by_day.sunday: sunday has hours but is not in working_days (add sunday to working_days, or remove its hours)',
      'working_days.1: the day "monday" is already listed at working_days[0] (remove one of them)',
      'closed_days.1: the date "2026-05-15" is already listed at closed_days[0] (remove one of them)',
    ]);
    expect(problemsOf({ closed_days: [{ date: '2026-02-30', name: 'Pont' }, { name: 'Pont' }, 12] })).toEqual(
      [
        'closed_days.0: date: "2026-02-30" is not a day of the calendar',
        'closed_days.1: date: Invalid input: expected string, received undefined',
        'closed_days.2: is neither a date nor { date, name }',
      ],
    );
    expect(problemsOf({ working_days: [] })[0]).toMatch(/^working_days: /);
    expect(problemsOf({ hours: [] })[0]).toMatch(/^hours: /);
  });

  it('throws a BAD_INPUT error naming every field from parseBusinessHours', () => {
    let caught: unknown;
    try {
      parseBusinessHours({ hours: ['9h-12h'], time_zone: 'Europe/Pariss' }, 'desk hours');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(
      'invalid desk hours: time_zone: "Europe/Pariss" is not a time zone; hours.0: "9h-12h" is not a range of hours',
    );
    expect(error.hint).toBe('did you mean "Europe/Paris"?');
    expect(error.details).toMatchObject({
      problems: [{ path: 'time_zone' }, { path: 'hours.0', hint: 'write 09:00-12:00' }],
    });
  });
});

describe('businessHoursSchema as a fragment of the inventory', () => {
  it('gives editors a JSON Schema, with both forms of a closure day', () => {
    const jsonSchema = z.toJSONSchema(businessHoursSchema, {
      target: 'draft-07',
      io: 'input',
      unrepresentable: 'any',
    }) as { properties: Record<string, { items?: { anyOf?: { type: string }[] } }> };
    expect(Object.keys(jsonSchema.properties)).toEqual([
      'time_zone',
      'working_days',
      'hours',
      'hours_by_day',
      'alsace_moselle',
      'closed_days',
    ]);
    expect(jsonSchema.properties.closed_days?.items?.anyOf?.map((option) => option.type)).toEqual([
      'string',
      'object',
    ]);
  });
});

describe('parseTimeRange', () => {
  it('reads ranges up to 24:00 and refuses times that do not exist', () => {
    expect(parseTimeRange('9:00-12:00')).toEqual({ ok: true, value: { start: 540, end: 720 } });
    expect(parseTimeRange('18:00 – 24:00')).toEqual({ ok: true, value: { start: 1080, end: 1440 } });
    expect(parseTimeRange('12:00-24:30')).toMatchObject({
      ok: false,
      message: '"12:00-24:30" holds a time that does not exist',
    });
    expect(parseTimeRange('09:60-12:00')).toMatchObject({ ok: false });
    expect(parseTimeRange('24:00-24:00')).toMatchObject({ ok: false });
    expect(parseTimeRange('12:00-12:00')).toMatchObject({
      ok: false,
      message: '"12:00-12:00" ends before it starts',
    });
    expect(parseTimeRange('9h30-12h')).toMatchObject({ ok: false, hint: 'write 09:30-12:00' });
  });
});

describe('parseBusinessDelay', () => {
  it('reads days, hours and minutes in that order', () => {
    expect(parseBusinessDelay('4h')).toEqual({ ok: true, value: { days: 0, milliseconds: 4 * 3_600_000 } });
    expect(parseBusinessDelay('2d')).toEqual({ ok: true, value: { days: 2, milliseconds: 0 } });
    expect(parseBusinessDelay('1d4h30m')).toEqual({
      ok: true,
      value: { days: 1, milliseconds: 270 * 60_000 },
    });
    expect(parseBusinessDelay('0h')).toEqual({ ok: true, value: { days: 0, milliseconds: 0 } });
  });

  it('refuses other writings with a hint', () => {
    expect(parseBusinessDelay('2j')).toMatchObject({
      ok: false,
      message: '"2j" is not a business delay',
      hint: 'write 2d',
    });
    expect(parseBusinessDelay('4h2d')).toMatchObject({ ok: false });
    expect(parseBusinessDelay('')).toMatchObject({ ok: false });
    expect(parseBusinessDelay('4 hours')).toMatchObject({ ok: false });
  });
});
