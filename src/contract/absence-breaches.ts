/** Which unavailability rules a set of absences would break, with the figures that show it and how to comply. */
import {
  type Absence,
  absentDays,
  type UnavailabilityRun,
  type UnavailabilityUsage,
  usageOf,
} from './absence-usage.js';
import { addDays, type CalendarDate, daysBetween, describeDate } from './calendar-date.js';
import type { UnavailabilityRules } from './unavailability-rules.js';

export type UnavailabilityRuleId = 'within-contract' | 'notice' | 'consecutive' | 'total' | 'history';

/** One broken rule: the clause quoted, what the figures would be, and ways to comply. */
export interface RuleBreach {
  readonly rule: UnavailabilityRuleId;
  readonly clause: { readonly fr: string; readonly en: string };
  /** The figures in a sentence, e.g. "this absence would make 4 calendar weeks in a row (...); the limit is 3". */
  readonly figures: string;
  /** The rule's figure and the figure the absence would reach, in `unit`; null where no count applies. */
  readonly limit: number | null;
  readonly actual: number | null;
  readonly unit: 'week' | 'day' | null;
  readonly howToComply: readonly string[];
}

/** A proposed change: the absences before it, after it, and the new stretch of dates it declares. */
export interface Proposal {
  readonly before: readonly Absence[];
  /** Absences kept besides the proposed one. */
  readonly others: readonly Absence[];
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** Days already announced to the customer, exempt from the notice rule. */
  readonly announced: ReadonlySet<CalendarDate>;
  readonly today: CalendarDate;
}

interface RawBreach {
  readonly figures: string;
  readonly limit: number | null;
  readonly actual: number | null;
  readonly unit: 'week' | 'day' | null;
}

type RuleCheck = (rules: UnavailabilityRules, proposal: Proposal) => RawBreach | null;

/** An amount in the counting unit, for people: "4 calendar weeks", "24 days (3 weeks 3 days)". */
export function describeAmount(amount: number, unit: 'week' | 'day'): string {
  if (unit === 'week') return amount === 1 ? '1 calendar week' : `${amount} calendar weeks`;
  const weeks = Math.floor(amount / 7);
  const days = amount % 7;
  const parts = [
    weeks > 0 ? `${weeks} week${weeks > 1 ? 's' : ''}` : '',
    days > 0 ? `${days} day${days > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${amount} day${amount === 1 ? '' : 's'}${amount >= 7 ? ` (${parts})` : ''}`;
}

function limitIn(weeks: number, usage: UnavailabilityUsage): number {
  return usage.unit === 'week' ? weeks : weeks * 7;
}

function afterOf(proposal: Proposal): Absence[] {
  const proposed = { id: '(proposed)', start: proposal.start, end: proposal.end, declaredOn: proposal.today };
  return [...proposal.others, proposed];
}

const withinContract: RuleCheck = (rules, proposal) => {
  if (proposal.start >= rules.contractStart && proposal.end <= rules.contractEnd) return null;
  return {
    figures: `this absence runs from ${describeDate(proposal.start)} to ${describeDate(proposal.end)}, outside the contract, which runs from ${rules.contractStart} to ${rules.contractEnd} renewals included`,
    limit: null,
    actual: null,
    unit: null,
  };
};

/** The first day of each stretch of not-yet-announced days: each one is a departure needing notice. */
function newDepartures(proposal: Proposal): CalendarDate[] {
  const departures: CalendarDate[] = [];
  let previousNew = false;
  for (const day of absentDays([proposal])) {
    const isNew = !proposal.announced.has(day);
    if (isNew && !previousNew) departures.push(day);
    previousNew = isNew;
  }
  return departures;
}

const notice: RuleCheck = (rules, proposal) => {
  const late = newDepartures(proposal).find((day) => daysBetween(proposal.today, day) < rules.noticeDays);
  if (late === undefined) return null;
  const ahead = daysBetween(proposal.today, late);
  const when = ahead >= 0 ? `${ahead} day${ahead === 1 ? '' : 's'} ahead` : `${-ahead} day(s) after it`;
  return {
    figures: `declared on ${proposal.today} for a departure on ${describeDate(late)}: ${when}; the contract asks for at least ${describeAmount(rules.noticeDays, 'day')}, so it had to be declared by ${addDays(late, -rules.noticeDays)}`,
    limit: rules.noticeDays,
    actual: ahead,
    unit: 'day',
  };
};

function runWithNewDays(proposal: Proposal, run: UnavailabilityRun): boolean {
  return proposal.start <= run.end && proposal.end >= run.start;
}

const consecutive: RuleCheck = (rules, proposal) => {
  const usage = usageOf(afterOf(proposal), rules.weekCounting);
  const limit = limitIn(rules.consecutiveWeeks, usage);
  const run = usage.runs.find((candidate) => candidate.length > limit && runWithNewDays(proposal, candidate));
  if (!run) return null;
  return {
    figures: `this absence would make ${describeAmount(run.length, usage.unit)} in a row (from ${describeDate(run.start)} to ${describeDate(run.end)}); the limit is ${describeAmount(limit, usage.unit)}`,
    limit,
    actual: run.length,
    unit: usage.unit,
  };
};

const total: RuleCheck = (rules, proposal) => {
  const before = usageOf(proposal.before, rules.weekCounting);
  const after = usageOf(afterOf(proposal), rules.weekCounting);
  const limit = limitIn(rules.totalWeeks, after);
  if (after.total <= limit || after.total <= before.total) return null;
  return {
    figures: `this absence would bring the unavailability over the contract (${rules.contractStart} to ${rules.contractEnd}, renewals included) to ${describeAmount(after.total, after.unit)}; the limit is ${describeAmount(limit, after.unit)} and ${describeAmount(before.total, before.unit)} were used before it`,
    limit,
    actual: after.total,
    unit: after.unit,
  };
};

const RULE_CHECKS: ReadonlyArray<readonly [Exclude<UnavailabilityRuleId, 'history'>, RuleCheck]> = [
  ['within-contract', withinContract],
  ['notice', notice],
  ['consecutive', consecutive],
  ['total', total],
];

const CLAUSE_KEYS = {
  'within-contract': 'withinContract',
  notice: 'notice',
  consecutive: 'consecutive',
  total: 'total',
} as const;

/** The latest end keeping the start, then the earliest start keeping the end, that satisfy `check`. */
function compliantVariants(
  rules: UnavailabilityRules,
  proposal: Proposal,
  check: RuleCheck,
): { latestEnd: CalendarDate | null; earliestStart: CalendarDate | null } {
  let latestEnd: CalendarDate | null = null;
  for (let end = addDays(proposal.end, -1); end >= proposal.start; end = addDays(end, -1)) {
    if (check(rules, { ...proposal, end }) === null) {
      latestEnd = end;
      break;
    }
  }
  let earliestStart: CalendarDate | null = null;
  for (let start = addDays(proposal.start, 1); start <= proposal.end; start = addDays(start, 1)) {
    if (check(rules, { ...proposal, start }) === null) {
      earliestStart = start;
      break;
    }
  }
  return { latestEnd, earliestStart };
}

function adviceFor(
  rule: Exclude<UnavailabilityRuleId, 'history'>,
  rules: UnavailabilityRules,
  proposal: Proposal,
  check: RuleCheck,
): string[] {
  const advice: string[] = [];
  if (rule === 'notice') {
    advice.push(
      `declared today, an absence can start on ${describeDate(addDays(proposal.today, rules.noticeDays))} at the earliest: move it there or later`,
    );
  }
  const { latestEnd, earliestStart } = compliantVariants(rules, proposal, check);
  if (latestEnd !== null) advice.push(`shorten it to end by ${describeDate(latestEnd)}`);
  if (earliestStart !== null && rule !== 'notice')
    advice.push(`start it on ${describeDate(earliestStart)} or later`);
  if (advice.length === 0) {
    const used = usageOf(proposal.before, rules.weekCounting);
    const usedUp = rule === 'total' && used.total >= limitIn(rules.totalWeeks, used);
    advice.push(
      usedUp
        ? 'the allowance over the contract is used up: withdraw or shorten a future absence first'
        : rule === 'consecutive'
          ? 'leave at least one whole calendar week free between it and the neighbouring absence'
          : `keep it between ${rules.contractStart} and ${rules.contractEnd}`,
    );
  }
  return advice;
}

/** Every rule `proposal` would break, in the order a person fixes them: dates, notice, runs, total. */
export function breachesOf(rules: UnavailabilityRules, proposal: Proposal): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  for (const [rule, check] of RULE_CHECKS) {
    const raw = check(rules, proposal);
    if (raw === null) continue;
    breaches.push({
      rule,
      clause: rules.clauses[CLAUSE_KEYS[rule]],
      ...raw,
      howToComply: adviceFor(rule, rules, proposal, check),
    });
  }
  return breaches;
}
