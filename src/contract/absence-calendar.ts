/**
 * The referent's absences as an iCalendar feed (RFC 5545) the customer can subscribe to.
 * Written by hand: all-day events need ~60 lines, and the usual library (ical-generator) takes
 * JavaScript Dates, which would bring time zones back into calendar dates.
 */
import { AppError } from '../errors/app-error.js';
import type { Absence } from './absence-usage.js';
import { addDays, assertCalendarDate, type CalendarDate } from './calendar-date.js';

export interface AbsenceCalendarOptions {
  /** The calendar's name in the subscriber's client, e.g. "Absences du référent – GIP PACA". */
  readonly name: string;
  /** Who is away, shown in each event. */
  readonly referentName: string;
  /** A domain that makes UIDs unique worldwide, e.g. the Vigie host name. */
  readonly uidDomain: string;
  /** When the feed is produced: the DTSTAMP of every event. */
  readonly generatedAt: Date;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space,
 * and a multi-byte UTF-8 character is never cut.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    // Continuation lines spend one octet on their leading space.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function dateValue(date: CalendarDate): string {
  return date.replace(/-/g, '');
}

function utcDateTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function checkOptions(options: AbsenceCalendarOptions): void {
  if (!/^[A-Za-z0-9.-]+$/.test(options.uidDomain)) {
    throw new AppError('BAD_INPUT', `absence calendar: "${options.uidDomain}" is not a domain for UIDs`, {
      hint: 'use a host name such as vigie.example.org',
    });
  }
  if (Number.isNaN(options.generatedAt.getTime())) {
    throw new AppError('BAD_INPUT', 'absence calendar: the generation time is not a valid instant');
  }
}

function eventLines(absence: Absence, options: AbsenceCalendarOptions, stamp: string): string[] {
  assertCalendarDate(absence.start, `absence ${absence.id} start`);
  assertCalendarDate(absence.end, `absence ${absence.id} end`);
  return [
    'BEGIN:VEVENT',
    // The id is the absence's own: an edit keeps the UID, so clients update the event in place.
    `UID:${escapeText(`absence-${absence.id}@${options.uidDomain}`)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${dateValue(absence.start)}`,
    // DTEND of an all-day event is exclusive: the day after the last day away.
    `DTEND;VALUE=DATE:${dateValue(addDays(absence.end, 1))}`,
    `SUMMARY:${escapeText(`Absence : ${options.referentName}`)}`,
    `DESCRIPTION:${escapeText(`${options.referentName} est absent(e) du ${absence.start} au ${absence.end} inclus. Déclarée le ${absence.declaredOn}.`)}`,
    // The absence is the referent's, not the subscriber's: it must not block their free time.
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The VCALENDAR text of `absences`, CRLF line ends, folded, events in date order. */
export function absenceCalendar(absences: readonly Absence[], options: AbsenceCalendarOptions): string {
  checkOptions(options);
  const stamp = utcDateTime(options.generatedAt);
  const sorted = [...absences].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vigie//Absences du referent//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'X-WR-TIMEZONE:Europe/Paris',
    ...sorted.flatMap((absence) => eventLines(absence, options, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
