/** Calendar dates (`YYYY-MM-DD`) and their arithmetic: whole days, never hours, so no daylight-saving drift. */
import { AppError } from '../errors/app-error.js';

/** A day of the calendar, `YYYY-MM-DD`, with no time and no zone. */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid date, or undefined when `text` is no day of the calendar. */
function epochDayOf(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return time / MS_PER_DAY;
}

/** Whether `text` is a real day written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  return epochDayOf(text) !== undefined;
}

/**
 * Checks a date given by a user or a record; `where` names the field in the error.
 * @example assertCalendarDate('2026-07-06', 'absence start')
 */
export function assertCalendarDate(text: string, where: string): CalendarDate {
  if (epochDayOf(text) === undefined) {
    throw new AppError('BAD_INPUT', `${where}: "${text}" is not a day of the calendar`, {
      hint: 'write the date as YYYY-MM-DD, e.g. 2026-07-06',
    });
  }
  return text;
}

function toEpochDay(date: CalendarDate): number {
  const day = epochDayOf(date);
  if (day === undefined) throw new AppError('BAD_INPUT', `"${date}" is not a day of the calendar`);
  return day;
}

function fromEpochDay(day: number): CalendarDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to`: 1 from a day to the next, negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * The same day of the month `months` months later, or the month's last day when it has no such day.
 * @example addMonths('2027-01-31', 1) === '2027-02-28'
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** ISO day of the week: 1 for Monday to 7 for Sunday. */
export function isoWeekday(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday that opens the calendar week (Monday to Sunday) holding `date`. */
export function mondayOf(date: CalendarDate): CalendarDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** Every date from `start` to `end`, both included. */
export function eachDay(start: CalendarDate, end: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = toEpochDay(start); day <= toEpochDay(end); day += 1) days.push(fromEpochDay(day));
  return days;
}

/** The calendar date in `timeZone` at `instant`: in Paris, 23:30 UTC is already tomorrow. */
export function calendarDateAt(instant: Date, timeZone = 'Europe/Paris'): CalendarDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A date for people in English messages: `Monday 2027-07-05`. */
export function describeDate(date: CalendarDate): string {
  return `${WEEKDAYS_EN[isoWeekday(date) - 1]} ${date}`;
}
