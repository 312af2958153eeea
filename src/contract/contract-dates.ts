/** The contract's calendar: its terms, renewals, notice deadlines and overall end, and the reminders they call for. */
import { AppError } from '../errors/app-error.js';
import type { ContractSpec } from '../inventory/schema/contract.js';
import { addDays, addMonths, assertCalendarDate, type CalendarDate, daysBetween } from './calendar-date.js';

/** The terms that fix the contract's dates (the inventory's `contract:` section, reduced to dates). */
export interface ContractTerms {
  readonly start: CalendarDate;
  /** Last day of the first term, included. */
  readonly firstTermEnd: CalendarDate;
  /** Length of each renewal in months (12 for `1y`). */
  readonly renewalMonths: number;
  /** How many renewals the contract allows (« dans la limite de 3 fois »). */
  readonly maxRenewals: number;
  /** Notice before a term's end to stop the renewal, in days (« 30 jours avant le terme annuel »). */
  readonly noticeDays: number;
}

/** One term of the contract: the first, or a renewal. Both dates are included. */
export interface ContractTerm {
  /** 0 for the first term, n for the n-th renewal. */
  readonly index: number;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /**
   * Last day to send the notice that stops the next renewal: `noticeDays` before the term's end.
   * Null on the last possible term, which ends the contract without any notice.
   */
  readonly noticeDeadline: CalendarDate | null;
}

/** Every term the contract may run, the first one and all the allowed renewals. */
export interface ContractCalendar {
  readonly terms: readonly ContractTerm[];
  /** The contract's last day once renewals are exhausted. */
  readonly overallEnd: CalendarDate;
}

const SECONDS_PER_DAY = 86_400;

/** Reads the dates out of the inventory's contract; the notice must be whole days. */
export function contractTermsOf(contract: ContractSpec): ContractTerms {
  const noticeDays = contract.renewal.notice / SECONDS_PER_DAY;
  if (!Number.isInteger(noticeDays)) {
    throw new AppError('INVENTORY_INVALID', 'contract.renewal.notice is not a whole number of days', {
      hint: 'a notice is counted in calendar days: write e.g. 30d',
      details: { path: ['contract', 'renewal', 'notice'] },
    });
  }
  return {
    start: contract.start,
    firstTermEnd: contract.first_term_end,
    renewalMonths: contract.renewal.period,
    maxRenewals: contract.renewal.max_renewals,
    noticeDays,
  };
}

/**
 * Lays out every term. Renewals are counted from the day after the first term, so a month-end
 * never drifts (31 December stays 31 December even after a February).
 */
export function contractCalendar(terms: ContractTerms): ContractCalendar {
  assertCalendarDate(terms.start, 'contract start');
  assertCalendarDate(terms.firstTermEnd, 'contract first_term_end');
  if (terms.firstTermEnd < terms.start) {
    throw new AppError(
      'BAD_INPUT',
      `the first term ends on ${terms.firstTermEnd}, before the start ${terms.start}`,
    );
  }
  for (const [name, value] of [
    ['renewalMonths', terms.renewalMonths],
    ['maxRenewals', terms.maxRenewals],
    ['noticeDays', terms.noticeDays],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || (name === 'renewalMonths' && value === 0)) {
      throw new AppError('BAD_INPUT', `contract terms: ${name} is ${value}`, {
        hint: `${name} must be a whole number${name === 'renewalMonths' ? ' above 0' : ', 0 or more'}`,
      });
    }
  }
  const renewalAnchor = addDays(terms.firstTermEnd, 1);
  const result: ContractTerm[] = [];
  for (let index = 0; index <= terms.maxRenewals; index += 1) {
    const start = index === 0 ? terms.start : addMonths(renewalAnchor, (index - 1) * terms.renewalMonths);
    const end =
      index === 0 ? terms.firstTermEnd : addDays(addMonths(renewalAnchor, index * terms.renewalMonths), -1);
    const isLast = index === terms.maxRenewals;
    result.push({ index, start, end, noticeDeadline: isLast ? null : addDays(end, -terms.noticeDays) });
  }
  const last = result[result.length - 1];
  return { terms: result, overallEnd: last?.end ?? terms.firstTermEnd };
}

/** Where the contract stands on a given day. */
export type ContractStatus =
  | { readonly phase: 'not-started'; readonly startsOn: CalendarDate; readonly overallEnd: CalendarDate }
  | {
      readonly phase: 'running';
      readonly term: ContractTerm;
      /** First day of the next renewal, null in the last term. */
      readonly nextRenewal: CalendarDate | null;
      readonly daysToTermEnd: number;
      readonly overallEnd: CalendarDate;
    }
  | { readonly phase: 'ended'; readonly endedOn: CalendarDate };

/** The term running on `today` (a Europe/Paris calendar date), its renewal and notice deadline. */
export function contractStatusOn(calendar: ContractCalendar, today: CalendarDate): ContractStatus {
  assertCalendarDate(today, 'today');
  const first = calendar.terms[0];
  if (first && today < first.start) {
    return { phase: 'not-started', startsOn: first.start, overallEnd: calendar.overallEnd };
  }
  const term = calendar.terms.find((candidate) => candidate.start <= today && today <= candidate.end);
  if (!term) return { phase: 'ended', endedOn: calendar.overallEnd };
  const next = calendar.terms[term.index + 1];
  return {
    phase: 'running',
    term,
    nextRenewal: next?.start ?? null,
    daysToTermEnd: daysBetween(today, term.end),
    overallEnd: calendar.overallEnd,
  };
}
