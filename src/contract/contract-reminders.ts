/** Reminders before the contract's dates: the end of a term, a renewal, the notice deadline, the contract's end. */
import { AppError } from '../errors/app-error.js';
import { addDays, assertCalendarDate, type CalendarDate } from './calendar-date.js';
import type { ContractCalendar } from './contract-dates.js';

export type ContractEventKind = 'notice-deadline' | 'term-end' | 'renewal' | 'contract-end';

/** How many days before each kind of date a reminder is due; 0 is the day itself. */
export type ReminderLeadDays = Readonly<Record<ContractEventKind, readonly number[]>>;

/**
 * Defaults: the notice deadline matters most (missing it renews the contract for a year), so it
 * is announced two months ahead and again on the eve; a renewal is noted on its day.
 */
export const DEFAULT_REMINDER_LEAD_DAYS: ReminderLeadDays = Object.freeze({
  'notice-deadline': Object.freeze([60, 30, 7, 1]),
  'term-end': Object.freeze([60, 30, 7]),
  renewal: Object.freeze([0]),
  'contract-end': Object.freeze([90, 60, 30, 7]),
});

/** A reminder that falls due on `dueOn`, `daysBefore` days before the event. */
export interface ContractReminder {
  readonly kind: ContractEventKind;
  readonly eventDate: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly daysBefore: number;
  /** The term the event belongs to (the term that starts, for a renewal). */
  readonly termIndex: number;
  readonly message: { readonly fr: string; readonly en: string };
}

interface ContractEvent {
  readonly kind: ContractEventKind;
  readonly date: CalendarDate;
  readonly termIndex: number;
}

function eventsOf(calendar: ContractCalendar): ContractEvent[] {
  const events: ContractEvent[] = [];
  const lastIndex = calendar.terms.length - 1;
  for (const term of calendar.terms) {
    if (term.noticeDeadline !== null) {
      events.push({ kind: 'notice-deadline', date: term.noticeDeadline, termIndex: term.index });
    }
    if (term.index > 0) events.push({ kind: 'renewal', date: term.start, termIndex: term.index });
    const kind = term.index === lastIndex ? 'contract-end' : 'term-end';
    events.push({ kind, date: term.end, termIndex: term.index });
  }
  return events;
}

function messageOf(event: ContractEvent, daysBefore: number): ContractReminder['message'] {
  const inDays = (fr: boolean) =>
    daysBefore === 0
      ? fr
        ? "aujourd'hui"
        : 'today'
      : fr
        ? `dans ${daysBefore} jour(s)`
        : `in ${daysBefore} day(s)`;
  switch (event.kind) {
    case 'notice-deadline':
      return {
        fr: `Date limite de dénonciation du contrat ${inDays(true)} (${event.date}) : sans lettre recommandée d'ici là, il sera reconduit.`,
        en: `Notice deadline ${inDays(false)} (${event.date}): without a registered letter by then, the contract renews.`,
      };
    case 'term-end':
      return {
        fr: `Fin de la période en cours ${inDays(true)} (${event.date}).`,
        en: `The current term ends ${inDays(false)} (${event.date}).`,
      };
    case 'renewal':
      return {
        fr: `Reconduction n° ${event.termIndex} du contrat ${inDays(true)} (${event.date}).`,
        en: `Renewal no. ${event.termIndex} of the contract ${inDays(false)} (${event.date}).`,
      };
    case 'contract-end':
      return {
        fr: `Fin définitive du contrat ${inDays(true)} (${event.date}) : plus de reconduction possible.`,
        en: `The contract ends for good ${inDays(false)} (${event.date}): no renewal left.`,
      };
  }
}

function checkLeadDays(leadDays: ReminderLeadDays): void {
  for (const [kind, leads] of Object.entries(leadDays)) {
    for (const lead of leads) {
      if (!Number.isInteger(lead) || lead < 0) {
        throw new AppError(
          'BAD_INPUT',
          `reminder lead days for ${kind}: ${lead} is not a whole number of days`,
          {
            hint: 'give whole days before the date, 0 or more, e.g. [60, 30, 7]',
          },
        );
      }
    }
  }
}

/**
 * The reminders due from `from` to `to`, both included, oldest first. A daily job passes the day
 * after its last run as `from`, so a missed day is caught up and no reminder is sent twice.
 * @example remindersDue(calendar, { from: '2026-11-01', to: '2026-11-01' })
 */
export function remindersDue(
  calendar: ContractCalendar,
  range: { readonly from: CalendarDate; readonly to: CalendarDate },
  leadDays: ReminderLeadDays = DEFAULT_REMINDER_LEAD_DAYS,
): ContractReminder[] {
  assertCalendarDate(range.from, 'reminders from');
  assertCalendarDate(range.to, 'reminders to');
  checkLeadDays(leadDays);
  const due: ContractReminder[] = [];
  for (const event of eventsOf(calendar)) {
    for (const daysBefore of new Set(leadDays[event.kind])) {
      const dueOn = addDays(event.date, -daysBefore);
      if (range.from <= dueOn && dueOn <= range.to) {
        const message = messageOf(event, daysBefore);
        due.push({
          kind: event.kind,
          eventDate: event.date,
          dueOn,
          daysBefore,
          termIndex: event.termIndex,
          message,
        });
      }
    }
  }
  return due.sort((a, b) =>
    a.dueOn === b.dueOn ? a.eventDate.localeCompare(b.eventDate) : a.dueOn.localeCompare(b.dueOn),
  );
}
