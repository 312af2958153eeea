/** Counts the referent's unavailability the way the rules read it: calendar weeks touched, or calendar days. */
import { addDays, type CalendarDate, daysBetween, eachDay, isoWeekday, mondayOf } from './calendar-date.js';

/** A declared absence of the referent; both dates included. */
export interface Absence {
  readonly id: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** The day it was declared to the customer (for the notice rule). */
  readonly declaredOn: CalendarDate;
}

/**
 * `calendar-weeks`: every Monday-to-Sunday week an absence touches counts as one whole week.
 * `calendar-days`: absent days count, weeks are 7 of them.
 */
export type WeekCounting = 'calendar-weeks' | 'calendar-days';

/** An unbroken stretch of unavailability, both dates included, `length` in the counting unit. */
export interface UnavailabilityRun {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly length: number;
}

export interface UnavailabilityUsage {
  readonly unit: 'week' | 'day';
  /** Unavailability over the whole contract, in `unit`. */
  readonly total: number;
  /** Unbroken stretches, in date order. */
  readonly runs: readonly UnavailabilityRun[];
}

/** Every day covered by one of `absences`, sorted, each once. */
export function absentDays(absences: readonly { start: CalendarDate; end: CalendarDate }[]): CalendarDate[] {
  const days = new Set<CalendarDate>();
  for (const absence of absences) for (const day of eachDay(absence.start, absence.end)) days.add(day);
  return [...days].sort();
}

/** Groups sorted dates into runs where each date is `step` days after the previous one. */
function runsOf(sorted: readonly CalendarDate[], step: number): CalendarDate[][] {
  const runs: CalendarDate[][] = [];
  let current: CalendarDate[] = [];
  for (const date of sorted) {
    const previous = current[current.length - 1];
    if (previous !== undefined && daysBetween(previous, date) !== step) {
      runs.push(current);
      current = [];
    }
    current.push(date);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * Fills the gaps made only of Saturdays and Sundays: away Friday and back away on Monday is one
 * unbroken absence, since the referent is not available in between either.
 */
function bridgeWeekends(days: readonly CalendarDate[]): CalendarDate[] {
  const filled: CalendarDate[] = [];
  for (const day of days) {
    const previous = filled[filled.length - 1];
    if (previous !== undefined) {
      const gap = eachDay(addDays(previous, 1), addDays(day, -1));
      if (gap.length > 0 && gap.every((date) => isoWeekday(date) >= 6)) filled.push(...gap);
    }
    filled.push(day);
  }
  return filled;
}

/** How much unavailability `absences` make, counted per `weekCounting`. */
export function usageOf(absences: readonly Absence[], weekCounting: WeekCounting): UnavailabilityUsage {
  const days = absentDays(absences);
  if (weekCounting === 'calendar-weeks') {
    const mondays = [...new Set(days.map(mondayOf))].sort();
    const runs = runsOf(mondays, 7).map((weeks) => ({
      start: weeks[0] as CalendarDate,
      end: addDays(weeks[weeks.length - 1] as CalendarDate, 6),
      length: weeks.length,
    }));
    return { unit: 'week', total: mondays.length, runs };
  }
  const bridged = bridgeWeekends(days);
  const runs = runsOf(bridged, 1).map((run) => ({
    start: run[0] as CalendarDate,
    end: run[run.length - 1] as CalendarDate,
    length: run.length,
  }));
  return { unit: 'day', total: bridged.length, runs };
}

/** The longest run, the earliest one on a tie; null when there is no absence. */
export function longestRun(usage: UnavailabilityUsage): UnavailabilityRun | null {
  let longest: UnavailabilityRun | null = null;
  for (const run of usage.runs) if (longest === null || run.length > longest.length) longest = run;
  return longest;
}
