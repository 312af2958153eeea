import { describe, expect, it } from 'vitest';
import { absenceCalendar, escapeText, foldLine } from './absence-calendar.js';
import type { Absence } from './absence-usage.js';

const options = {
  name: 'Absences du référent, GIP PACA',
  referentName: 'Éloïse Martin-Dupré; astreinte\\relais',
  uidDomain: 'vigie.example.org',
  generatedAt: new Date('2027-06-01T08:30:15.123Z'),
};

const absences: Absence[] = [
  { id: 'b2', start: '2027-07-26', end: '2027-07-31', declaredOn: '2027-06-01' },
  { id: 'a1', start: '2026-12-28', end: '2027-01-01', declaredOn: '2026-11-30' },
];

/** Splits an iCalendar text into logical lines: CRLF ends, continuation lines joined (RFC 5545 §3.1). */
function unfold(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  return logical;
}

/** The property lines of each VEVENT, BEGIN and END excluded; events may not nest. */
function eventsOf(lines: readonly string[]): string[][] {
  const events: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      expect(current).toBeNull();
      current = [];
    } else if (line === 'END:VEVENT') {
      expect(current).not.toBeNull();
      events.push(current ?? []);
      current = null;
    } else current?.push(line);
  }
  expect(current).toBeNull();
  return events;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, character: string) =>
    character.toLowerCase() === 'n' ? '\n' : character,
  );
}

describe('absence calendar', () => {
  const text = absenceCalendar(absences, options);
  const lines = unfold(text);

  it('is one VCALENDAR with one all-day VEVENT per absence, in date order', () => {
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((line) => line.startsWith('PRODID:'))).toBe(true);
    const events = eventsOf(lines);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual([
      'UID:absence-a1@vigie.example.org',
      'DTSTAMP:20270601T083015Z',
      'DTSTART;VALUE=DATE:20261228',
      // Exclusive end: the absence runs to 1 January included, across the year's end.
      'DTEND;VALUE=DATE:20270102',
      'SUMMARY:Absence : Éloïse Martin-Dupré\\; astreinte\\\\relais',
      expect.stringMatching(/^DESCRIPTION:/),
      'TRANSP:TRANSPARENT',
    ]);
    expect(events[1]).toEqual(
      expect.arrayContaining([
        'DTSTART;VALUE=DATE:20270726',
        'DTEND;VALUE=DATE:20270801',
        'UID:absence-b2@vigie.example.org',
      ]),
    );
  });

  it('escapes text so it reads back the same', () => {
    const calendarName = lines
      .find((line) => line.startsWith('X-WR-CALNAME:'))
      ?.slice('X-WR-CALNAME:'.length);
    expect(calendarName).toBe('Absences du référent\\, GIP PACA');
    expect(unescapeText(calendarName ?? '')).toBe(options.name);
    const description =
      lines.find((line) => line.startsWith('DESCRIPTION:'))?.slice('DESCRIPTION:'.length) ?? '';
    expect(unescapeText(description)).toBe(
      'Éloïse Martin-Dupré; astreinte\\relais est absent(e) du 2026-12-28 au 2027-01-01 inclus. Déclarée le 2026-11-30.',
    );
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('keeps the UID of an absence whatever its dates, so an edit updates the event', () => {
    const edited = absenceCalendar([{ ...absences[1], end: '2027-01-03' } as Absence], options);
    expect(unfold(edited)).toContain('UID:absence-a1@vigie.example.org');
  });

  it('folds at 75 octets without cutting a multi-byte character', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.byteLength(parts[0] ?? '', 'utf8')).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) {
      expect(part.startsWith(' ')).toBe(true);
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    }
    expect(folded).not.toContain('\uFFFD');
    expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
    expect(foldLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('refuses a UID domain that could break the feed', () => {
    expect(() => absenceCalendar(absences, { ...options, uidDomain: 'evil\r\nBEGIN:VEVENT' })).toThrow(
      /not a domain for UIDs/,
    );
  });

  it('is an empty but valid calendar without absences', () => {
    const empty = unfold(absenceCalendar([], options));
    expect(empty.filter((line) => line.startsWith('BEGIN:'))).toEqual(['BEGIN:VCALENDAR']);
    expect(eventsOf(empty)).toEqual([]);
  });
});
