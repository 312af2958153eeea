/** The words of a notification, in French by default or in English, the same for every channel kind. */
import { formatInstant, type Locale } from '../time/format.js';
import type { AlertEvent, AlertEventKind, AlertSeverity } from './model.js';

export interface EventBlock {
  /** `Incident ouvert : DOWN: Host03 nginx (HTTP 502)`. */
  readonly heading: string;
  /** The event's own message, then labelled facts (`Gravité : critique`...). */
  readonly lines: readonly string[];
  readonly url: string | undefined;
}

export interface RenderedMessage {
  /** Subject line or push title. */
  readonly title: string;
  /** Plain text: every block, one after the other. */
  readonly text: string;
  /** The highest severity of the events. */
  readonly severity: AlertSeverity;
  /** The kind of the events when they all share one, for icons and priorities. */
  readonly kind: AlertEventKind | 'mixed';
  readonly blocks: readonly EventBlock[];
}

const WORDS = {
  fr: {
    kinds: {
      incident_opened: 'Incident ouvert',
      incident_acknowledged: 'Incident pris en compte',
      incident_resolved: 'Incident résolu',
      incident_reminder: 'Rappel : incident toujours ouvert',
      incident_escalated: 'Escalade',
      test: 'Notification de test',
    },
    severities: { critical: 'critique', warning: 'avertissement', info: 'information' },
    severity: 'Gravité',
    object: 'Objet',
    host: 'Hôte',
    at: 'Le',
    duration: 'Durée',
    acknowledgedBy: 'Pris en compte par',
    comment: 'Commentaire',
    level: 'niveau',
    link: 'Voir',
    alerts: 'alertes',
    colon: ' : ',
  },
  en: {
    kinds: {
      incident_opened: 'Incident opened',
      incident_acknowledged: 'Incident acknowledged',
      incident_resolved: 'Incident resolved',
      incident_reminder: 'Reminder: incident still open',
      incident_escalated: 'Escalation',
      test: 'Test notification',
    },
    severities: { critical: 'critical', warning: 'warning', info: 'info' },
    severity: 'Severity',
    object: 'Object',
    host: 'Host',
    at: 'At',
    duration: 'Duration',
    acknowledgedBy: 'Acknowledged by',
    comment: 'Comment',
    level: 'level',
    link: 'Open',
    alerts: 'alerts',
    colon: ': ',
  },
} as const;

const SEVERITY_ORDER: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

/** Renders one notification carrying `events` (at least one), in `locale`, times shown in `timeZone`. */
export function renderNotification(
  events: readonly AlertEvent[],
  locale: Locale,
  timeZone: string,
): RenderedMessage {
  const first = events[0];
  if (first === undefined) throw new Error('a notification carries at least one event');
  const words = WORDS[locale];
  const blocks = events.map((event) => renderEvent(event, locale, timeZone));
  const severity = events
    .map((event) => event.severity)
    .reduce((a, b) => (SEVERITY_ORDER.indexOf(b) > SEVERITY_ORDER.indexOf(a) ? b : a));
  const kinds = new Set(events.map((event) => event.kind));
  const title =
    events.length === 1
      ? `[Vigie] ${blocks[0]?.heading ?? first.title}`
      : `[Vigie] ${events.length} ${words.alerts}${words.colon}${first.title} (+${events.length - 1})`;
  const text = blocks
    .map((block) =>
      [block.heading, ...block.lines, ...(block.url === undefined ? [] : [block.url])].join('\n'),
    )
    .join('\n\n');
  return { title, text, severity, kind: kinds.size === 1 ? first.kind : 'mixed', blocks };
}

function renderEvent(event: AlertEvent, locale: Locale, timeZone: string): EventBlock {
  const words = WORDS[locale];
  const label =
    event.kind === 'incident_escalated'
      ? `${words.kinds.incident_escalated} (${words.level} ${event.escalationLevel ?? 1})`
      : words.kinds[event.kind];
  const fact = (name: string, value: string) => `${name}${words.colon}${value}`;
  const lines = [
    ...(event.message === '' ? [] : event.message.split('\n')),
    fact(words.severity, words.severities[event.severity]),
    fact(words.object, event.subject.object),
    ...(event.subject.host === undefined ? [] : [fact(words.host, event.subject.host)]),
    fact(words.at, formatInstant(event.at, timeZone, locale)),
    ...(event.durationMs === undefined
      ? []
      : [fact(words.duration, formatDuration(event.durationMs, locale))]),
    ...(event.acknowledgedBy === undefined ? [] : [fact(words.acknowledgedBy, event.acknowledgedBy)]),
    ...(event.comment === undefined ? [] : [fact(words.comment, event.comment)]),
  ];
  return { heading: `${label}${words.colon}${event.title}`, lines, url: event.url };
}

/** `2 h 05 min`, `45 s`, `3 j 4 h` (`3 d 4 h` in English). */
export function formatDuration(ms: number, locale: Locale = 'fr'): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} ${locale === 'fr' ? 'j' : 'd'} ${hours % 24} h`;
}
