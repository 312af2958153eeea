/** Human units in inventory files: sizes (`16GiB`), durations (`30s`), bit rates (`1Gbps`), calendar periods (`1y`). */
import { checkedText, type ParseOutcome, parsed, quote, refused } from './common.js';

const SIZE_FACTORS: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?)(B|kB|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$/;
const SIZE_EXPECTED = 'a size such as 16GiB or 512MiB';

/** Reads a size (`16GiB`, `512MiB`, `1TB`, `1.5GiB`) as a whole number of bytes. */
export function parseSize(text: string): ParseOutcome<number> {
  const match = SIZE_PATTERN.exec(text);
  if (match) {
    const bytes = Number(match[1]) * (SIZE_FACTORS[match[2] ?? ''] ?? Number.NaN);
    if (Number.isSafeInteger(bytes)) return parsed(bytes);
    return refused(`${quote(text)} is not a whole number of bytes`, 'use a smaller unit, e.g. 1536MiB');
  }
  return refused(`${quote(text)} is not a size`, sizeHint(text));
}

function sizeHint(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const loose = /^(\d+(?:\.\d+)?)([kKmMgGtTpP])?(i?)[bB]?$/.exec(compact);
  if (loose) {
    const letter = (loose[2] ?? '').toUpperCase();
    if (letter === '') return `add a unit: ${loose[1]}GiB, ${loose[1]}MiB...`;
    return `write ${loose[1]}${letter}iB (binary, 1024-based) or ${loose[1]}${letter === 'K' ? 'k' : letter}B (decimal), without a space`;
  }
  return 'units: B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)';
}

/** A size such as `16GiB`, stored as bytes. */
export const sizeSchema = checkedText({
  expected: SIZE_EXPECTED,
  description:
    'A size: a number and a unit, B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024).',
  pattern: SIZE_PATTERN,
  examples: ['16GiB', '512MiB', '1TB'],
  parse: parseSize,
});

const DURATION_FACTORS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION_PATTERN = /^(\d+[smhdw])+$/;

/** Reads a duration (`30s`, `5m`, `1h`, `30d`, `2w`, `1h30m`) as seconds. */
export function parseDuration(text: string): ParseOutcome<number> {
  if (DURATION_PATTERN.test(text)) {
    let seconds = 0;
    for (const part of text.matchAll(/(\d+)([smhdw])/g)) {
      seconds += Number(part[1]) * (DURATION_FACTORS[part[2] ?? ''] ?? Number.NaN);
    }
    if (Number.isSafeInteger(seconds)) return parsed(seconds);
  }
  const loose = /^(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|jours?|w|weeks?)$/i.exec(
    text.trim(),
  );
  const unit = loose?.[2]
    ?.toLowerCase()
    .replace(/^(j).*/, 'd')
    .replace(/^min.*/, 'm')
    .charAt(0);
  const hint =
    loose && unit
      ? `write ${loose[1]}${unit}`
      : 'units: s, m (minutes), h, d, w; e.g. 30s, 5m, 1h, 30d, 1h30m';
  return refused(`${quote(text)} is not a duration`, hint);
}

/** A duration such as `30d`, stored as seconds. */
export const durationSchema = checkedText({
  expected: 'a duration such as 30s, 5m, 1h or 30d',
  description: 'A duration: numbers with units s, m (minutes), h, d, w, e.g. 30s, 5m, 1h, 30d, 1h30m.',
  pattern: DURATION_PATTERN,
  examples: ['30s', '1h', '30d'],
  parse: parseDuration,
});

const RATE_FACTORS: Readonly<Record<string, number>> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const RATE_PATTERN = /^(\d+(?:\.\d+)?)([kMGT])(?:bps|bit\/s)$/;

/** Reads a bit rate (`100Mbps`, `1Gbps`, `10Gbit/s`) as bits per second. */
export function parseBitRate(text: string): ParseOutcome<number> {
  const match = RATE_PATTERN.exec(text);
  if (match) {
    const bits = Number(match[1]) * (RATE_FACTORS[match[2] ?? ''] ?? Number.NaN);
    if (Number.isSafeInteger(bits)) return parsed(bits);
  }
  return refused(`${quote(text)} is not a bit rate`, 'write e.g. 100Mbps, 1Gbps or 10Gbps');
}

/** A bit rate such as `1Gbps`, stored as bits per second. */
export const bitRateSchema = checkedText({
  expected: 'a bit rate such as 100Mbps or 1Gbps',
  description: 'A bit rate: kbps, Mbps, Gbps or Tbps, e.g. 1Gbps.',
  pattern: RATE_PATTERN,
  examples: ['1Gbps'],
  parse: parseBitRate,
});

const PERIOD_PATTERN = /^(\d+)(y|mo)$/;

/** Reads a calendar period (`1y`, `6mo`) as a number of months: months have no fixed length in seconds. */
export function parsePeriodMonths(text: string): ParseOutcome<number> {
  const match = PERIOD_PATTERN.exec(text);
  if (match) {
    const months = Number(match[1]) * (match[2] === 'y' ? 12 : 1);
    if (months > 0) return parsed(months);
    return refused(`${quote(text)} is an empty period`);
  }
  return refused(`${quote(text)} is not a calendar period`, 'write 1y for a year or 6mo for six months');
}

/** A calendar period such as `1y` or `6mo`, stored as months. */
export const periodSchema = checkedText({
  expected: 'a calendar period such as 1y or 6mo',
  description: 'A calendar period in years (1y) or months (6mo); stored as a number of months.',
  pattern: PERIOD_PATTERN,
  examples: ['1y', '6mo'],
  parse: parsePeriodMonths,
});

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads a calendar date `YYYY-MM-DD`, refusing days that do not exist (2026-02-30). */
export function parseDate(text: string): ParseOutcome<string> {
  const match = DATE_PATTERN.exec(text);
  if (!match) {
    const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    const hint = french
      ? `write it as ${french[3]}-${french[2]?.padStart(2, '0')}-${french[1]?.padStart(2, '0')}`
      : 'write the date as YYYY-MM-DD';
    return refused(`${quote(text)} is not a date`, hint);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return refused(`${quote(text)} is not a day of the calendar`);
  }
  return parsed(text);
}

/** A calendar date, kept as `YYYY-MM-DD`. */
export const dateSchema = checkedText({
  expected: 'a date such as 2026-03-01',
  description: 'A calendar date, YYYY-MM-DD.',
  pattern: DATE_PATTERN,
  examples: ['2026-03-01'],
  parse: parseDate,
});

/** A byte count for people, in the largest binary unit that keeps it whole or short: `16GiB`, `1.5TiB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)}${units[unit]}`;
}
