/** Dates, numbers and sizes for people, in the user's language and the customer's time zone. */
import type { Locale } from '../api/types.js';

/** The customer's zone: every instant is stored in UTC and shown here. */
export const DISPLAY_TIME_ZONE = 'Europe/Paris';

export interface Formatters {
  readonly locale: Locale;
  /** `28/11/2026 11:16` (fr) or `28 Nov 2026, 11:16` (en). */
  dateTime(iso: string): string;
  /** `28 novembre 2026` (fr) or `28 November 2026` (en). */
  date(iso: string): string;
  /** `il y a 5 minutes` (fr) or `5 minutes ago` (en), relative to `now`. */
  relative(iso: string, now?: Date): string;
  number(value: number, maximumFractionDigits?: number): string;
  /** Binary sizes: `16 Gio` (fr) or `16 GiB` (en). */
  bytes(value: number): string;
  /** `45 %` (fr) or `45%` (en), from a ratio in [0, 1]. */
  percent(ratio: number): string;
  /** `1 200,00 €` (fr) or `€1,200.00` (en). */
  money(value: number, currency?: string): string;
}

/** An E.164 number as people write it: `+33 6 39 98 00 01` for France, digits in threes otherwise. */
export function formatPhone(e164: string): string {
  const french = /^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  if (french !== null) return `+33 ${french.slice(1).join(' ')}`;
  const match = /^(\+\d{1,3})(\d+)$/.exec(e164);
  if (match === null) return e164;
  return `${match[1]} ${(match[2] ?? '').replace(/(\d{3})(?=\d)/g, '$1 ')}`;
}

const binaryUnits: Record<Locale, readonly string[]> = {
  fr: ['o', 'Kio', 'Mio', 'Gio', 'Tio', 'Pio'],
  en: ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'],
};

const relativeSteps: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Builds the formatters for one locale; `timeZone` defaults to Europe/Paris. */
export function createFormatters(locale: Locale, timeZone = DISPLAY_TIME_ZONE): Formatters {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const dateFormat = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'long' });
  const relativeFormat = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const numberFormat = (digits: number) => new Intl.NumberFormat(tag, { maximumFractionDigits: digits });

  return {
    locale,
    dateTime: (iso) => formatValidDate(iso, (date) => dateTimeFormat.format(date)),
    date: (iso) => formatValidDate(iso, (date) => dateFormat.format(date)),
    relative: (iso, now = new Date()) =>
      formatValidDate(iso, (date) => {
        let amount = (date.getTime() - now.getTime()) / 1000;
        for (const [unit, size] of relativeSteps) {
          if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
          amount /= size;
        }
        return relativeFormat.format(Math.round(amount), 'year');
      }),
    number: (value, digits = 0) => numberFormat(digits).format(value),
    bytes: (value) => {
      const units = binaryUnits[locale];
      let amount = value;
      let unit = 0;
      while (Math.abs(amount) >= 1024 && unit < units.length - 1) {
        amount /= 1024;
        unit += 1;
      }
      // A no-break space keeps "16 Gio" on one line.
      return `${numberFormat(amount < 10 && unit > 0 ? 1 : 0).format(amount)}\u00a0${units[unit]}`;
    },
    percent: (ratio) =>
      new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(ratio),
    money: (value, currency = 'EUR') =>
      new Intl.NumberFormat(tag, { style: 'currency', currency }).format(value),
  };
}

function formatValidDate(iso: string, format: (date: Date) => string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(date);
}
