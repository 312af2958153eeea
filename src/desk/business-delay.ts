/**
 * A support delay in business time: whole business days, then business hours and minutes
 * (`4h`, `2d`, `1d4h`, `30m`). Days and hours are kept apart because a business day is not a
 * fixed number of hours: it moves the deadline to the same point of a later working day.
 */
import type { z } from 'zod';
import { checkedText, type ParseOutcome, parsed, quote, refused } from '../inventory/schema/common.js';

export interface BusinessDelay {
  /** Whole business days, counted first. */
  readonly days: number;
  /** Business time counted after the days, in milliseconds. */
  readonly milliseconds: number;
}

const DELAY_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/** Reads `4h`, `2d`, `1d4h`, `30m`, `0h`. */
export function parseBusinessDelay(text: string): ParseOutcome<BusinessDelay> {
  const match = DELAY_PATTERN.exec(text.trim());
  if (!match || text.trim() === '') {
    const hint = /\d+\s*(j|jours?)$/i.test(text.trim())
      ? `write ${text.trim().replace(/\D+$/, '')}d`
      : 'write business days, hours and minutes in that order, e.g. 4h, 2d, 1d4h, 30m';
    return refused(`${quote(text)} is not a business delay`, hint);
  }
  const [days, hours, minutes] = [Number(match[1] ?? 0), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  const milliseconds = (hours * 60 + minutes) * 60_000;
  if (!Number.isSafeInteger(milliseconds) || days > 10_000)
    return refused(`${quote(text)} is too long a delay`);
  return parsed({ days, milliseconds });
}

/** A business delay such as `4h` or `2d`. */
export const businessDelaySchema = checkedText({
  expected: 'a business delay such as 4h, 2d or 1d4h',
  description: 'A delay counted in business hours: d (business days), h (hours), m (minutes), in that order.',
  examples: ['4h', '2d', '1d4h'],
  parse: parseBusinessDelay,
});

/** Shorthand for delays built in code: `businessHours(8)`. */
export function businessHours(hours: number): BusinessDelay {
  return { days: 0, milliseconds: Math.round(hours * 3_600_000) };
}

/** Shorthand for delays built in code: `businessDays(2)`. */
export function businessDays(days: number): BusinessDelay {
  return { days, milliseconds: 0 };
}

export type BusinessDelayInput = z.input<typeof businessDelaySchema>;
