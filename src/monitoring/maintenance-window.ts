/**
 * Maintenance windows as values: whether one is active at an instant, which checks it covers, and
 * the intervals it covered over a period (so availability can leave them out). Checks keep running
 * during a window; only their alerts are held.
 */
import { occurrencesBetween, previousOccurrence } from './cron-schedule.js';
import type { MaintenanceScope } from './tables.js';

export interface MaintenanceWindow {
  readonly id: string;
  readonly title: string;
  readonly scope: { readonly kind: MaintenanceScope; readonly value: string };
  readonly startsAt: string;
  /** One-off: its end. Recurring: the last instant an occurrence may start, or null. */
  readonly endsAt: string | null;
  readonly cron: string | null;
  readonly durationMs: number | null;
  readonly timeZone: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
}

export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** What a window may cover: a check's id, object, host and tags. */
export interface CoveredCheck {
  readonly id: string;
  readonly object: string;
  readonly host: string | undefined;
  readonly tags: readonly string[];
}

/** The occurrence of `window` that covers `atMs` (whole, cut only by an early end), or undefined. */
export function activeOccurrence(window: MaintenanceWindow, atMs: number): Interval | undefined {
  const start = Date.parse(window.startsAt);
  const endedAt = window.endedAt === null ? Infinity : Date.parse(window.endedAt);
  let occurrence: Interval | undefined;
  if (window.cron === null || window.durationMs === null) {
    occurrence = { start, end: window.endsAt === null ? Infinity : Date.parse(window.endsAt) };
  } else {
    const at = previousOccurrence(window.cron, window.timeZone ?? 'UTC', atMs);
    const lastStart = window.endsAt === null ? Infinity : Date.parse(window.endsAt);
    if (at !== undefined && at >= start && at <= lastStart)
      occurrence = { start: at, end: at + window.durationMs };
  }
  if (occurrence === undefined) return undefined;
  const end = Math.min(occurrence.end, endedAt);
  return occurrence.start <= atMs && atMs < end ? { start: occurrence.start, end } : undefined;
}

/** Whether the window's scope names this check (by host, object, tag or check id). */
export function windowCovers(window: MaintenanceWindow, check: CoveredCheck): boolean {
  const { kind, value } = window.scope;
  switch (kind) {
    case 'host':
      return check.host === value;
    case 'object':
      return check.object === value;
    case 'tag':
      return check.tags.includes(value);
    case 'check':
      return check.id === value;
  }
}

/** The intervals of `window` overlapping [fromMs, toMs), clipped to it and to an early end. */
export function occurrences(window: MaintenanceWindow, fromMs: number, toMs: number): Interval[] {
  const start = Date.parse(window.startsAt);
  const endedAt = window.endedAt === null ? Infinity : Date.parse(window.endedAt);
  const clip = (interval: Interval): Interval | undefined => {
    const clipped = {
      start: Math.max(interval.start, fromMs),
      end: Math.min(interval.end, toMs, endedAt),
    };
    return clipped.end > clipped.start ? clipped : undefined;
  };
  if (window.cron === null || window.durationMs === null) {
    const end = window.endsAt === null ? Infinity : Date.parse(window.endsAt);
    const one = clip({ start, end });
    return one === undefined ? [] : [one];
  }
  const duration = window.durationMs;
  const lastStart = window.endsAt === null ? Infinity : Date.parse(window.endsAt);
  const zone = window.timeZone ?? 'UTC';
  const searchFrom = Math.max(start, fromMs - duration);
  return occurrencesBetween(window.cron, zone, searchFrom, toMs)
    .filter((at) => at >= start && at <= lastStart)
    .flatMap((at) => clip({ start: at, end: at + duration }) ?? []);
}
