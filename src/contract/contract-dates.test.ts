import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contractSchema } from '../inventory/schema/contract.js';
import { type ContractTerms, contractCalendar, contractStatusOn, contractTermsOf } from './contract-dates.js';
import { DEFAULT_REMINDER_LEAD_DAYS, remindersDue } from './contract-reminders.js';

/** The example inventory's contract, read through the real schema. */
function exampleTerms(): ContractTerms {
  const document = parse(
    readFileSync(new URL('../../examples/gip-paca/contract.yaml', import.meta.url), 'utf8'),
  );
  return contractTermsOf(contractSchema.parse(document.contract));
}

describe('contract dates', () => {
  it('lays out the first term and three yearly renewals of the example contract', () => {
    const terms = exampleTerms();
    expect(terms).toEqual({
      start: '2026-03-01',
      firstTermEnd: '2026-12-31',
      renewalMonths: 12,
      maxRenewals: 3,
      noticeDays: 30,
    });
    const calendar = contractCalendar(terms);
    expect(calendar.terms).toEqual([
      { index: 0, start: '2026-03-01', end: '2026-12-31', noticeDeadline: '2026-12-01' },
      { index: 1, start: '2027-01-01', end: '2027-12-31', noticeDeadline: '2027-12-01' },
      { index: 2, start: '2028-01-01', end: '2028-12-31', noticeDeadline: '2028-12-01' },
      { index: 3, start: '2029-01-01', end: '2029-12-31', noticeDeadline: null },
    ]);
    expect(calendar.overallEnd).toBe('2029-12-31');
  });

  it('keeps terms contiguous when renewals start on a month end', () => {
    const calendar = contractCalendar({
      start: '2026-01-31',
      firstTermEnd: '2027-01-30',
      renewalMonths: 1,
      maxRenewals: 2,
      noticeDays: 10,
    });
    expect(calendar.terms.map(({ start, end }) => [start, end])).toEqual([
      ['2026-01-31', '2027-01-30'],
      ['2027-01-31', '2027-02-27'],
      ['2027-02-28', '2027-03-30'],
    ]);
    expect(calendar.terms[1]?.noticeDeadline).toBe('2027-02-17');
  });

  it('says which term runs on a day, its renewal and how many days are left', () => {
    const calendar = contractCalendar(exampleTerms());
    expect(contractStatusOn(calendar, '2026-02-28')).toEqual({
      phase: 'not-started',
      startsOn: '2026-03-01',
      overallEnd: '2029-12-31',
    });
    const running = contractStatusOn(calendar, '2026-11-28');
    expect(running).toMatchObject({ phase: 'running', nextRenewal: '2027-01-01', daysToTermEnd: 33 });
    expect(running.phase === 'running' && running.term.index).toBe(0);
    expect(contractStatusOn(calendar, '2027-01-01')).toMatchObject({ phase: 'running', term: { index: 1 } });
    expect(contractStatusOn(calendar, '2029-12-31')).toMatchObject({ phase: 'running', nextRenewal: null });
    expect(contractStatusOn(calendar, '2030-01-01')).toEqual({ phase: 'ended', endedOn: '2029-12-31' });
  });

  it('refuses a notice that is not whole days and terms that make no sense', () => {
    const spec = contractSchema.parse({
      ...parse(readFileSync(new URL('../../examples/gip-paca/contract.yaml', import.meta.url), 'utf8'))
        .contract,
      renewal: { tacit: true, period: '1y', max_renewals: 3, notice: '36h' },
    });
    expect(() => contractTermsOf(spec)).toThrow(/not a whole number of days/);
    expect(() => contractCalendar({ ...exampleTerms(), firstTermEnd: '2026-02-01' })).toThrow(
      /before the start/,
    );
    expect(() => contractCalendar({ ...exampleTerms(), renewalMonths: 0 })).toThrow(/renewalMonths is 0/);
  });
});

describe('contract reminders', () => {
  const calendar = contractCalendar(exampleTerms());

  it('falls due on the right days before the first notice deadline and term end', () => {
    const dueDays = (from: string, to: string) =>
      remindersDue(calendar, { from, to }).map((reminder) => [
        reminder.dueOn,
        reminder.kind,
        reminder.daysBefore,
      ]);
    expect(dueDays('2026-03-01', '2026-12-31')).toEqual([
      ['2026-10-02', 'notice-deadline', 60],
      ['2026-11-01', 'notice-deadline', 30],
      ['2026-11-01', 'term-end', 60],
      ['2026-11-24', 'notice-deadline', 7],
      ['2026-11-30', 'notice-deadline', 1],
      ['2026-12-01', 'term-end', 30],
      ['2026-12-24', 'term-end', 7],
    ]);
    expect(dueDays('2027-01-01', '2027-01-01')).toEqual([['2027-01-01', 'renewal', 0]]);
    expect(dueDays('2026-11-02', '2026-11-23')).toEqual([]);
  });

  it('announces the end for good of the last term, with no notice deadline', () => {
    const last = remindersDue(calendar, { from: '2029-01-02', to: '2030-06-30' });
    expect(last.map((reminder) => [reminder.dueOn, reminder.kind])).toEqual([
      ['2029-10-02', 'contract-end'],
      ['2029-11-01', 'contract-end'],
      ['2029-12-01', 'contract-end'],
      ['2029-12-24', 'contract-end'],
    ]);
    expect(last[0]?.message.fr).toContain('plus de reconduction possible');
  });

  it('says in both languages what to do before the notice deadline', () => {
    const [reminder] = remindersDue(calendar, { from: '2027-11-30', to: '2027-11-30' });
    expect(reminder).toMatchObject({ kind: 'notice-deadline', eventDate: '2027-12-01', termIndex: 1 });
    expect(reminder?.message.fr).toBe(
      "Date limite de dénonciation du contrat dans 1 jour(s) (2027-12-01) : sans lettre recommandée d'ici là, il sera reconduit.",
    );
    expect(reminder?.message.en).toContain('the contract renews');
  });

  it('takes lead days as configuration, and refuses nonsense', () => {
    const custom = { ...DEFAULT_REMINDER_LEAD_DAYS, 'notice-deadline': [14, 0] };
    expect(
      remindersDue(calendar, { from: '2026-11-17', to: '2026-12-01' }, custom).map(
        (reminder) => reminder.dueOn,
      ),
    ).toEqual(['2026-11-17', '2026-12-01', '2026-12-01']);
    expect(() =>
      remindersDue(calendar, { from: '2026-11-17', to: '2026-12-01' }, { ...custom, renewal: [-1] }),
    ).toThrow(/renewal: -1 is not a whole number of days/);
  });
});
