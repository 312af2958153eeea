import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { createBusinessCalendar } from './business-calendar.js';
import { type BusinessDelay, businessDays, businessHours } from './business-delay.js';
import {
  businessTimeBetween,
  deadlineOf,
  delayStatus,
  isWithinBusinessHours,
  nextOpening,
  remainingBusinessTime,
  warningInstant,
} from './business-hours.js';
import { type BusinessHoursInput, parseBusinessHours } from './business-hours-schema.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

function calendarOf(input: BusinessHoursInput = {}) {
  return createBusinessCalendar(parseBusinessHours(input));
}

/** The deadline as UTC ISO text, the way Vigie stores instants. */
function due(start: string, delay: BusinessDelay, input: BusinessHoursInput = {}): string {
  return deadlineOf(calendarOf(input), start, delay).toISOString();
}

// Instants below are written with their Paris offset (+01:00 winter, +02:00 summer) so that the
// expected wall-clock time reads directly; the results are compared in UTC.
const utc = (text: string) => new Date(text).toISOString();

describe('deadlineOf: the issue’s case, across a weekend and a public holiday', () => {
  it('counts 8 business hours from Friday 16:00 before Easter to Tuesday 17:00 (Easter Monday closed)', () => {
    // Friday 3 April 2026: 16:00-18:00 (2 h); Saturday, Sunday, Easter Monday closed;
    // Tuesday 7 April: 09:00-12:00 (3 h) and 14:00-17:00 (3 h).
    expect(due('2026-04-03T16:00:00+02:00', businessHours(8))).toBe(utc('2026-04-07T17:00:00+02:00'));
    expect(businessTimeBetween(calendarOf(), '2026-04-03T14:00:00Z', '2026-04-07T15:00:00Z')).toBe(8 * HOUR);
  });

  it('also closes Good Friday in Alsace-Moselle: the clock starts on Tuesday', () => {
    expect(due('2026-04-03T16:00:00+02:00', businessHours(8), { alsace_moselle: true })).toBe(
      utc('2026-04-08T10:00:00+02:00'),
    );
  });

  it('skips extra closure days (a "pont") like holidays', () => {
    // Ascension is Thursday 14 May 2026; the customer closes Friday 15 May too.
    const pont = { closed_days: [{ date: '2026-05-15', name: "Pont de l'Ascension" }] };
    expect(due('2026-05-13T17:00:00+02:00', businessHours(2))).toBe(utc('2026-05-15T10:00:00+02:00'));
    expect(due('2026-05-13T17:00:00+02:00', businessHours(2), pont)).toBe(utc('2026-05-18T10:00:00+02:00'));
    expect(calendarOf(pont).closureOn(Date.UTC(2026, 4, 15) / 86_400_000)).toBe("Pont de l'Ascension");
  });

  it('starts the clock of a request filed on 14 July at the next opening', () => {
    // Tuesday 14 July 2026 is the Fête nationale: the clock starts Wednesday 09:00.
    expect(nextOpening(calendarOf(), '2026-07-14T10:00:00+02:00').toISOString()).toBe(
      utc('2026-07-15T09:00:00+02:00'),
    );
    expect(due('2026-07-14T10:00:00+02:00', businessHours(4))).toBe(utc('2026-07-15T15:00:00+02:00'));
  });
});

describe('deadlineOf: outside hours, midnight, weekends, zero', () => {
  it('starts a request filed at 23:00 at the next morning’s opening', () => {
    expect(due('2026-12-01T23:00:00+01:00', businessHours(2))).toBe(utc('2026-12-02T11:00:00+01:00'));
    // The same evening given in UTC (23:30 in Paris).
    expect(due('2026-12-01T22:30:00Z', businessHours(2))).toBe(utc('2026-12-02T11:00:00+01:00'));
  });

  it('starts a request filed on a Saturday on Monday 09:00', () => {
    expect(due('2026-11-28T10:00:00+01:00', businessHours(1))).toBe(utc('2026-11-30T10:00:00+01:00'));
    expect(due('2026-11-28T10:00:00+01:00', businessHours(7))).toBe(utc('2026-11-30T18:00:00+01:00'));
  });

  it('jumps the lunch break and ends at a closing rather than the next opening', () => {
    expect(due('2026-12-02T11:00:00+01:00', businessHours(2))).toBe(utc('2026-12-02T15:00:00+01:00'));
    expect(due('2026-12-02T11:00:00+01:00', businessHours(1))).toBe(utc('2026-12-02T12:00:00+01:00'));
    expect(due('2026-12-02T12:30:00+01:00', businessHours(0.5))).toBe(utc('2026-12-02T14:30:00+01:00'));
  });

  it('makes a zero delay due when the clock starts', () => {
    expect(due('2026-12-02T10:15:00+01:00', businessHours(0))).toBe(utc('2026-12-02T10:15:00+01:00'));
    expect(due('2026-12-05T10:15:00+01:00', businessHours(0))).toBe(utc('2026-12-07T09:00:00+01:00'));
    expect(due('2026-12-05T10:15:00+01:00', businessDays(0))).toBe(utc('2026-12-07T09:00:00+01:00'));
  });

  it('refuses negative or broken delays and instants without a zone', () => {
    const calendar = calendarOf();
    expect(() => deadlineOf(calendar, '2026-12-02T10:00:00Z', { days: -1, milliseconds: 0 })).toThrow(
      AppError,
    );
    expect(() => deadlineOf(calendar, '2026-12-02T10:00:00Z', { days: 1.5, milliseconds: 0 })).toThrow(
      /not valid/,
    );
    expect(() => deadlineOf(calendar, '2026-12-02T10:00:00Z', { days: 0, milliseconds: -5 })).toThrow(
      /not valid/,
    );
    expect(() => deadlineOf(calendar, '2026-12-02 10:00', businessHours(1))).toThrow(
      'the start "2026-12-02 10:00" is not an instant',
    );
    expect(() => isWithinBusinessHours(calendar, new Date(Number.NaN))).toThrow(/is not an instant/);
  });
});

describe('deadlineOf: across the DST changes of Europe/Paris', () => {
  it('counts hours across the spring change (last Sunday of March)', () => {
    // Friday 27 March 2026 17:00 CET; Monday 30 March opens at 09:00 CEST (07:00 UTC).
    expect(due('2026-03-27T17:00:00+01:00', businessHours(4))).toBe(utc('2026-03-30T12:00:00+02:00'));
    expect(businessTimeBetween(calendarOf(), '2026-03-27T00:00:00Z', '2026-03-30T23:00:00Z')).toBe(14 * HOUR);
  });

  it('counts hours across the autumn change (last Sunday of October)', () => {
    expect(due('2026-10-23T17:00:00+02:00', businessHours(4))).toBe(utc('2026-10-26T12:00:00+01:00'));
    expect(isWithinBusinessHours(calendarOf(), '2026-10-26T08:30:00Z')).toBe(true);
    expect(isWithinBusinessHours(calendarOf(), '2026-10-26T07:30:00Z')).toBe(false);
  });

  it('gives the DST Sundays 23 and 25 hours when the desk never closes', () => {
    const always = calendarOf({
      working_days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
      hours: ['00:00-24:00'],
    });
    expect(businessTimeBetween(always, '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(
      23 * HOUR,
    );
    expect(businessTimeBetween(always, '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(
      25 * HOUR,
    );
    expect(deadlineOf(always, '2026-03-28T12:00:00+01:00', businessHours(24)).toISOString()).toBe(
      utc('2026-03-29T13:00:00+02:00'),
    );
    // Nothing closes at midnight: the clock runs through it.
    expect(isWithinBusinessHours(always, '2026-03-29T00:00:00+01:00')).toBe(true);
  });

  it('shortens a range that spans the hour skipped in spring', () => {
    const night = calendarOf({ working_days: ['sunday'], hours: ['01:00-04:00'] });
    // 01:00-02:00 CET then 03:00-04:00 CEST: two real hours.
    expect(businessTimeBetween(night, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toBe(2 * HOUR);
    expect(businessTimeBetween(night, '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z')).toBe(4 * HOUR);
  });
});

describe('deadlineOf: business days', () => {
  it('moves to the same point of the day N working days later', () => {
    // Monday 10:00 + 2 business days: Wednesday 10:00.
    expect(due('2026-11-30T10:00:00+01:00', businessDays(2))).toBe(utc('2026-12-02T10:00:00+01:00'));
    // Friday 16:00 before Easter + 1 business day: Tuesday 16:00.
    expect(due('2026-04-03T16:00:00+02:00', businessDays(1))).toBe(utc('2026-04-07T16:00:00+02:00'));
  });

  it('ends at the closing of the last day when the clock starts at an opening', () => {
    expect(due('2026-11-30T09:00:00+01:00', businessDays(1))).toBe(utc('2026-11-30T18:00:00+01:00'));
    // Filed on Saturday: Monday and Tuesday are the two business days.
    expect(due('2026-11-28T15:00:00+01:00', businessDays(2))).toBe(utc('2026-12-01T18:00:00+01:00'));
    // Filed Monday evening: the clock is at Monday's end, so two days end Wednesday evening.
    expect(due('2026-11-30T20:00:00+01:00', businessDays(2))).toBe(utc('2026-12-02T18:00:00+01:00'));
  });

  it('stops at the closing of a shorter day', () => {
    const shortFriday = { hours_by_day: { friday: ['09:00-12:00'] } };
    // Thursday 17:00 is 6 business hours into the day; Friday has 3: due at its closing.
    expect(due('2026-12-03T17:00:00+01:00', businessDays(1), shortFriday)).toBe(
      utc('2026-12-04T12:00:00+01:00'),
    );
    expect(due('2026-12-03T10:00:00+01:00', businessDays(1), shortFriday)).toBe(
      utc('2026-12-04T10:00:00+01:00'),
    );
  });

  it('adds hours after the days', () => {
    expect(due('2026-11-30T10:00:00+01:00', { days: 1, milliseconds: 3 * HOUR })).toBe(
      utc('2026-12-01T15:00:00+01:00'),
    );
  });

  it('counts 30 business days over a month and a half, equal to 210 business hours', () => {
    // Monday 5 January 2026 09:00: six full weeks, the 30th business day is Friday 13 February.
    expect(due('2026-01-05T09:00:00+01:00', businessDays(30))).toBe(utc('2026-02-13T18:00:00+01:00'));
    expect(due('2026-01-05T09:00:00+01:00', businessHours(210))).toBe(utc('2026-02-13T18:00:00+01:00'));
    // Over May 2026: 1, 8, 14 (Ascension) and 25 (Whit Monday) are closed.
    // May 4-7, 11-13, 15, 18-22, 26-29 and June 1-3 make the 20 days.
    expect(due('2026-04-30T10:00:00+02:00', businessDays(20))).toBe(utc('2026-06-03T10:00:00+02:00'));
  });

  it('stays fast for long delays: steps by day, not by minute', () => {
    const begin = performance.now();
    for (let index = 0; index < 50; index += 1) {
      // A fresh calendar each time, so that nothing is served from its per-day memory.
      const calendar = calendarOf();
      const start = Date.UTC(2026, 0, 1) + index * 7 * HOUR;
      deadlineOf(calendar, start, businessDays(30));
      deadlineOf(calendar, start, businessHours(30 * 7));
    }
    // About ten years: every one of the 2500 days is a full 7-hour day, holidays and DST included.
    const tenYears = deadlineOf(calendarOf(), '2026-01-05T09:00:00+01:00', businessDays(2500));
    expect(businessTimeBetween(calendarOf(), '2026-01-05T09:00:00+01:00', tenYears)).toBe(2500 * 7 * HOUR);
    expect(isWithinBusinessHours(calendarOf(), tenYears.getTime() - 1)).toBe(true);
    // Minute steps over 100 deadlines of six weeks would be millions of time-zone conversions.
    expect(performance.now() - begin).toBeLessThan(5_000);
  });

  it('reports a calendar that never opens instead of looping forever', () => {
    const calendar = createBusinessCalendar({
      ...parseBusinessHours({ working_days: ['monday'], hours: ['09:00-10:00'] }),
      // Every Monday closed: the schema cannot express it, the guard must still hold.
      closed_days: Array.from({ length: 60 }, (_, week) => ({
        date: new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10),
        name: 'Fermeture',
      })),
    });
    expect(() => deadlineOf(calendar, '2026-01-01T00:00:00Z', businessHours(1))).toThrow(
      /no open hours for 400 days/,
    );
    expect(() => deadlineOf(calendar, '2026-01-01T00:00:00Z', businessDays(1))).toThrow(/no open hours/);
  });
});

describe('businessTimeBetween and the invariants of deadlines', () => {
  it('is zero when the end is not after the start, and across closed time', () => {
    const calendar = calendarOf();
    expect(businessTimeBetween(calendar, '2026-12-02T15:00:00Z', '2026-12-02T10:00:00Z')).toBe(0);
    expect(businessTimeBetween(calendar, '2026-12-05T08:00:00Z', '2026-12-06T20:00:00Z')).toBe(0);
    expect(businessTimeBetween(calendar, '2026-12-24T17:00:00Z', '2026-12-28T08:00:00Z')).toBe(0);
    expect(businessTimeBetween(calendar, '2026-12-24T16:00:00Z', '2026-12-28T09:00:00Z')).toBe(2 * HOUR);
  });

  it('agrees with a minute-by-minute count made with a separate reading of Paris time', () => {
    const calendar = calendarOf();
    const wall = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const closedDays = new Set(['06/04/2026']); // Easter Monday, within the window below
    const openAt = (t: number) => {
      const parts = Object.fromEntries(wall.formatToParts(t).map((part) => [part.type, part.value]));
      if (parts.weekday === 'Sat' || parts.weekday === 'Sun') return false;
      if (closedDays.has(`${parts.day}/${parts.month}/${parts.year}`)) return false;
      const minute = Number(parts.hour) * 60 + Number(parts.minute);
      return (minute >= 540 && minute < 720) || (minute >= 840 && minute < 1080);
    };
    // Twelve days across the spring DST change and Easter, with a start and an end off the minute grid.
    const from = Date.parse('2026-03-26T10:17:00Z');
    const to = Date.parse('2026-04-08T13:43:00Z');
    let minutes = 0;
    for (let t = from; t < to; t += MINUTE) if (openAt(t)) minutes += 1;
    expect(businessTimeBetween(calendar, from, to)).toBe(minutes * MINUTE);
    for (let t = from; t < to; t += 37 * MINUTE) expect(isWithinBusinessHours(calendar, t)).toBe(openAt(t));
  });

  it('gives deadlines whose business time is the delay, and no earlier instant would do', () => {
    const calendars = [
      calendarOf(),
      calendarOf({ hours: ['08:30-12:30', '13:30-17:00'], alsace_moselle: true }),
      calendarOf({ working_days: ['monday', 'saturday', 'sunday'], hours: ['00:00-03:00', '22:00-24:00'] }),
      calendarOf({ time_zone: 'America/New_York' }),
    ];
    // A deterministic spread of starts over 2026 (every DST change included) and delays.
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let index = 0; index < 200; index += 1) {
      const calendar = calendars[index % calendars.length] ?? calendarOf();
      const start = Date.UTC(2026, 0, 1) + Math.floor(next() * 365 * 24 * 60) * MINUTE;
      const delay = Math.floor(next() * 60 * 8) * MINUTE;
      const deadline = deadlineOf(calendar, start, { days: 0, milliseconds: delay }).getTime();
      expect(businessTimeBetween(calendar, start, deadline)).toBe(delay);
      if (delay > 0) expect(businessTimeBetween(calendar, start, deadline - 1)).toBe(delay - 1);
      expect(deadline).toBeGreaterThanOrEqual(nextOpening(calendar, start).getTime());
    }
  });
});

describe('isWithinBusinessHours and nextOpening', () => {
  it('opens at the opening instant and closes at the closing instant', () => {
    const calendar = calendarOf();
    expect(isWithinBusinessHours(calendar, '2026-12-02T09:00:00+01:00')).toBe(true);
    expect(isWithinBusinessHours(calendar, '2026-12-02T08:59:59.999+01:00')).toBe(false);
    expect(isWithinBusinessHours(calendar, new Date('2026-12-02T11:59:59.999+01:00'))).toBe(true);
    expect(isWithinBusinessHours(calendar, '2026-12-02T12:00:00+01:00')).toBe(false);
    expect(isWithinBusinessHours(calendar, '2026-12-25T10:00:00+01:00')).toBe(false);
  });

  it('gives the instant itself when open, else the next opening', () => {
    const calendar = calendarOf();
    expect(nextOpening(calendar, '2026-12-02T10:30:00+01:00').toISOString()).toBe(
      utc('2026-12-02T10:30:00+01:00'),
    );
    expect(nextOpening(calendar, '2026-12-02T12:00:00+01:00').toISOString()).toBe(
      utc('2026-12-02T14:00:00+01:00'),
    );
    expect(nextOpening(calendar, '2026-12-24T18:00:00+01:00').toISOString()).toBe(
      utc('2026-12-28T09:00:00+01:00'),
    );
    expect(nextOpening(calendar, '2026-12-31T19:00:00+01:00').toISOString()).toBe(
      utc('2027-01-04T09:00:00+01:00'),
    );
  });
});

describe('countdowns and warnings', () => {
  const calendar = calendarOf();
  const start = '2026-04-03T16:00:00+02:00';
  const deadline = '2026-04-07T17:00:00+02:00'; // 8 business hours, Easter Monday closed

  it('counts the business time left, negative once overdue', () => {
    expect(remainingBusinessTime(calendar, '2026-04-04T12:00:00+02:00', deadline)).toBe(6 * HOUR);
    expect(remainingBusinessTime(calendar, '2026-04-07T16:30:00+02:00', deadline)).toBe(30 * MINUTE);
    expect(remainingBusinessTime(calendar, deadline, deadline)).toBe(0);
    expect(remainingBusinessTime(calendar, '2026-04-08T10:00:00+02:00', deadline)).toBe(-2 * HOUR);
  });

  it('warns once 75 % of the delay is consumed and reports the breach', () => {
    const at = (now: string) => delayStatus(calendar, { start, deadline, now });
    expect(at('2026-04-07T10:00:00+02:00')).toEqual({
      state: 'running',
      totalMs: 8 * HOUR,
      consumedMs: 3 * HOUR,
      remainingMs: 5 * HOUR,
      consumedRatio: 3 / 8,
    });
    expect(at('2026-04-07T14:59:00+02:00').state).toBe('running'); // just under 6 of 8 hours
    expect(at('2026-04-07T15:00:00+02:00').state).toBe('warning'); // 6 of 8 hours
    expect(at('2026-04-07T12:30:00+02:00').state).toBe('running'); // 5 of 8, lunch break
    expect(at(deadline).state).toBe('warning');
    expect(at('2026-04-07T17:00:00.001+02:00')).toMatchObject({ state: 'breached', consumedRatio: 1 });
    expect(delayStatus(calendar, { start, deadline, now: '2026-04-07T11:00:00+02:00' }, 0.5).state).toBe(
      'warning',
    );
  });

  it('says when the warning fires, for scheduling the alert', () => {
    expect(warningInstant(calendar, { start, deadline }).toISOString()).toBe(
      utc('2026-04-07T15:00:00+02:00'),
    );
    expect(warningInstant(calendar, { start, deadline }, 0.25).toISOString()).toBe(
      utc('2026-04-03T18:00:00+02:00'),
    );
    expect(() => warningInstant(calendar, { start, deadline }, 1.5)).toThrow(
      'the warning threshold 1.5 is not between 0 and 1',
    );
    expect(() => delayStatus(calendar, { start, deadline, now: start }, 0)).toThrow(AppError);
  });

  it('handles a zero delay: due at once, breached right after', () => {
    const instant = '2026-04-07T10:00:00+02:00';
    expect(delayStatus(calendar, { start: instant, deadline: instant, now: instant })).toMatchObject({
      state: 'warning',
      consumedRatio: 1,
      totalMs: 0,
    });
    expect(
      delayStatus(calendar, { start: instant, deadline: instant, now: '2026-04-07T10:01:00+02:00' }).state,
    ).toBe('breached');
  });
});
