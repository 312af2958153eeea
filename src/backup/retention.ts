/**
 * Which backups a policy keeps: the newest of each of the last N days, ISO weeks, months and years
 * (calendar buckets in the policy's time zone, as restic's `forget --keep-*` counts them), and always
 * the newest verified backup of the source, whatever the counts say, so pruning never deletes the last
 * good backup of anything.
 */

export interface RetentionCounts {
  readonly daily: number;
  readonly weekly: number;
  readonly monthly: number;
  readonly yearly: number;
}

export interface RetainedBackup {
  readonly id: string;
  /** When the backup's data was taken. */
  readonly takenAt: Date;
}

export type KeepReason = 'newest' | 'daily' | 'weekly' | 'monthly' | 'yearly';

export interface RetentionDecision<B extends RetainedBackup> {
  readonly keep: ReadonlyArray<{ readonly backup: B; readonly reasons: readonly KeepReason[] }>;
  readonly drop: readonly B[];
}

const BUCKETS: ReadonlyArray<{
  readonly reason: Exclude<KeepReason, 'newest'>;
  readonly count: keyof RetentionCounts;
}> = [
  { reason: 'daily', count: 'daily' },
  { reason: 'weekly', count: 'weekly' },
  { reason: 'monthly', count: 'monthly' },
  { reason: 'yearly', count: 'yearly' },
];

/** Splits verified backups of one source into kept (with why) and dropped. */
export function applyRetention<B extends RetainedBackup>(
  backups: readonly B[],
  counts: RetentionCounts,
  timeZone: string,
): RetentionDecision<B> {
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
  const reasons = new Map<B, KeepReason[]>();
  const note = (backup: B, reason: KeepReason): void => {
    const list = reasons.get(backup) ?? [];
    list.push(reason);
    reasons.set(backup, list);
  };
  const newest = newestFirst[0];
  if (newest !== undefined) note(newest, 'newest');
  const parts = new CalendarParts(timeZone);
  for (const { reason, count } of BUCKETS) {
    let left = counts[count];
    let lastBucket: string | undefined;
    for (const backup of newestFirst) {
      if (left <= 0) break;
      const bucket = parts.bucket(backup.takenAt, reason);
      // The newest backup of each bucket is the one kept for it.
      if (bucket === lastBucket) continue;
      lastBucket = bucket;
      note(backup, reason);
      left -= 1;
    }
  }
  return {
    keep: newestFirst
      .filter((b) => reasons.has(b))
      .map((backup) => ({ backup, reasons: reasons.get(backup) ?? [] })),
    drop: newestFirst.filter((b) => !reasons.has(b)),
  };
}

/** Calendar day, ISO week, month and year of an instant, in one time zone. */
class CalendarParts {
  readonly #format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    this.#format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  bucket(at: Date, reason: Exclude<KeepReason, 'newest'>): string {
    const [year, month, day] = this.#format.format(at).split('-').map(Number) as [number, number, number];
    if (reason === 'daily') return `${year}-${month}-${day}`;
    if (reason === 'monthly') return `${year}-${month}`;
    if (reason === 'yearly') return `${year}`;
    return isoWeek(year, month, day);
  }
}

/** ISO 8601 week of a calendar date, e.g. `2026-W48` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const firstDay = Date.UTC(weekYear, 0, 1);
  const week = Math.ceil(((date.getTime() - firstDay) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}
