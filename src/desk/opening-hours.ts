/** Opening hours written as ranges (`09:00-12:00`), read as minutes since local midnight. */
import { z } from 'zod';
import { checkedText, type ParseOutcome, parsed, quote, refused } from '../inventory/schema/common.js';

/** Opening hours of one range, as minutes since local midnight: `09:00-12:00` is 540–720. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

const RANGE_PATTERN = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;

function minutesOf(hours: string | undefined, minutes: string | undefined): number {
  const [h, m] = [Number(hours), Number(minutes)];
  return h <= 24 && m < 60 && (h < 24 || m === 0) ? h * 60 + m : Number.NaN;
}

/** Reads `09:00-12:00` (24:00 allowed as an end, for hours up to midnight). */
export function parseTimeRange(text: string): ParseOutcome<TimeRange> {
  const match = RANGE_PATTERN.exec(text.replace(/\s+/g, '').replace(/[–—]/g, '-'));
  if (!match) {
    const loose = /^(\d{1,2})h(\d{2})?-(\d{1,2})h(\d{2})?$/i.exec(text.replace(/\s+/g, ''));
    const pad = (hours: string | undefined, minutes: string | undefined) =>
      `${(hours ?? '').padStart(2, '0')}:${minutes ?? '00'}`;
    return refused(
      `${quote(text)} is not a range of hours`,
      loose
        ? `write ${pad(loose[1], loose[2])}-${pad(loose[3], loose[4])}`
        : 'write it as HH:MM-HH:MM, e.g. 09:00-12:00',
    );
  }
  const start = minutesOf(match[1], match[2]);
  const end = minutesOf(match[3], match[4]);
  if (Number.isNaN(start) || Number.isNaN(end) || start === 24 * 60) {
    return refused(`${quote(text)} holds a time that does not exist`, 'hours go from 00:00 to 24:00');
  }
  if (end <= start) {
    return refused(
      `${quote(text)} ends before it starts`,
      'hours cannot run past midnight: split the range into ...-24:00 and 00:00-... on the next day',
    );
  }
  return parsed({ start, end });
}

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `09:00-12:00` for a range. */
export function formatTimeRange(range: TimeRange): string {
  return `${formatMinutes(range.start)}-${formatMinutes(range.end)}`;
}

const timeRangeSchema = checkedText({
  expected: 'a range of hours such as 09:00-12:00',
  description: 'Opening hours, HH:MM-HH:MM in the calendar time zone; 24:00 may end a range.',
  examples: ['09:00-12:00'],
  parse: parseTimeRange,
});

/** The ranges of one day: at least one, not overlapping; returned in time order. */
export const openingHoursSchema = z
  .array(timeRangeSchema)
  .min(1)
  .superRefine((ranges, ctx) => {
    ranges.forEach((range, index) => {
      const earlier = ranges.findIndex(
        (other, at) => at < index && other.start < range.end && range.start < other.end,
      );
      const other = ranges[earlier];
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `${formatTimeRange(range)} overlaps ${formatTimeRange(other)} at [${earlier}]`,
          params: {
            expected: 'ranges that do not overlap',
            hint: 'merge them into one range or shorten one',
          },
        });
      }
    });
  })
  .transform((ranges) => [...ranges].sort((a, b) => a.start - b.start))
  .meta({
    description: 'Opening hours of a working day: one or more ranges, e.g. [09:00-12:00, 14:00-18:00].',
    expected: 'a list of ranges such as [09:00-12:00, 14:00-18:00]',
  });

/** Reads a range known to be valid (defaults in code). */
export function parseTimeRangeOrThrow(text: string): TimeRange {
  const outcome = parseTimeRange(text);
  if (!outcome.ok) throw new Error(`default hours ${text}: ${outcome.message}`);
  return outcome.value;
}
