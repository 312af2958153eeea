/**
 * How the support desk's business hours are written in configuration: time zone, working days,
 * opening hours, French holidays and extra closure days. A schema fragment meant for the inventory's
 * contract or desk section; `parseBusinessHours` reads it on its own meanwhile.
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { closestMatch } from '../inventory/loading/did-you-mean.js';
import {
  checkedText,
  isRecord,
  type ObjectRule,
  type ParseOutcome,
  parsed,
  quote,
  refused,
  textSchema,
  withRules,
} from '../inventory/schema/common.js';
import { dateSchema, parseDate } from '../inventory/schema/units.js';
import { DAY_NAMES, type DayName } from './calendar-day.js';
import { openingHoursSchema, parseTimeRangeOrThrow } from './opening-hours.js';
import { isKnownTimeZone } from './zoned-time.js';

/** Defaults: Paris time, Monday to Friday, 09:00–12:00 and 14:00–18:00 (7 hours, a 35-hour week). */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';
export const DEFAULT_WORKING_DAYS: readonly DayName[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
];
export const DEFAULT_HOURS: readonly string[] = ['09:00-12:00', '14:00-18:00'];

function parseTimeZone(text: string): ParseOutcome<string> {
  if (isKnownTimeZone(text)) return parsed(text);
  const zones = Intl.supportedValuesOf('timeZone');
  const city = text.trim().toLowerCase().replace(/\s+/g, '_');
  const match =
    zones.find((zone) => zone.toLowerCase().endsWith(`/${city}`)) ??
    (text.includes('/') ? closestMatch(text, zones) : undefined);
  return refused(
    `${quote(text)} is not a time zone`,
    match === undefined ? 'write an IANA time zone such as Europe/Paris' : `did you mean "${match}"?`,
  );
}

const timeZoneSchema = checkedText({
  expected: 'an IANA time zone such as Europe/Paris',
  description: 'The time zone the hours are written in, Europe/Paris by default.',
  examples: ['Europe/Paris'],
  parse: parseTimeZone,
});

const FRENCH_DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

function parseDayName(text: string): ParseOutcome<DayName> {
  const lower = text.trim().toLowerCase();
  const exact = DAY_NAMES.find((day) => day === lower);
  if (exact !== undefined && lower === text) return parsed(exact);
  const french = FRENCH_DAY_NAMES.indexOf(lower);
  const guess =
    exact ??
    (french >= 0 ? DAY_NAMES[french] : undefined) ??
    (lower.length >= 2 ? DAY_NAMES.find((day) => day.startsWith(lower.slice(0, 3))) : undefined);
  return refused(
    `${quote(text)} is not a day name`,
    guess === undefined ? `day names: ${DAY_NAMES.join(', ')}` : `write ${guess}`,
  );
}

const dayNameSchema = checkedText({
  expected: 'a day name such as monday',
  description: 'A day of the week in English, lowercase: monday ... sunday.',
  examples: ['monday'],
  parse: parseDayName,
});

const hoursByDaySchema = z
  .strictObject(
    Object.fromEntries(DAY_NAMES.map((day) => [day, openingHoursSchema.optional()])) as Record<
      DayName,
      z.ZodOptional<typeof openingHoursSchema>
    >,
  )
  .meta({
    description:
      'Hours of particular days that differ from `hours`, e.g. friday: [09:00-12:00, 14:00-17:00].',
  });

/** An extra closure day (a "pont", a site closure): a date, or a date with a name. */
const closedDaySchema = z
  .union(
    [
      dateSchema,
      z.strictObject({
        date: dateSchema,
        name: textSchema('Why the desk is closed that day, e.g. Pont de l’Ascension.'),
      }),
    ],
    { error: closedDayProblem },
  )
  .transform((value) => (typeof value === 'string' ? { date: value, name: 'Fermeture' } : value))
  .meta({
    description:
      'A day the desk is closed besides public holidays: 2026-05-15, or { date: 2026-05-15, name: Pont }.',
    expected: 'a date such as 2026-05-15, or { date, name }',
  });

/** A union only says "Invalid input": say what is wrong with the date or the object instead. */
function closedDayProblem(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  if (typeof issue.input === 'string') {
    const outcome = parseDate(issue.input);
    if (!outcome.ok)
      return outcome.hint === undefined ? outcome.message : `${outcome.message}: ${outcome.hint}`;
  }
  const objectProblem = isRecord(issue.input) ? issue.errors[1]?.[0] : undefined;
  if (objectProblem === undefined) return 'is neither a date nor { date, name }';
  const field = objectProblem.path.join('.');
  return field === '' ? objectProblem.message : `${field}: ${objectProblem.message}`;
}

const hoursOnlyOnWorkingDays: ObjectRule = (value, report) => {
  const { working_days: days, hours_by_day: byDay } = value;
  if (!Array.isArray(days) || !isRecord(byDay)) return;
  for (const day of Object.keys(byDay)) {
    if (byDay[day] !== undefined && !days.includes(day)) {
      report(['hours_by_day', day], `${day} has hours but is not in working_days`, {
        hint: `add ${day} to working_days, or remove its hours`,
      });
    }
  }
};

function noRepeats(listKey: string, keyOf: (item: unknown) => unknown, what: string): ObjectRule {
  return (value, report) => {
    const list = value[listKey];
    if (!Array.isArray(list)) return;
    const seen = new Map<unknown, number>();
    list.forEach((item, index) => {
      const key = keyOf(item);
      if (typeof key !== 'string') return;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        report([listKey, index], `${what} ${quote(key)} is already listed at ${listKey}[${first}]`, {
          hint: 'remove one of them',
        });
    });
  };
}

/** The business-hours fragment: every field optional, with the defaults above. */
export const businessHoursSchema = withRules(
  z
    .strictObject({
      time_zone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
      working_days: z
        .array(dayNameSchema)
        .min(1)
        .default([...DEFAULT_WORKING_DAYS])
        .meta({
          description: 'The days the desk works, monday to friday by default.',
          expected: 'a list of day names such as [monday, tuesday]',
        }),
      hours: openingHoursSchema.default(DEFAULT_HOURS.map((text) => parseTimeRangeOrThrow(text))),
      hours_by_day: hoursByDaySchema.default({}),
      alsace_moselle: z.boolean().default(false).meta({
        description: 'Also close on Good Friday and 26 December, the extra holidays of Alsace and Moselle.',
        expected: 'true or false',
      }),
      closed_days: z.array(closedDaySchema).default([]).meta({
        description: 'Extra days the desk is closed (ponts, site closures), besides French public holidays.',
        expected: 'a list of dates such as [2026-05-15]',
      }),
    })
    .meta({ description: 'When the support desk works: delays are counted in these hours only.' }),
  hoursOnlyOnWorkingDays,
  noRepeats('working_days', (item) => item, 'the day'),
  noRepeats('closed_days', (item) => (isRecord(item) ? item.date : item), 'the date'),
);

/** Business hours as written, before defaults. */
export type BusinessHoursInput = z.input<typeof businessHoursSchema>;
/** Business hours checked, with defaults and ranges in minutes. */
export type BusinessHoursSettings = z.output<typeof businessHoursSchema>;

/**
 * Checks business hours given outside the inventory (CLI, tests); `where` names their origin in
 * errors. Throws a BAD_INPUT AppError listing every problem by field.
 */
export function parseBusinessHours(input: unknown, where = 'business hours'): BusinessHoursSettings {
  const result = businessHoursSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const params = (issue as { params?: { expected?: unknown; hint?: unknown } }).params;
    return {
      path: issue.path.map(String).join('.') || '(top)',
      message: issue.message,
      ...(typeof params?.expected === 'string' ? { expected: params.expected } : {}),
      ...(typeof params?.hint === 'string' ? { hint: params.hint } : {}),
    };
  });
  const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  const first = problems[0];
  const hint = first?.hint ?? (first?.expected === undefined ? undefined : `expected ${first.expected}`);
  throw new AppError('BAD_INPUT', `invalid ${where}: ${summary}`, {
    ...(hint === undefined ? {} : { hint }),
    details: { problems },
  });
}
