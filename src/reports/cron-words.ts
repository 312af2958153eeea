/**
 * A cron schedule in words for a reader (`0 2 * * *` → `tous les jours à 02:00`), for the common
 * shapes; any other expression is given as it is, so the words never say something the cron does not.
 */
import type { ReportLanguage } from './strings.js';

const DAYS: Readonly<Record<ReportLanguage, readonly string[]>> = {
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const NUMBER = /^\d{1,2}$/;

/** The words, or null when the expression has no simple reading (the caller shows the cron alone). */
export function cronInWords(expression: string, language: ReportLanguage): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = fields;
  if (!NUMBER.test(minute) || month !== '*') return null;
  const fr = language === 'fr';
  const at = (h: string) => `${h.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  const everyHours = /^\*\/(\d{1,2})$/.exec(hour);
  if (everyHours !== null && dayOfMonth === '*' && dayOfWeek === '*') {
    const n = Number(everyHours[1]);
    const past = Number(minute) === 0 ? '' : fr ? ` (à la minute ${minute})` : ` (at minute ${minute})`;
    if (n === 1) return (fr ? 'toutes les heures' : 'every hour') + past;
    return (fr ? `toutes les ${n} heures` : `every ${n} hours`) + past;
  }
  if (hour === '*' && dayOfMonth === '*' && dayOfWeek === '*')
    return fr ? `toutes les heures à la minute ${minute}` : `every hour at minute ${minute}`;
  if (!NUMBER.test(hour)) return null;
  if (dayOfMonth === '*' && dayOfWeek === '*')
    return fr ? `tous les jours à ${at(hour)}` : `every day at ${at(hour)}`;
  if (dayOfMonth === '*' && /^[0-7]$/.test(dayOfWeek)) {
    const day = DAYS[language][Number(dayOfWeek) % 7] ?? dayOfWeek;
    return fr ? `chaque ${day} à ${at(hour)}` : `every ${day} at ${at(hour)}`;
  }
  if (dayOfMonth === '*' && dayOfWeek === '1-5')
    return fr ? `du lundi au vendredi à ${at(hour)}` : `Monday to Friday at ${at(hour)}`;
  if (NUMBER.test(dayOfMonth) && dayOfWeek === '*')
    return fr
      ? `le ${dayOfMonth} de chaque mois à ${at(hour)}`
      : `on day ${dayOfMonth} of every month at ${at(hour)}`;
  return null;
}
