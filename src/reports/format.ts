/** Numbers for readers of a report: durations and ages with the language's decimal sign. */
import type { ReportLanguage } from './strings.js';

function decimal(value: number, language: ReportLanguage, digits = 1): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value);
}

/** An age or a target: `42 min`, `26 h`, `1,5 j` / `1.5 d`. */
export function formatAge(seconds: number, language: ReportLanguage): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${decimal(seconds / 3600, language)} h`;
  return `${decimal(seconds / 86_400, language)} ${language === 'fr' ? 'j' : 'd'}`;
}

/** A measured time such as a restore: `850 ms`, `12,3 s`, `4 min 05 s`. */
export function formatElapsed(ms: number, language: ReportLanguage): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${decimal(ms / 1000, language)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
