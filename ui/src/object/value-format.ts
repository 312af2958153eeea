/**
 * Shows a spec value the way people read it: sizes in Gio/GiB, bit rates in Mbit/s, durations in
 * minutes or hours, dates in the user's locale. The inventory stores them normalised (bytes, bits per
 * second, seconds, ISO dates); the field's name says which unit it is in.
 */
import type { Formatters } from '../format/format.js';

type Unit = 'bytes' | 'bitsPerSecond' | 'seconds' | 'months' | 'date' | 'percent';

/** Field names whose numbers are in a unit, by the last segment of their path. */
const UNIT_BY_FIELD: Readonly<Record<string, Unit>> = {
  memory: 'bytes',
  size: 'bytes',
  capacity: 'bytes',
  storage: 'bytes',
  swap: 'bytes',
  quota: 'bytes',
  bandwidth: 'bitsPerSecond',
  speed: 'bitsPerSecond',
  rate: 'bitsPerSecond',
  interval: 'seconds',
  timeout: 'seconds',
  retention: 'seconds',
  every: 'seconds',
  notice: 'seconds',
  period: 'months',
  vat_rate: 'percent',
  start: 'date',
  end: 'date',
  first_term_end: 'date',
  firstTermEnd: 'date',
  expires: 'date',
  since: 'date',
  until: 'date',
  date: 'date',
};

/** The unit of the value at `path`, judged by its last field name (`disks[0].size` → `size`). */
export function unitOf(path: string): Unit | undefined {
  const last =
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? '';
  return UNIT_BY_FIELD[last] ?? (/(Date|At|_date|_at)$/.test(last) ? 'date' : undefined);
}

export function formatBitRate(format: Formatters, bitsPerSecond: number): string {
  const steps = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let amount = bitsPerSecond;
  let step = 0;
  while (amount >= 1000 && step < steps.length - 1) {
    amount /= 1000;
    step += 1;
  }
  return `${format.number(amount, 1)}\u00a0${steps[step]}`;
}

/** Seconds as the largest whole unit that divides them: `30 s`, `5 min`, `1 h`, `7 j` (fr). */
export function formatDuration(format: Formatters, seconds: number): string {
  const units: readonly [number, Intl.NumberFormatOptions['unit']][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      return new Intl.NumberFormat(format.locale === 'fr' ? 'fr-FR' : 'en-GB', {
        style: 'unit',
        unit,
        unitDisplay: 'short',
      }).format(seconds / size);
    }
  }
  return new Intl.NumberFormat(format.locale === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
  }).format(seconds);
}

/** A calendar period: `1 an` / `1 yr` when it is whole years, else months. */
export function formatMonths(format: Formatters, months: number): string {
  const tag = format.locale === 'fr' ? 'fr-FR' : 'en-GB';
  const years = months % 12 === 0;
  return new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: years ? 'year' : 'month',
    unitDisplay: 'long',
  }).format(years ? months / 12 : months);
}

/** `{amount, currency}` as the inventory writes money. */
export function isMoney(value: unknown): value is { amount: number; currency: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  return keys.length === 2 && typeof record.amount === 'number' && typeof record.currency === 'string';
}

/** A scalar value at `path`, formatted; `yes`/`no` are the translated booleans. */
export function formatScalar(
  format: Formatters,
  path: string,
  value: unknown,
  words: { readonly yes: string; readonly no: string },
): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  const unit = unitOf(path);
  if (typeof value === 'number') {
    if (unit === 'bytes') return format.bytes(value);
    if (unit === 'bitsPerSecond') return formatBitRate(format, value);
    if (unit === 'seconds') return formatDuration(format, value);
    if (unit === 'months') return formatMonths(format, value);
    if (unit === 'percent') return format.percent(value / 100);
    return format.number(value, 2);
  }
  if (typeof value === 'string') {
    if (unit === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      return value.length === 10 ? format.date(`${value}T12:00:00Z`) : format.dateTime(value);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => formatScalar(format, path, item, words)).join(', ');
  if (isMoney(value)) return format.money(value.amount, value.currency);
  return JSON.stringify(value);
}
