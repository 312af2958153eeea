/** Turns a calendar date chosen in a form into the instant that day ends in the customer's time zone. */
import { DISPLAY_TIME_ZONE } from '../format/format.js';

/** `2027-01-31` → the UTC instant of 23:59:59 that day in `timeZone` (Europe/Paris by default). */
export function endOfDay(date: string, timeZone = DISPLAY_TIME_ZONE): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new Error(`not a calendar date: ${date}`);
  const wallClock = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  // The zone's offset at that wall-clock time (the guess is off by the offset, never across a DST change at 23:59).
  return new Date(wallClock - offsetOf(wallClock, timeZone)).toISOString();
}

/** Tomorrow's date in `timeZone`, as `YYYY-MM-DD`: the earliest expiry a form may offer. */
export function tomorrow(now = new Date(), timeZone = DISPLAY_TIME_ZONE): string {
  const next = new Date(now.getTime() + 86_400_000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(next);
}

/** Milliseconds `timeZone` is ahead of UTC at the instant `utc`. */
function offsetOf(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - utc;
}
