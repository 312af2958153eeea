/**
 * The support desk's business-hours clock: business time between two instants, deadlines of
 * delays, opening state, countdowns and warnings. Instants are UTC (Date, epoch ms or ISO text with
 * a zone); the calendar turns them into local days, so DST changes and midnight need no special case.
 *
 * @example
 * const calendar = createBusinessCalendar(parseBusinessHours({}));
 * deadlineOf(calendar, '2026-04-03T14:00:00Z', businessHours(8)); // Friday 16:00 Paris → Tuesday 7 April 17:00 (Easter Monday closed)
 */
import { AppError } from '../errors/app-error.js';
import {
  type BusinessCalendar,
  MAX_CLOSED_DAYS_IN_A_ROW,
  neverOpens,
  type OpenInterval,
} from './business-calendar.js';
import type { BusinessDelay } from './business-delay.js';

/** An instant: a Date, milliseconds since the epoch, or ISO 8601 text with `Z` or an offset. */
export type Instant = Date | number | string;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

function millisecondsOf(instant: Instant, what: string): number {
  const ms =
    instant instanceof Date
      ? instant.getTime()
      : typeof instant === 'number'
        ? instant
        : ISO_WITH_ZONE.test(instant)
          ? Date.parse(instant)
          : Number.NaN;
  if (Number.isFinite(ms)) return ms;
  throw new AppError('BAD_INPUT', `${what} ${JSON.stringify(String(instant))} is not an instant`, {
    hint: 'give an ISO 8601 time with its zone, e.g. 2026-04-03T14:00:00Z or 2026-04-03T16:00:00+02:00',
  });
}

/** The open intervals that end after `from`, in time order, day after day without end. */
function* intervalsFrom(calendar: BusinessCalendar, from: number): Generator<OpenInterval> {
  let closedInARow = 0;
  for (let day = calendar.localDayOf(from); ; day += 1) {
    const intervals = calendar.openIntervalsOn(day).filter((interval) => interval.end > from);
    closedInARow = intervals.length === 0 ? closedInARow + 1 : 0;
    if (closedInARow > MAX_CLOSED_DAYS_IN_A_ROW) throw neverOpens(day);
    yield* intervals;
  }
}

/** True when the desk is open at `at` (opening instant included, closing instant excluded). */
export function isWithinBusinessHours(calendar: BusinessCalendar, at: Instant): boolean {
  const t = millisecondsOf(at, 'the instant');
  return calendar
    .openIntervalsOn(calendar.localDayOf(t))
    .some((interval) => interval.start <= t && t < interval.end);
}

/**
 * When the clock runs from `at`: `at` itself when the desk is open, else its next opening. A
 * request filed outside hours starts its clock there.
 */
export function nextOpening(calendar: BusinessCalendar, at: Instant): Date {
  return new Date(openingFrom(calendar, millisecondsOf(at, 'the instant')));
}

function openingFrom(calendar: BusinessCalendar, t: number): number {
  for (const interval of intervalsFrom(calendar, t)) return Math.max(interval.start, t);
  throw neverOpens(calendar.localDayOf(t));
}

/** Business time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: Instant, to: Instant): number {
  return between(calendar, millisecondsOf(from, 'the start'), millisecondsOf(to, 'the end'));
}

function between(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  const lastDay = calendar.localDayOf(to);
  for (let day = calendar.localDayOf(from); day <= lastDay && from < to; day += 1) {
    for (const interval of calendar.openIntervalsOn(day)) {
      total += Math.max(0, Math.min(interval.end, to) - Math.max(interval.start, from));
    }
  }
  return total;
}

/** The earliest instant when `milliseconds` of business time have run from `start`. */
function addBusinessTime(calendar: BusinessCalendar, start: number, milliseconds: number): number {
  let remaining = milliseconds;
  for (const interval of intervalsFrom(calendar, start)) {
    const from = Math.max(interval.start, start);
    const available = interval.end - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
  throw neverOpens(calendar.localDayOf(start));
}

/**
 * `days` business days after `start`: the same point of the business day (business time since its
 * opening) `days` open days later, at most that day's closing. A point at an opening is the previous
 * open day's closing, so a request filed at 09:00 (or overnight) with 1 day is due at today's closing.
 */
function addBusinessDays(calendar: BusinessCalendar, start: number, days: number): number {
  const clockStart = openingFrom(calendar, start);
  if (days === 0) return clockStart;
  const startDay = calendar.localDayOf(clockStart);
  const position = between(
    calendar,
    (calendar.openIntervalsOn(startDay)[0] as OpenInterval).start,
    clockStart,
  );
  let previousOpenDay = startDay;
  let targetDay = startDay;
  for (let counted = 0; counted < days; ) {
    targetDay += 1;
    if (calendar.openIntervalsOn(targetDay).length > 0) {
      counted += 1;
      if (counted < days) previousOpenDay = targetDay;
    } else if (targetDay - previousOpenDay > MAX_CLOSED_DAYS_IN_A_ROW) {
      throw neverOpens(targetDay);
    }
  }
  const target = calendar.openIntervalsOn(targetDay);
  if (position === 0) return (calendar.openIntervalsOn(previousOpenDay).at(-1) as OpenInterval).end;
  const targetOpening = (target[0] as OpenInterval).start;
  const targetLength = target.reduce((sum, interval) => sum + interval.end - interval.start, 0);
  return addBusinessTime(calendar, targetOpening, Math.min(position, targetLength));
}

/**
 * The deadline of a delay that starts at `start`: its business days first, then its business
 * hours; the earliest instant that satisfies them (a delay ending at a closing ends then, not at
 * the next opening). A zero delay is due when the clock starts.
 */
export function deadlineOf(calendar: BusinessCalendar, start: Instant, delay: BusinessDelay): Date {
  if (
    !Number.isInteger(delay.days) ||
    delay.days < 0 ||
    !Number.isFinite(delay.milliseconds) ||
    delay.milliseconds < 0
  ) {
    throw new AppError(
      'BAD_INPUT',
      `a business delay of ${delay.days} days and ${delay.milliseconds} ms is not valid`,
      {
        hint: 'use whole business days and a business time of 0 or more',
      },
    );
  }
  const afterDays = addBusinessDays(calendar, millisecondsOf(start, 'the start'), delay.days);
  // Days that end at a closing stay there: adding nothing must not jump to the next opening.
  if (delay.days > 0 && delay.milliseconds === 0) return new Date(afterDays);
  return new Date(addBusinessTime(calendar, afterDays, delay.milliseconds));
}

/**
 * Business time left until `deadline` seen at `now`, for countdowns: negative once the deadline has
 * passed (the business time overdue).
 */
export function remainingBusinessTime(calendar: BusinessCalendar, now: Instant, deadline: Instant): number {
  const [t, due] = [millisecondsOf(now, 'now'), millisecondsOf(deadline, 'the deadline')];
  return due >= t ? between(calendar, t, due) : -between(calendar, due, t);
}

/** Where a running delay stands. */
export interface DelayStatus {
  /** `running`, `warning` once `warnAt` of the delay is consumed, `breached` once the deadline is past. */
  readonly state: 'running' | 'warning' | 'breached';
  /** Business time of the whole delay (start to deadline). */
  readonly totalMs: number;
  /** Business time consumed so far, at most `totalMs`. */
  readonly consumedMs: number;
  /** Business time left; negative when overdue. */
  readonly remainingMs: number;
  /** `consumedMs / totalMs`, 1 for a zero delay that is due. */
  readonly consumedRatio: number;
}

export const DEFAULT_WARNING_RATIO = 0.75;

/** The state of a delay from `start` to `deadline` at `now`; a warning once `warnAt` (75 % by default) is consumed. */
export function delayStatus(
  calendar: BusinessCalendar,
  times: { readonly start: Instant; readonly deadline: Instant; readonly now: Instant },
  warnAt = DEFAULT_WARNING_RATIO,
): DelayStatus {
  checkWarningRatio(warnAt);
  const start = millisecondsOf(times.start, 'the start');
  const deadline = millisecondsOf(times.deadline, 'the deadline');
  const now = millisecondsOf(times.now, 'now');
  const totalMs = between(calendar, start, deadline);
  const consumedMs = between(calendar, start, Math.min(now, deadline));
  const consumedRatio = totalMs === 0 ? (now >= deadline ? 1 : 0) : consumedMs / totalMs;
  const state = now > deadline ? 'breached' : consumedRatio >= warnAt ? 'warning' : 'running';
  return {
    state,
    totalMs,
    consumedMs,
    remainingMs: remainingBusinessTime(calendar, now, deadline),
    consumedRatio,
  };
}

/** When the warning of a delay fires: once `warnAt` of its business time has run, for scheduling the alert. */
export function warningInstant(
  calendar: BusinessCalendar,
  times: { readonly start: Instant; readonly deadline: Instant },
  warnAt = DEFAULT_WARNING_RATIO,
): Date {
  checkWarningRatio(warnAt);
  const start = openingFrom(calendar, millisecondsOf(times.start, 'the start'));
  const deadline = millisecondsOf(times.deadline, 'the deadline');
  const total = between(calendar, start, deadline);
  return new Date(Math.min(deadline, addBusinessTime(calendar, start, Math.ceil(total * warnAt))));
}

function checkWarningRatio(warnAt: number): void {
  if (!(warnAt > 0 && warnAt <= 1)) {
    throw new AppError('BAD_INPUT', `the warning threshold ${warnAt} is not between 0 and 1`, {
      hint: 'give the share of the delay consumed before warning, e.g. 0.75 for 75 %',
    });
  }
}
