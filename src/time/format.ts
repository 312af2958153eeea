/** Shows UTC instants in the customer's time zone (Europe/Paris by default). */

export type Locale = 'fr' | 'en';

/** Formats an ISO UTC instant for people, e.g. `28/11/2026 11:16:32` in fr / Europe/Paris. */
export function formatInstant(iso: string, timeZone: string, locale: Locale = 'fr'): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date(iso));
}
