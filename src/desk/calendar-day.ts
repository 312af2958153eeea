/**
 * Calendar days without a time zone, as whole day numbers (days since 1970-01-01), so that the
 * business clock can step day by day with plain integer arithmetic.
 */

const MS_PER_DAY = 86_400_000;

/** A day of the week as written in configuration, Monday first (ISO 8601 order). */
export const DAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type DayName = (typeof DAY_NAMES)[number];

/** The day number of a calendar date (month 1–12). */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** The day number of a `YYYY-MM-DD` text (assumed valid: schemas check it first). */
export function dayNumberOfIso(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return dayNumberOf(year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN);
}

/** The `YYYY-MM-DD` text of a day number. */
export function isoOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The year of a day number. */
export function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

/** The weekday of a day number. */
export function dayNameOf(dayNumber: number): DayName {
  // 1970-01-01 was a Thursday (index 3 when Monday is 0).
  return DAY_NAMES[(((dayNumber + 3) % 7) + 7) % 7] as DayName;
}

/** Milliseconds since the epoch of a wall-clock time read as if it were UTC (a "local stamp"). */
export function localStampOf(dayNumber: number, minuteOfDay: number): number {
  return dayNumber * MS_PER_DAY + minuteOfDay * 60_000;
}

/** The day number a local stamp falls on. */
export function dayNumberOfStamp(localStamp: number): number {
  return Math.floor(localStamp / MS_PER_DAY);
}
