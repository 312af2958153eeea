import { describe, expect, it } from 'vitest';
import { formatSize, parseBitRate, parseDate, parseDuration, parsePeriodMonths, parseSize } from './units.js';

describe('sizes', () => {
  it.each([
    ['512MiB', 512 * 2 ** 20],
    ['16GiB', 16 * 2 ** 30],
    ['1TB', 1e12],
    ['1.5GiB', 1.5 * 2 ** 30],
    ['100kB', 100_000],
    ['4096B', 4096],
  ])('reads %s as bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });

  it('refuses a size with a space, and says how to write it', () => {
    const outcome = parseSize('16 GB');
    expect(outcome).toMatchObject({ ok: false, message: '"16 GB" is not a size' });
    expect(outcome.ok ? '' : outcome.hint).toContain('16GiB');
  });

  it('refuses sizes without a unit or with an unknown one', () => {
    expect(parseSize('16')).toMatchObject({ ok: false, hint: expect.stringContaining('add a unit') });
    expect(parseSize('16G')).toMatchObject({ ok: false, hint: expect.stringContaining('16GiB') });
    expect(parseSize('16Gb')).toMatchObject({ ok: false });
    expect(parseSize('1.3B')).toMatchObject({
      ok: false,
      message: expect.stringContaining('whole number of bytes'),
    });
  });
});

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['30d', 2_592_000],
    ['2w', 1_209_600],
    ['1h30m', 5400],
  ])('reads %s as seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: seconds });
  });

  it('refuses spelled-out durations with a hint in the short form', () => {
    expect(parseDuration('30 days')).toMatchObject({
      ok: false,
      message: '"30 days" is not a duration',
      hint: 'write 30d',
    });
    expect(parseDuration('5 minutes')).toMatchObject({ ok: false, hint: 'write 5m' });
    expect(parseDuration('30 jours')).toMatchObject({ ok: false, hint: 'write 30d' });
    expect(parseDuration('soon')).toMatchObject({ ok: false });
  });
});

describe('bit rates, periods, dates', () => {
  it('reads bit rates as bits per second', () => {
    expect(parseBitRate('1Gbps')).toEqual({ ok: true, value: 1e9 });
    expect(parseBitRate('100Mbps')).toEqual({ ok: true, value: 1e8 });
    expect(parseBitRate('10Gbit/s')).toEqual({ ok: true, value: 1e10 });
    expect(parseBitRate('1 gig')).toMatchObject({ ok: false });
  });

  it('reads calendar periods as months', () => {
    expect(parsePeriodMonths('1y')).toEqual({ ok: true, value: 12 });
    expect(parsePeriodMonths('6mo')).toEqual({ ok: true, value: 6 });
    expect(parsePeriodMonths('0y')).toMatchObject({ ok: false });
    expect(parsePeriodMonths('12m')).toMatchObject({ ok: false, hint: expect.stringContaining('6mo') });
  });

  it('reads real calendar days only', () => {
    expect(parseDate('2026-03-01')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseDate('2026-02-30')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a day'),
    });
    expect(parseDate('01/03/2026')).toMatchObject({ ok: false, hint: 'write it as 2026-03-01' });
  });

  it('formats byte counts for people', () => {
    expect(formatSize(16 * 2 ** 30)).toBe('16GiB');
    expect(formatSize(1.5 * 2 ** 40)).toBe('1.5TiB');
    expect(formatSize(512)).toBe('512B');
  });
});
