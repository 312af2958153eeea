/**
 * A business calendar built once from checked settings: for any local day, the instants (UTC
 * milliseconds) the desk is open, with holidays and closure days taken out.
 */
import { AppError } from '../errors/app-error.js';
import type { BusinessHoursSettings } from './business-hours-schema.js';
import {
  type DayName,
  dayNameOf,
  dayNumberOfIso,
  dayNumberOfStamp,
  localStampOf,
  yearOfDayNumber,
} from './calendar-day.js';
import { frenchHolidays } from './french-holidays.js';
import type { TimeRange } from './opening-hours.js';
import { instantsOfLocalDay, localStampAt } from './zoned-time.js';

/** A span of open time, `[start, end)` in UTC milliseconds. */
export interface OpenInterval {
  readonly start: number;
  readonly end: number;
}

export interface BusinessCalendar {
  readonly timeZone: string;
  /** The local day number (days since 1970-01-01 in the calendar's zone) of an instant. */
  localDayOf(instant: number): number;
  /** The open intervals of a local day, in time order; none on a closed day. */
  openIntervalsOn(dayNumber: number): readonly OpenInterval[];
  /** Why a working day is closed (a holiday's or closure day's name), or undefined. */
  closureOn(dayNumber: number): string | undefined;
}

/** How far the clock looks for an open day before deciding the calendar never opens. */
export const MAX_CLOSED_DAYS_IN_A_ROW = 400;

/** Builds the calendar; intervals are computed on first use per day and remembered. */
export function createBusinessCalendar(settings: BusinessHoursSettings): BusinessCalendar {
  const timeZone = settings.time_zone;
  const hoursByDay = new Map<DayName, readonly TimeRange[]>();
  for (const day of settings.working_days) hoursByDay.set(day, settings.hours_by_day[day] ?? settings.hours);
  const closedDays = new Map(
    settings.closed_days.map((closed) => [dayNumberOfIso(closed.date), closed.name]),
  );
  const holidaysByYear = new Map<number, ReadonlyMap<number, string>>();
  const intervalsByDay = new Map<number, readonly OpenInterval[]>();

  function holidaysOf(year: number): ReadonlyMap<number, string> {
    let holidays = holidaysByYear.get(year);
    if (holidays === undefined) {
      holidays = new Map(
        frenchHolidays(year, { alsaceMoselle: settings.alsace_moselle }).map((holiday) => [
          dayNumberOfIso(holiday.date),
          holiday.name,
        ]),
      );
      holidaysByYear.set(year, holidays);
    }
    return holidays;
  }

  function closureOn(dayNumber: number): string | undefined {
    return holidaysOf(yearOfDayNumber(dayNumber)).get(dayNumber) ?? closedDays.get(dayNumber);
  }

  function computeIntervals(dayNumber: number): readonly OpenInterval[] {
    const ranges = hoursByDay.get(dayNameOf(dayNumber));
    if (ranges === undefined || closureOn(dayNumber) !== undefined) return [];
    const instantOf = instantsOfLocalDay(localStampOf(dayNumber, 0), timeZone);
    return ranges
      .map((range) => ({
        start: instantOf(localStampOf(dayNumber, range.start)),
        end: instantOf(localStampOf(dayNumber, range.end)),
      }))
      .filter((interval) => interval.end > interval.start);
  }

  return Object.freeze({
    timeZone,
    localDayOf: (instant: number) => dayNumberOfStamp(localStampAt(instant, timeZone)),
    closureOn,
    openIntervalsOn(dayNumber: number): readonly OpenInterval[] {
      let intervals = intervalsByDay.get(dayNumber);
      if (intervals === undefined) {
        // A long-running server asks about ever new days: keep the memory bounded.
        if (intervalsByDay.size > 20_000) intervalsByDay.clear();
        intervals = Object.freeze(computeIntervals(dayNumber));
        intervalsByDay.set(dayNumber, intervals);
      }
      return intervals;
    },
  });
}

/** Thrown when a calendar has no open time for more than a year (every working day closed). */
export function neverOpens(fromDay: number): AppError {
  return new AppError(
    'BAD_INPUT',
    `the business calendar has no open hours for ${MAX_CLOSED_DAYS_IN_A_ROW} days`,
    {
      hint: 'check working_days, hours and closed_days: at least one working day must stay open',
      details: { fromDay },
    },
  );
}
