/** Small formatting helpers of the monitoring pages. */
import type { TFunction } from 'i18next';

/** `2 h 05 min`, `12 min`, `40 s`. */
export function formatDuration(ms: number, t: TFunction): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t('monitoring.duration.seconds', { count: Math.round(ms / 1000) });
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return t('monitoring.duration.days', { days, hours });
  if (hours > 0) return t('monitoring.duration.hours', { hours, minutes: String(rest).padStart(2, '0') });
  return t('monitoring.duration.minutes', { count: rest });
}

/** `99.932 %`: availability needs more digits than the usual percentage. */
export function formatAvailability(ratio: number | null, locale: string): string {
  if (ratio === null) return '—';
  const tag = locale === 'en' ? 'en-GB' : 'fr-FR';
  return new Intl.NumberFormat(tag, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  }).format(ratio);
}

/** The current month, `YYYY-MM`, in UTC like the SLA report. */
export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}
