/**
 * The contract's rules on the referent's unavailability, as data (Art. 6.1 of the call for
 * proposals), and the checks a declaration, a withdrawal or an edit must pass.
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { breachesOf, type Proposal, type RuleBreach } from './absence-breaches.js';
import { type Absence, absentDays, longestRun, type UnavailabilityRun, usageOf } from './absence-usage.js';
import {
  addDays,
  assertCalendarDate,
  type CalendarDate,
  describeDate,
  isCalendarDate,
} from './calendar-date.js';
import type { ContractCalendar } from './contract-dates.js';

export type { RuleBreach, UnavailabilityRuleId } from './absence-breaches.js';
export type { Absence, WeekCounting } from './absence-usage.js';

const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'is not a day of the calendar: write YYYY-MM-DD, e.g. 2026-07-06' });

const clauseSchema = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });

/** The contract's words, quoted in every refusal. */
export const CONTRACT_CLAUSES = Object.freeze({
  total: Object.freeze({
    fr: "« Accord d'un maximum de 6 semaines civiles d'indisponibilité complète sur la durée du contrat »",
    en: '"At most 6 calendar weeks of complete unavailability over the duration of the contract"',
  }),
  consecutive: Object.freeze({
    fr: '« avec un maximum de 3 semaines consécutives »',
    en: '"with at most 3 consecutive weeks"',
  }),
  notice: Object.freeze({
    fr: "« le titulaire devra informer le GIP CARIF-OREF Provence-Alpes-Côte d'Azur de cette absence au moins 3 semaines avant chaque date de départ du référent nommé sur la prestation »",
    en: '"the provider shall inform the GIP CARIF-OREF Provence-Alpes-Côte d\'Azur of this absence at least 3 weeks before each departure date of the named referent"',
  }),
  withinContract: Object.freeze({
    fr: '« sur la durée du contrat »',
    en: '"over the duration of the contract"',
  }),
});

/** Vigie's own rule, not the contract's: the past is a record, not a plan. */
export const HISTORY_CLAUSE = Object.freeze({
  fr: 'Règle de Vigie : une absence commencée ne peut être ni retirée ni déplacée, seulement écourtée.',
  en: "Vigie's rule: an absence that has begun can be neither withdrawn nor moved, only shortened.",
});

/** The unavailability rules; every figure and every quoted clause is data, so another contract can differ. */
export const unavailabilityRulesSchema = z.strictObject({
  /** How weeks are counted; see docs/design/contract-rules.md for why calendar weeks by default. */
  weekCounting: z.enum(['calendar-weeks', 'calendar-days']).default('calendar-weeks'),
  /** Most weeks of unavailability over the whole contract, renewals included. */
  totalWeeks: z.int().min(0).default(6),
  /** Most weeks in a row. */
  consecutiveWeeks: z.int().min(1).default(3),
  /** Fewest calendar days between the declaration and the first day away (3 weeks: 21). */
  noticeDays: z.int().min(0).default(21),
  /** First and last day of the contract, renewals included: absences must fall between them. */
  contractStart: calendarDateSchema,
  contractEnd: calendarDateSchema,
  clauses: z
    .strictObject({
      total: clauseSchema,
      consecutive: clauseSchema,
      notice: clauseSchema,
      withinContract: clauseSchema,
    })
    .default(CONTRACT_CLAUSES),
});

export type UnavailabilityRules = z.output<typeof unavailabilityRulesSchema>;
export type UnavailabilityRulesInput = z.input<typeof unavailabilityRulesSchema>;

/**
 * The contract's rules with its defaults, over the contract's whole duration: « sur la durée du
 * contrat » covers every renewal, since a tacit renewal continues the same contract.
 */
export function unavailabilityRulesFor(
  calendar: ContractCalendar,
  overrides: Partial<Omit<UnavailabilityRulesInput, 'contractStart' | 'contractEnd'>> = {},
): UnavailabilityRules {
  const first = calendar.terms[0];
  return Object.freeze(
    unavailabilityRulesSchema.parse({
      ...overrides,
      contractStart: first?.start,
      contractEnd: calendar.overallEnd,
    }),
  );
}

/** The figures after a change: what is used, what remains, the longest unbroken stretch. */
export interface UnavailabilityFigures {
  readonly unit: 'week' | 'day';
  readonly totalUsed: number;
  readonly totalLimit: number;
  readonly remaining: number;
  readonly longestRun: UnavailabilityRun | null;
  readonly consecutiveLimit: number;
}

/** The verdict on a declaration, a withdrawal or an edit, with the figures it would leave. */
export type AbsenceCheck =
  | { readonly ok: true; readonly figures: UnavailabilityFigures }
  | { readonly ok: false; readonly figures: UnavailabilityFigures; readonly breaches: readonly RuleBreach[] };

/** The dates of an absence being declared; it is declared today. */
export interface AbsenceDates {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

/** What `absences` use of the rules' allowance. */
export function unavailabilityFigures(
  absences: readonly Absence[],
  rules: UnavailabilityRules,
): UnavailabilityFigures {
  const usage = usageOf(absences, rules.weekCounting);
  const perWeek = usage.unit === 'week' ? 1 : 7;
  const totalLimit = rules.totalWeeks * perWeek;
  return {
    unit: usage.unit,
    totalUsed: usage.total,
    totalLimit,
    remaining: Math.max(0, totalLimit - usage.total),
    longestRun: longestRun(usage),
    consecutiveLimit: rules.consecutiveWeeks * perWeek,
  };
}

function checkDates(dates: AbsenceDates, where: string): void {
  assertCalendarDate(dates.start, `${where} start`);
  assertCalendarDate(dates.end, `${where} end`);
  if (dates.end < dates.start) {
    throw new AppError('BAD_INPUT', `${where}: it ends on ${dates.end}, before its start ${dates.start}`, {
      hint: 'give the first and the last day away, both included; the end cannot come before the start',
    });
  }
}

function verdict(
  rules: UnavailabilityRules,
  proposal: Proposal,
  extra: readonly RuleBreach[] = [],
): AbsenceCheck {
  const after = [...proposal.others, { id: '(proposed)', ...proposal, declaredOn: proposal.today }];
  const figures = unavailabilityFigures(after, rules);
  const breaches = [...extra, ...breachesOf(rules, proposal)];
  return breaches.length === 0 ? { ok: true, figures } : { ok: false, figures, breaches };
}

/**
 * Checks the declaration, on `today`, of an absence from `proposed.start` to `proposed.end`
 * (both included) against the rules, given the absences already declared.
 * @example checkAbsence(declared, { start: '2027-07-05', end: '2027-07-25' }, rules, '2027-06-01')
 */
export function checkAbsence(
  existing: readonly Absence[],
  proposed: AbsenceDates,
  rules: UnavailabilityRules,
  today: CalendarDate,
): AbsenceCheck {
  checkDates(proposed, 'absence');
  assertCalendarDate(today, 'today');
  return verdict(rules, {
    before: existing,
    others: existing,
    start: proposed.start,
    end: proposed.end,
    announced: new Set(absentDays(existing)),
    today,
  });
}

function findAbsence(existing: readonly Absence[], id: string): Absence {
  const absence = existing.find((candidate) => candidate.id === id);
  if (!absence) {
    throw new AppError('NOT_FOUND', `no declared absence has the id "${id}"`, {
      hint: 'list the declared absences to find the one to change',
    });
  }
  return absence;
}

function historyBreach(figures: string, howToComply: string[]): RuleBreach {
  return {
    rule: 'history',
    clause: HISTORY_CLAUSE,
    figures,
    limit: null,
    actual: null,
    unit: null,
    howToComply,
  };
}

/** Checks the withdrawal of absence `id` on `today`: allowed until it begins, and figures re-counted. */
export function checkWithdrawal(
  existing: readonly Absence[],
  id: string,
  rules: UnavailabilityRules,
  today: CalendarDate,
): AbsenceCheck {
  assertCalendarDate(today, 'today');
  const absence = findAbsence(existing, id);
  const rest = existing.filter((candidate) => candidate.id !== id);
  if (absence.start > today) return { ok: true, figures: unavailabilityFigures(rest, rules) };
  const breach = historyBreach(
    `the absence from ${describeDate(absence.start)} to ${describeDate(absence.end)} began on ${absence.start}`,
    absence.end >= today
      ? [`edit it to end on ${describeDate(addDays(today, -1))} (back today) or later instead`]
      : ['it is over: it stays in the record'],
  );
  return { ok: false, figures: unavailabilityFigures(existing, rules), breaches: [breach] };
}

/**
 * Checks replacing absence `id` by `replacement` on `today`: a withdrawal and a new declaration,
 * except that days the customer already knew of need no new notice (shortening is always timely).
 */
export function checkAbsenceEdit(
  existing: readonly Absence[],
  id: string,
  replacement: AbsenceDates,
  rules: UnavailabilityRules,
  today: CalendarDate,
): AbsenceCheck {
  checkDates(replacement, 'absence');
  assertCalendarDate(today, 'today');
  const original = findAbsence(existing, id);
  const others = existing.filter((candidate) => candidate.id !== id);
  const history: RuleBreach[] = [];
  if (original.start <= today) {
    const keptUntil = original.end < today ? original.end : addDays(today, -1);
    if (replacement.start !== original.start || replacement.end < keptUntil) {
      history.push(
        historyBreach(
          `the absence began on ${describeDate(original.start)}; the edit moves its start to ${replacement.start} or ends it on ${replacement.end}, before ${keptUntil}`,
          [`keep its start on ${original.start} and end it on ${keptUntil} or later`],
        ),
      );
    }
  }
  return verdict(
    rules,
    {
      before: existing,
      others,
      start: replacement.start,
      end: replacement.end,
      announced: new Set(absentDays(existing)),
      today,
    },
    history,
  );
}

/** The error to answer a refused check with: the clauses, the figures and the fixes, as text and details. */
export function absenceRefusal(check: Extract<AbsenceCheck, { ok: false }>): AppError {
  const lines = check.breaches.map(
    (breach) => `${breach.clause.en}: ${breach.figures}. To comply: ${breach.howToComply.join('; or ')}.`,
  );
  return new AppError('CONFLICT', `The absence breaks the contract's rules. ${lines.join(' ')}`, {
    hint: check.breaches.flatMap((breach) => breach.howToComply).join('; or '),
    details: { breaches: check.breaches, figures: check.figures },
  });
}
