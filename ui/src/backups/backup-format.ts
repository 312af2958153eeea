/** Small helpers of the backup pages: schedules in words, where a source's page lives, short checksums. */
import type { TFunction } from 'i18next';

const pad = (value: string) => value.padStart(2, '0');
const NUMBER = /^\d+$/;

/** `/backups/database/opendata` for `database:opendata`. */
export function sourcePath(source: string): string {
  const [kind = '', ...rest] = source.split(':');
  return `/backups/${encodeURIComponent(kind)}/${encodeURIComponent(rest.join(':'))}`;
}

/**
 * How old a backup is, or a target: hours up to three days (RPO targets are said in hours: `26 h`),
 * days beyond. `40 s`, `12 min`, `1 h 05`, `30 h`, `4 j 3 h`.
 */
export function formatAge(seconds: number, t: TFunction): string {
  if (seconds < 60) return t('backups.age.seconds', { count: Math.round(seconds) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('backups.age.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 72) {
    const rest = minutes % 60;
    return rest === 0
      ? t('backups.age.hours', { count: hours })
      : t('backups.age.hoursMinutes', { hours, minutes: pad(String(rest)) });
  }
  return t('backups.age.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** The first 12 hex digits: enough to compare by eye with `vigie backup` output. */
export function shortChecksum(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * A cron expression as people say it, for the shapes schedules take (daily, every N hours, weekly,
 * monthly); anything else stays as written, since a wrong paraphrase is worse than none.
 */
export function scheduleInWords(cron: string, t: TFunction): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return cron;
  const [minute = '', hour = '', day = '', month = '', weekday = ''] = fields;
  if (!NUMBER.test(minute) || month !== '*') return cron;
  const time = NUMBER.test(hour) ? `${pad(hour)}:${pad(minute)}` : null;
  if (time !== null && day === '*' && weekday === '*') return t('backups.schedule.daily', { time });
  if (time !== null && day === '*' && NUMBER.test(weekday)) {
    return t('backups.schedule.weekly', { time, day: t(`backups.weekday.${Number(weekday) % 7}`) });
  }
  if (time !== null && NUMBER.test(day) && weekday === '*') {
    return t('backups.schedule.monthly', { time, day });
  }
  const everyHours = /^\*\/(\d+)$/.exec(hour);
  if (everyHours !== null && day === '*' && weekday === '*') {
    return t('backups.schedule.everyHours', { count: Number(everyHours[1]), minute: pad(minute) });
  }
  if (hour === '*' && day === '*' && weekday === '*') {
    return t('backups.schedule.hourly', { minute: pad(minute) });
  }
  return cron;
}
