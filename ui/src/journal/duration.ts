/** Durations as people say them: `0,4 s`, `12 s`, `3 min 05 s`, `1 h 02 min`. */
import type { Locale } from '../api/types.js';

/** Formats `ms` for `locale`; below ten seconds one decimal is kept, since most commands are that short. */
export function formatDuration(locale: Locale, ms: number): string {
  const safe = Math.max(0, Math.round(ms));
  if (safe < 10_000) {
    const seconds = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(safe / 1000);
    return `${seconds}\u00a0s`;
  }
  const totalSeconds = Math.round(safe / 1000);
  if (totalSeconds < 60) return `${totalSeconds}\u00a0s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}\u00a0min ${pad(totalSeconds % 60)}\u00a0s`;
  return `${Math.floor(totalMinutes / 60)}\u00a0h ${pad(totalMinutes % 60)}\u00a0min`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
