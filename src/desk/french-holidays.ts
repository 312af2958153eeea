/**
 * French public holidays (jours fériés), computed for any year rather than read from a table that
 * would run out: fixed dates plus the movable feasts that follow Easter.
 */
import { dayNumberOf, isoOfDayNumber } from './calendar-day.js';

/** A day off: its date `YYYY-MM-DD` and its French name. */
export interface Holiday {
  readonly date: string;
  readonly name: string;
}

export interface FrenchHolidayOptions {
  /** Adds the two extra days of Alsace and Moselle (Bas-Rhin, Haut-Rhin, Moselle): Good Friday and 26 December. */
  readonly alsaceMoselle?: boolean;
}

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian computus (Meeus/Jones/Butcher),
 * valid for every year from 1583. Returns `{ month, day }`, month 3 or 4.
 */
export function easterSunday(year: number): { readonly month: number; readonly day: number } {
  if (!Number.isInteger(year) || year < 1583) {
    throw new RangeError(`${year} is not a Gregorian year (1583 or later): Easter cannot be computed`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** The public holidays of `year` in France, in date order. */
export function frenchHolidays(year: number, options: FrenchHolidayOptions = {}): Holiday[] {
  const easter = easterSunday(year);
  const easterDay = dayNumberOf(year, easter.month, easter.day);
  const fixed = (month: number, day: number, name: string) => ({ day: dayNumberOf(year, month, day), name });
  const afterEaster = (days: number, name: string) => ({ day: easterDay + days, name });
  const holidays = [
    fixed(1, 1, "Jour de l'an"),
    afterEaster(1, 'Lundi de Pâques'),
    fixed(5, 1, 'Fête du Travail'),
    fixed(5, 8, 'Victoire 1945'),
    afterEaster(39, 'Ascension'),
    afterEaster(50, 'Lundi de Pentecôte'),
    fixed(7, 14, 'Fête nationale'),
    fixed(8, 15, 'Assomption'),
    fixed(11, 1, 'Toussaint'),
    fixed(11, 11, 'Armistice 1918'),
    fixed(12, 25, 'Noël'),
  ];
  if (options.alsaceMoselle === true) {
    holidays.push(afterEaster(-2, 'Vendredi saint'), fixed(12, 26, 'Saint-Étienne'));
  }
  // Movable feasts can fall on a fixed holiday (Ascension on 1 May in 2008): one day, both names.
  const byDay = new Map<number, string[]>();
  for (const holiday of holidays) byDay.set(holiday.day, [...(byDay.get(holiday.day) ?? []), holiday.name]);
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, names]) => ({ date: isoOfDayNumber(day), name: names.join(' et ') }));
}
