/**
 * The web interface's pure logic, without a browser: formatting for people (locale, Europe/Paris, binary
 * sizes), the change table of audit events, and the translation catalogues (same keys in both languages,
 * every key the code asks for present).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFormatters, formatPhone } from '../../ui/src/format/format.js';
import { initialLocale, normaliseLocale } from '../../ui/src/i18n/i18n.js';
import { diffValues } from '../../ui/src/object/change-diff.js';
import { formatDuration, formatScalar } from '../../ui/src/object/value-format.js';
import { certificateState } from '../../ui/src/websites/tls.js';
import { allTranslationKeys, readCatalogue } from './page-checks.js';

const UI_SRC = fileURLToPath(new URL('../../ui/src/', import.meta.url));
const GiB = 1024 ** 3;
const words = { yes: 'oui', no: 'non' };

describe('formatting for people', () => {
  it('writes binary sizes the French and the English way', () => {
    expect(createFormatters('fr').bytes(16 * GiB)).toBe('16\u00a0Gio');
    expect(createFormatters('en').bytes(16 * GiB)).toBe('16\u00a0GiB');
    expect(createFormatters('fr').bytes(1.5 * GiB)).toBe('1,5\u00a0Gio');
    expect(createFormatters('en').bytes(512 * 1024 ** 2)).toBe('512\u00a0MiB');
    expect(createFormatters('fr').bytes(2 * 1024 ** 4)).toBe('2\u00a0Tio');
    expect(createFormatters('fr').bytes(900)).toBe('900\u00a0o');
  });

  it('shows UTC instants in Europe/Paris, summer and winter time alike', () => {
    // 09:16 UTC is 10:16 in Paris in winter (UTC+1), 11:16 in summer (UTC+2).
    expect(createFormatters('fr').dateTime('2026-11-28T09:16:00.000Z')).toBe('28 nov. 2026, 10:16');
    expect(createFormatters('fr').dateTime('2026-07-14T09:16:00.000Z')).toBe('14 juil. 2026, 11:16');
    expect(createFormatters('en').dateTime('2026-11-28T09:16:00.000Z')).toBe('28 Nov 2026, 10:16');
    // Just before midnight UTC is already the next day in Paris.
    expect(createFormatters('fr').date('2026-12-31T23:30:00.000Z')).toBe('1 janvier 2027');
  });

  it('says how long ago, in the language shown', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    expect(createFormatters('fr').relative('2026-11-28T11:55:00.000Z', now)).toBe('il y a 5 minutes');
    expect(createFormatters('en').relative('2026-11-26T12:00:00.000Z', now)).toBe('2 days ago');
  });

  it('formats numbers, money and phone numbers for the locale', () => {
    expect(createFormatters('fr').number(1234567)).toBe('1\u202f234\u202f567');
    expect(createFormatters('en').number(1234567)).toBe('1,234,567');
    expect(createFormatters('fr').money(1850)).toBe('1\u202f850,00\u00a0€');
    expect(createFormatters('en').money(1850)).toBe('€1,850.00');
    expect(formatPhone('+33639980001')).toBe('+33 6 39 98 00 01');
  });

  it('reads normalised spec values by their field: bytes, seconds, months, dates, booleans', () => {
    const fr = createFormatters('fr');
    expect(formatScalar(fr, 'memory', 32 * GiB, words)).toBe('32\u00a0Gio');
    expect(formatScalar(fr, 'disks[1].size', 500 * GiB, words)).toBe('500\u00a0Gio');
    expect(formatScalar(fr, 'renewal.notice', 30 * 86_400, words)).toBe(formatDuration(fr, 30 * 86_400));
    expect(formatScalar(fr, 'renewal.period', 12, words)).toBe('1\u00a0an');
    expect(formatScalar(fr, 'first_term_end', '2026-12-31', words)).toBe('31 décembre 2026');
    expect(formatScalar(fr, 'full_depth', true, words)).toBe('oui');
    expect(formatScalar(fr, 'monthly_fee', { amount: 1850, currency: 'EUR' }, words)).toBe(
      '1\u202f850,00\u00a0€',
    );
    expect(formatScalar(fr, 'vcpu', 8, words)).toBe('8');
  });
});

describe('language before login', () => {
  it('takes ?lang= first, then the browser, and French otherwise', () => {
    expect(initialLocale('?lang=en', ['fr-FR'])).toBe('en');
    expect(initialLocale('', ['en-GB', 'fr'])).toBe('en');
    expect(initialLocale('', ['de-DE', 'fr-CH'])).toBe('fr');
    expect(initialLocale('?lang=de', ['de-DE'])).toBe('fr');
    expect(normaliseLocale('EN-us')).toBe('en');
  });
});

describe('what an audit event changed', () => {
  it('lists each changed leaf with its before and after, lists kept whole', () => {
    const before = { name: 'DB03', memory: 32 * GiB, disks: [{ name: 'vda', size: 40 * GiB }], tags: ['a'] };
    const after = {
      name: 'DB03',
      memory: 64 * GiB,
      disks: [{ name: 'vda', size: 80 * GiB }],
      tags: ['a', 'b'],
      role: 'db',
    };
    expect(diffValues(before, after)).toEqual([
      { path: 'memory', op: 'change', before: 32 * GiB, after: 64 * GiB },
      { path: 'disks[0].size', op: 'change', before: 40 * GiB, after: 80 * GiB },
      { path: 'tags', op: 'change', before: ['a'], after: ['a', 'b'] },
      { path: 'role', op: 'add', after: 'db' },
    ]);
    expect(diffValues({ a: 1, b: 2 }, { a: 1 })).toEqual([{ path: 'b', op: 'remove', before: 2 }]);
    expect(
      diffValues(
        { monthly_fee: { amount: 1, currency: 'EUR' } },
        { monthly_fee: { amount: 2, currency: 'EUR' } },
      ),
    ).toEqual([
      {
        path: 'monthly_fee',
        op: 'change',
        before: { amount: 1, currency: 'EUR' },
        after: { amount: 2, currency: 'EUR' },
      },
    ]);
  });
});

describe('translation catalogues', () => {
  const catalogue = (locale: string) => readCatalogue(path.join(UI_SRC, 'i18n'), locale);
  const leaves = (node: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(node).flatMap(([name, value]) =>
      typeof value === 'object' && value !== null
        ? leaves(value as Record<string, unknown>, `${prefix}${name}.`)
        : [`${prefix}${name}`],
    );

  it('has the same keys in French and English, none empty', () => {
    const fr = catalogue('fr');
    const en = catalogue('en');
    expect(leaves(en).sort()).toEqual(leaves(fr).sort());
    for (const key of leaves(fr)) {
      const value = key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], fr);
      expect(typeof value === 'string' && value.trim() !== '', key).toBe(true);
    }
  });

  it('holds every key the code asks for by name', () => {
    const known = new Set(allTranslationKeys(path.join(UI_SRC, 'i18n')));
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name)) {
          // Literal keys only (t('nav.rack')); keys built at run time (t(`nav.${section}`)) are checked by the
          // browser test, which looks for raw keys on every page it visits.
          for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
            const key = match[1] ?? '';
            if (!known.has(key)) missing.push(`${path.relative(UI_SRC, file)}: ${key}`);
          }
        }
      }
    };
    walk(UI_SRC);
    expect(missing).toEqual([]);
  });

  it('gives French its accents and typographic apostrophes', () => {
    const text = JSON.stringify(catalogue('fr'));
    expect(text).toContain('Vue d’ensemble');
    expect(text).not.toMatch(/\bd'|\bl'|\bn'|\bqu'/);
    expect(text).not.toMatch(/\b(Cree|Equipement|Hote|Securite|Etat)\b/);
  });
});

describe('declared certificate expiry', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  it('is expired after the end of its day, a warning within 30 days, valid beyond', () => {
    expect(certificateState('2026-11-27', now)).toBe('expired');
    expect(certificateState('2026-11-28', now)).toBe('expiring');
    expect(certificateState('2026-12-20', now)).toBe('expiring');
    expect(certificateState('2027-03-15', now)).toBe('valid');
  });
});
