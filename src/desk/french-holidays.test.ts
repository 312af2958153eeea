import { describe, expect, it } from 'vitest';
import { easterSunday, frenchHolidays } from './french-holidays.js';

// Western (Gregorian) Easter Sundays 2000–2040, as published in the Julian/Gregorian Easter tables
// (also what python-dateutil's `easter()` gives): a reference independent of the computus under test.
const EASTER_2000_2040 = [
  '2000-04-23',
  '2001-04-15',
  '2002-03-31',
  '2003-04-20',
  '2004-04-11',
  '2005-03-27',
  '2006-04-16',
  '2007-04-08',
  '2008-03-23',
  '2009-04-12',
  '2010-04-04',
  '2011-04-24',
  '2012-04-08',
  '2013-03-31',
  '2014-04-20',
  '2015-04-05',
  '2016-03-27',
  '2017-04-16',
  '2018-04-01',
  '2019-04-21',
  '2020-04-12',
  '2021-04-04',
  '2022-04-17',
  '2023-04-09',
  '2024-03-31',
  '2025-04-20',
  '2026-04-05',
  '2027-03-28',
  '2028-04-16',
  '2029-04-01',
  '2030-04-21',
  '2031-04-13',
  '2032-03-28',
  '2033-04-17',
  '2034-04-09',
  '2035-03-25',
  '2036-04-13',
  '2037-04-05',
  '2038-04-25',
  '2039-04-10',
  '2040-04-01',
];

function easterIso(year: number): string {
  const { month, day } = easterSunday(year);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

describe('easterSunday', () => {
  it('matches the published Easter dates from 2000 to 2040', () => {
    const computed = EASTER_2000_2040.map((_, index) => easterIso(2000 + index));
    expect(computed).toEqual(EASTER_2000_2040);
  });

  it('reaches the extreme dates of the Gregorian computus (22 March and 25 April)', () => {
    expect(easterIso(1818)).toBe('1818-03-22');
    expect(easterIso(2285)).toBe('2285-03-22');
    expect(easterIso(1943)).toBe('1943-04-25');
    expect(easterIso(1583)).toBe('1583-04-10');
  });

  it('refuses years before the Gregorian calendar and non-integers', () => {
    expect(() => easterSunday(1500)).toThrow(/1583 or later/);
    expect(() => easterSunday(2026.5)).toThrow(/not a Gregorian year/);
  });
});

describe('frenchHolidays', () => {
  it('lists the eleven public holidays of 2026 with their French names', () => {
    expect(frenchHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "Jour de l'an" },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('moves the feasts with Easter from year to year', () => {
    const movable = (year: number) =>
      frenchHolidays(year)
        .filter((holiday) => ['Lundi de Pâques', 'Ascension', 'Lundi de Pentecôte'].includes(holiday.name))
        .map((holiday) => holiday.date);
    expect(movable(2024)).toEqual(['2024-04-01', '2024-05-09', '2024-05-20']);
    expect(movable(2025)).toEqual(['2025-04-21', '2025-05-29', '2025-06-09']);
    expect(movable(2027)).toEqual(['2027-03-29', '2027-05-06', '2027-05-17']);
  });

  it('keeps one day when Ascension falls on 1 May (2008), with both names', () => {
    const holidays = frenchHolidays(2008);
    expect(holidays).toHaveLength(10);
    expect(holidays.find((holiday) => holiday.date === '2008-05-01')?.name).toBe(
      'Fête du Travail et Ascension',
    );
  });

  it('adds Good Friday and 26 December for Alsace and Moselle only when asked', () => {
    const dates = (alsaceMoselle: boolean) =>
      frenchHolidays(2026, { alsaceMoselle }).map((holiday) => holiday.date);
    expect(dates(false)).not.toContain('2026-04-03');
    expect(dates(false)).not.toContain('2026-12-26');
    const alsace = frenchHolidays(2026, { alsaceMoselle: true });
    expect(alsace).toHaveLength(13);
    expect(alsace).toContainEqual({ date: '2026-04-03', name: 'Vendredi saint' });
    expect(alsace).toContainEqual({ date: '2026-12-26', name: 'Saint-Étienne' });
    expect(alsace.map((holiday) => holiday.date)).toEqual([...alsace.map((holiday) => holiday.date)].sort());
  });
});
