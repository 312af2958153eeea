import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { contractCalendar } from './contract-dates.js';
import {
  type Absence,
  type AbsenceCheck,
  absenceRefusal,
  checkAbsence,
  checkAbsenceEdit,
  checkWithdrawal,
  type RuleBreach,
  unavailabilityRulesFor,
  unavailabilityRulesSchema,
} from './unavailability-rules.js';

// The example contract: 2026-03-01 to 2026-12-31, then three yearly renewals, to 2029-12-31.
const calendar = contractCalendar({
  start: '2026-03-01',
  firstTermEnd: '2026-12-31',
  renewalMonths: 12,
  maxRenewals: 3,
  noticeDays: 30,
});
const rules = unavailabilityRulesFor(calendar);
const dayRules = unavailabilityRulesFor(calendar, { weekCounting: 'calendar-days' });

function absence(id: string, start: string, end: string, declaredOn = '2026-03-02'): Absence {
  return { id, start, end, declaredOn };
}

function breaches(check: AbsenceCheck): RuleBreach[] {
  if (check.ok) throw new Error(`expected a refusal, got ${JSON.stringify(check.figures)}`);
  return [...check.breaches];
}

function onlyBreach(check: AbsenceCheck): RuleBreach {
  const found = breaches(check);
  expect(found.map((breach) => breach.rule)).toHaveLength(1);
  return found[0] as RuleBreach;
}

describe('the notice rule: declared at least 3 weeks before each departure', () => {
  it('refuses an absence declared 2 weeks ahead, quoting the rule', () => {
    const breach = onlyBreach(
      checkAbsence([], { start: '2027-07-05', end: '2027-07-09' }, rules, '2027-06-21'),
    );
    expect(breach.rule).toBe('notice');
    expect(breach.clause.fr).toContain('au moins 3 semaines avant chaque date de départ');
    expect(breach.clause.en).toContain('at least 3 weeks before each departure date');
    expect(breach.figures).toBe(
      'declared on 2027-06-21 for a departure on Monday 2027-07-05: 14 days ahead; the contract asks for at least 21 days (3 weeks), so it had to be declared by 2027-06-14',
    );
    expect([breach.actual, breach.limit, breach.unit]).toEqual([14, 21, 'day']);
    expect(breach.howToComply[0]).toBe(
      'declared today, an absence can start on Monday 2027-07-12 at the earliest: move it there or later',
    );
  });

  it('accepts exactly 21 days ahead and refuses 20', () => {
    expect(checkAbsence([], { start: '2027-07-05', end: '2027-07-09' }, rules, '2027-06-14').ok).toBe(true);
    expect(
      onlyBreach(checkAbsence([], { start: '2027-07-05', end: '2027-07-09' }, rules, '2027-06-15')).actual,
    ).toBe(20);
  });

  it('refuses an absence that has already begun', () => {
    const breach = onlyBreach(
      checkAbsence([], { start: '2027-07-05', end: '2027-07-09' }, rules, '2027-07-06'),
    );
    expect(breach.figures).toContain('1 day(s) after it');
  });

  it('asks notice only for the days the customer does not know of yet', () => {
    const declared = [absence('summer', '2027-07-05', '2027-07-09')];
    // Inside the declared days: nothing new to announce.
    expect(checkAbsence(declared, { start: '2027-07-07', end: '2027-07-09' }, rules, '2027-06-28').ok).toBe(
      true,
    );
    // Beyond them: the first new day is a departure.
    const breach = onlyBreach(
      checkAbsence(declared, { start: '2027-07-07', end: '2027-07-16' }, rules, '2027-06-28'),
    );
    expect(breach.figures).toContain('departure on Saturday 2027-07-10: 12 days ahead');
    expect(breach.howToComply).toContain('shorten it to end by Friday 2027-07-09');
  });
});

describe('the consecutive rule: at most 3 calendar weeks in a row', () => {
  it('accepts exactly 3 calendar weeks, Monday to Sunday', () => {
    const check = checkAbsence([], { start: '2027-07-05', end: '2027-07-25' }, rules, '2027-06-01');
    expect(check).toEqual({
      ok: true,
      figures: {
        unit: 'week',
        totalUsed: 3,
        totalLimit: 6,
        remaining: 3,
        longestRun: { start: '2027-07-05', end: '2027-07-25', length: 3 },
        consecutiveLimit: 3,
      },
    });
  });

  it('refuses a 4th consecutive week, quoting the rule and the run', () => {
    const declared = [absence('summer', '2027-07-05', '2027-07-25')];
    const breach = onlyBreach(
      checkAbsence(declared, { start: '2027-07-26', end: '2027-07-30' }, rules, '2027-06-01'),
    );
    expect(breach.rule).toBe('consecutive');
    expect(breach.clause.fr).toBe('« avec un maximum de 3 semaines consécutives »');
    expect(breach.figures).toBe(
      'this absence would make 4 calendar weeks in a row (from Monday 2027-07-05 to Sunday 2027-08-01); the limit is 3 calendar weeks',
    );
    expect(breach.howToComply).toEqual([
      'leave at least one whole calendar week free between it and the neighbouring absence',
    ]);
    // A free week in between makes two runs: allowed.
    expect(checkAbsence(declared, { start: '2027-08-02', end: '2027-08-06' }, rules, '2027-06-01').ok).toBe(
      true,
    );
  });

  it('counts every calendar week an absence touches: 21 days from a Wednesday are 4 weeks', () => {
    const check = checkAbsence([], { start: '2027-07-07', end: '2027-07-27' }, rules, '2027-06-01');
    const breach = onlyBreach(check);
    expect(breach.figures).toContain(
      '4 calendar weeks in a row (from Monday 2027-07-05 to Sunday 2027-08-01)',
    );
    expect(breach.howToComply).toEqual([
      'shorten it to end by Sunday 2027-07-25',
      'start it on Monday 2027-07-12 or later',
    ]);
    // Counted in days, the same 21 days are exactly 3 weeks.
    expect(checkAbsence([], { start: '2027-07-07', end: '2027-07-27' }, dayRules, '2027-06-01').ok).toBe(
      true,
    );
    expect(
      onlyBreach(checkAbsence([], { start: '2027-07-07', end: '2027-07-28' }, dayRules, '2027-06-01'))
        .figures,
    ).toBe(
      'this absence would make 22 days (3 weeks 1 day) in a row (from Wednesday 2027-07-07 to Wednesday 2027-07-28); the limit is 21 days (3 weeks)',
    );
  });

  it('merges an absence ending on Friday with one starting on Monday, the weekend included', () => {
    const declared = [absence('a', '2027-07-05', '2027-07-23')]; // Monday to Friday, 19 days
    const check = checkAbsence(declared, { start: '2027-07-26', end: '2027-07-27' }, dayRules, '2027-06-01');
    expect(onlyBreach(check).figures).toContain('23 days (3 weeks 2 days) in a row (from Monday 2027-07-05');
    expect(check.figures.longestRun).toEqual({ start: '2027-07-05', end: '2027-07-27', length: 23 });
    // Back on Friday 23: the weekend after is not an absence, so two separate runs.
    const apart = checkAbsence(
      [absence('a', '2027-07-05', '2027-07-22')],
      { start: '2027-07-26', end: '2027-07-27' },
      dayRules,
      '2027-06-01',
    );
    expect(apart.ok).toBe(true);
    expect(apart.figures.longestRun).toEqual({ start: '2027-07-05', end: '2027-07-22', length: 18 });
    // In calendar weeks, Friday and the next Monday are in consecutive weeks: one run of 2.
    const weeks = checkAbsence(
      [absence('a', '2027-07-05', '2027-07-09')],
      { start: '2027-07-12', end: '2027-07-13' },
      rules,
      '2027-06-01',
    );
    expect(weeks.figures.longestRun).toEqual({ start: '2027-07-05', end: '2027-07-18', length: 2 });
  });

  it('counts overlapping absences once', () => {
    const declared = [absence('a', '2027-07-05', '2027-07-14')];
    const check = checkAbsence(declared, { start: '2027-07-10', end: '2027-07-18' }, dayRules, '2027-06-01');
    expect(check.figures.totalUsed).toBe(14);
  });
});

describe('the total rule: at most 6 calendar weeks over the contract, renewals included', () => {
  // Two weeks in the first term, three in the first renewal, one in the second: 6.
  const declared = [
    absence('2026', '2026-08-03', '2026-08-16'),
    absence('2027', '2027-07-05', '2027-07-25'),
    absence('2028', '2028-12-26', '2028-12-29'),
  ];

  it('adds absences of every term, and refuses a 7th week', () => {
    const breach = onlyBreach(
      checkAbsence(declared, { start: '2029-04-02', end: '2029-04-02' }, rules, '2029-01-02'),
    );
    expect(breach.rule).toBe('total');
    expect(breach.clause.fr).toContain(
      "6 semaines civiles d'indisponibilité complète sur la durée du contrat",
    );
    expect(breach.figures).toBe(
      'this absence would bring the unavailability over the contract (2026-03-01 to 2029-12-31, renewals included) to 7 calendar weeks; the limit is 6 calendar weeks and 6 calendar weeks were used before it',
    );
    expect(breach.howToComply).toEqual([
      'the allowance over the contract is used up: withdraw or shorten a future absence first',
    ]);
  });

  it('accepts a day in a calendar week already counted', () => {
    const check = checkAbsence(declared, { start: '2028-12-30', end: '2028-12-31' }, rules, '2028-12-01');
    expect(check).toMatchObject({ ok: true, figures: { totalUsed: 6, remaining: 0 } });
  });

  it('shows how to shorten an absence that would go over the total', () => {
    const five = declared.slice(0, 2); // 5 weeks used
    const breach = onlyBreach(
      checkAbsence(five, { start: '2029-04-02', end: '2029-04-10' }, rules, '2029-01-02'),
    );
    expect(breach.howToComply).toEqual([
      'shorten it to end by Sunday 2029-04-08',
      'start it on Monday 2029-04-09 or later',
    ]);
  });

  it('lists every broken rule at once', () => {
    const check = checkAbsence(declared, { start: '2029-04-02', end: '2029-04-29' }, rules, '2029-03-26');
    expect(breaches(check).map((breach) => breach.rule)).toEqual(['notice', 'consecutive', 'total']);
    expect(check.figures).toMatchObject({ totalUsed: 10, longestRun: { length: 4 } });
  });
});

describe('dates outside the contract and bad input', () => {
  it('refuses an absence past the last renewal', () => {
    const breach = onlyBreach(
      checkAbsence([], { start: '2029-12-28', end: '2030-01-04' }, rules, '2029-11-01'),
    );
    expect(breach.rule).toBe('within-contract');
    expect(breach.howToComply).toEqual(['shorten it to end by Monday 2029-12-31']);
  });

  it('throws a clear error for an end before the start or a day that does not exist', () => {
    expect(() => checkAbsence([], { start: '2027-07-09', end: '2027-07-05' }, rules, '2027-06-01')).toThrow(
      'absence: it ends on 2027-07-05, before its start 2027-07-09',
    );
    expect(() => checkAbsence([], { start: '2027-02-29', end: '2027-03-05' }, rules, '2027-01-01')).toThrow(
      /absence start: "2027-02-29" is not a day of the calendar/,
    );
  });

  it('takes other figures as data', () => {
    const relaxed = unavailabilityRulesFor(calendar, { noticeDays: 14, consecutiveWeeks: 4 });
    expect(checkAbsence([], { start: '2027-07-05', end: '2027-08-01' }, relaxed, '2027-06-21').ok).toBe(true);
    expect(() => unavailabilityRulesSchema.parse({ ...relaxed, totalWeeks: -1 })).toThrow();
    expect(() =>
      unavailabilityRulesSchema.parse({ contractStart: '2026-13-01', contractEnd: '2029-12-31' }),
    ).toThrow(/not a day of the calendar/);
  });

  it('turns a refusal into a CONFLICT error carrying the clauses and figures', () => {
    const check = checkAbsence([], { start: '2027-07-05', end: '2027-07-09' }, rules, '2027-06-21');
    if (check.ok) throw new Error('expected a refusal');
    const error = absenceRefusal(check);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('at least 3 weeks before each departure date');
    expect(error.message).toContain('14 days ahead');
  });
});

describe('withdrawing and editing', () => {
  const declared = [
    absence('june', '2027-06-07', '2027-06-13'),
    absence('summer', '2027-07-05', '2027-07-25'),
  ];

  it('withdraws a future absence and re-counts the rest', () => {
    expect(checkWithdrawal(declared, 'summer', rules, '2027-06-20')).toMatchObject({
      ok: true,
      figures: { totalUsed: 1, remaining: 5, longestRun: { start: '2027-06-07', length: 1 } },
    });
  });

  it('keeps an absence that has begun in the record', () => {
    const breach = onlyBreach(checkWithdrawal(declared, 'summer', rules, '2027-07-05'));
    expect(breach.rule).toBe('history');
    expect(breach.howToComply).toEqual(['edit it to end on Sunday 2027-07-04 (back today) or later instead']);
    expect(() => checkWithdrawal(declared, 'nope', rules, '2027-07-05')).toThrow(
      /no declared absence has the id "nope"/,
    );
  });

  it('lets a begun absence be shortened without notice, but not moved', () => {
    expect(
      checkAbsenceEdit(declared, 'summer', { start: '2027-07-05', end: '2027-07-16' }, rules, '2027-07-14'),
    ).toMatchObject({
      ok: true,
      figures: { totalUsed: 3 },
    });
    const moved = breaches(
      checkAbsenceEdit(declared, 'summer', { start: '2027-07-12', end: '2027-07-25' }, rules, '2027-07-14'),
    );
    expect(moved.map((breach) => breach.rule)).toEqual(['history']);
    expect(moved[0]?.howToComply).toEqual(['keep its start on 2027-07-05 and end it on 2027-07-13 or later']);
  });

  it('checks an extension as a new departure, and against the runs', () => {
    const found = breaches(
      checkAbsenceEdit(declared, 'summer', { start: '2027-07-05', end: '2027-07-30' }, rules, '2027-07-14'),
    );
    expect(found.map((breach) => breach.rule)).toEqual(['notice', 'consecutive']);
    expect(found[0]?.figures).toContain('departure on Monday 2027-07-26: 12 days ahead');
  });

  it('re-checks the whole set: an edit may join two absences into a run too long', () => {
    const spread = [absence('a', '2027-07-05', '2027-07-18'), absence('b', '2027-08-02', '2027-08-08')];
    expect(
      checkAbsenceEdit(spread, 'a', { start: '2027-07-05', end: '2027-07-25' }, rules, '2027-06-01').ok,
    ).toBe(true);
    const joined = onlyBreach(
      checkAbsenceEdit(spread, 'a', { start: '2027-07-05', end: '2027-07-26' }, rules, '2027-06-01'),
    );
    expect(joined.figures).toContain(
      '5 calendar weeks in a row (from Monday 2027-07-05 to Sunday 2027-08-08)',
    );
    expect(joined.howToComply).toEqual([
      'shorten it to end by Sunday 2027-07-25',
      'start it on Monday 2027-07-19 or later',
    ]);
  });
});
